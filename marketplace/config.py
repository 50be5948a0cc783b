"""Every setting, documented once. Values come from here, then from instance/config.py,
then from environment variables read inside create_app (never at import time)."""

import os
from datetime import timedelta
from pathlib import Path

# The key `make run` signs demo sessions with; `make serve` refuses to start with it.
DEVELOPMENT_SECRET_KEY = "dev-only-change-me"


class DefaultConfig:
    # Session signing; instance/config.py or SECRET_KEY in the environment overrides it.
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
    # SQLite file under instance/ by default; a PostgreSQL URL switches the database.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # Folder for the Whoosh index and the vector store; defaults to instance/search.
    SEARCH_INDEX_DIR: str | None = None
    # Sentence encoder: "use-multilingual" (bundled, Chinese), "minilm" (bundled, English),
    # or the path of any sentence-transformers model directory.
    EMBEDDING_MODEL = "use-multilingual"
    # Update the search index right after each commit; tests that do not need it switch it off.
    SEARCH_AUTO_INDEX = True
    # Chinese by default, English available.
    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = {"zh": "中文", "en": "English"}
    # Chinese is the source language of every string; translations/en holds the English catalog.
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None
    WTF_I18N_ENABLED = True
    PER_PAGE = 20
    # The supervision dashboard's figures are kept this long per scope and filters, in each
    # worker's memory (services/supervision/figures_cache.py); 0 computes them every time.
    DASHBOARD_CACHE_SECONDS = 60
    # Pages drawn once and served again while no data has changed (visitors' pages shared,
    # signed-in lists per session), kept at most this long in each worker's memory
    # (marketplace/page_cache.py); 0 draws every one. Only the clock can make a kept page
    # late (a write is seen at the next request): "已等 3 天" a minute late at most.
    PAGE_CACHE_SECONDS = 60
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024  # uploads (acceptance invoices etc.)
    # Cookies: the session and the remember-me cookie are out of reach of page scripts and
    # are not sent on cross-site sub-requests; "remember me" lasts 30 days (the login form's
    # label says so). Served over HTTPS (SECURE_COOKIES=1 in the environment, or
    # PREFERRED_URL_SCHEME = "https"), both cookies are sent over HTTPS only
    # (marketplace/security.py sets SESSION_COOKIE_SECURE and REMEMBER_COOKIE_SECURE).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SECURE_COOKIES = False
    # Per-address limits (sign-in attempts, catalog searches). RATE_LIMITS_ENABLED=0 in the
    # environment lifts them: only for `make loadtest`, whose simulated users all come from
    # 127.0.0.1.
    RATE_LIMITS_ENABLED = True
    # Email (services/mail.py). Without MAIL_SERVER nobody is mailed (notifications stay
    # in-app). `make run` points it at the local catcher (scripts/dev_smtp.py, port 8025,
    # mails saved under instance/mail/). MAIL_USE_TLS: STARTTLS after connecting.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_DEFAULT_SENDER = "数转通 <noreply@localhost>"
    MAIL_TIMEOUT = 10  # seconds per SMTP connection
    # Send a request's mails once its response is out; `flask mail send` retries the rest.
    MAIL_SEND_AFTER_REQUEST = True
    # The address mails link to (the site as users reach it).
    SITE_URL = "http://127.0.0.1:5000"


ENV_SETTINGS = (
    "SECRET_KEY",
    "EMBEDDING_MODEL",
    "SEARCH_INDEX_DIR",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER",
    "SITE_URL",
)
SWITCH_SETTINGS = (
    "SECURE_COOKIES",
    "RATE_LIMITS_ENABLED",
    "MAIL_USE_TLS",
)  # 1/true/yes, anything else off


def apply_environment(config: dict) -> None:
    """Read DATABASE_URL and the few settings an operator sets from the environment."""
    if os.environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    for name in ENV_SETTINGS:
        if os.environ.get(name):
            config[name] = os.environ[name]
    for name in SWITCH_SETTINGS:
        if os.environ.get(name):
            config[name] = os.environ[name].lower() in ("1", "true", "yes")
    if os.environ.get("PREFERRED_URL_SCHEME"):
        config["PREFERRED_URL_SCHEME"] = os.environ["PREFERRED_URL_SCHEME"]
