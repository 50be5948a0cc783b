"""数转通: the Flask application factory."""

import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event

from marketplace.config import DefaultConfig, apply_environment


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(Path(__file__).resolve().parent.parent / "templates"),
    )
    configure(app, test_config)
    register_extensions(app)
    register_converters(app)
    register_request_ids(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_errors(app)
    register_security(app)
    register_cli(app)
    register_session_hooks(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(DefaultConfig)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        apply_environment(app.config)
    else:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        db_file = Path(app.instance_path) / "shuzhuantong.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_file}"
    if not app.config.get("SEARCH_INDEX_DIR"):
        app.config["SEARCH_INDEX_DIR"] = str(Path(app.instance_path) / "search")


def _sqlite_for_many_users(dbapi_connection, connection_record) -> None:
    """Write-ahead logging: readers never wait for a writer and a commit is one fsync, so
    several workers share one SQLite file (PostgreSQL is the production database; SQLite
    serves the demo and small pilots). Lock waits up to 15 s before "database is locked"."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def register_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext

    from marketplace.data_generation import watch
    from marketplace.extensions import babel, csrf, db, login_manager
    from marketplace.i18n import install_template_gettext, select_locale

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_for_many_users)
        watch(db.engine)  # kept pages follow every committed write
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "warning"
    login_manager.login_message = lazy_gettext("请先登录")
    login_manager.localize_callback = str  # resolve the lazy string in the request's language

    @login_manager.user_loader
    def load_user(user_id: str):
        from models import User

        user = db.session.get(User, int(user_id))
        # a session (or remember cookie) opened before the account was disabled ends now
        return user if user is not None and user.is_enabled else None


def register_request_ids(app: Flask) -> None:
    from marketplace.request_log import register

    register(app)


def register_converters(app: Flask) -> None:
    from marketplace.routing import register_converters

    register_converters(app)


def register_blueprints(app: Flask) -> None:
    from marketplace.acceptance.views import bp as acceptance_bp
    from marketplace.accounts.views import bp as accounts_bp
    from marketplace.admission.views import bp as admission_bp
    from marketplace.api.spec import register as register_api
    from marketplace.assessment.views import bp as assessment_bp
    from marketplace.auth.views import bp as auth_bp
    from marketplace.catalog.views import bp as catalog_bp
    from marketplace.enterprise_file.views import bp as enterprise_file_bp
    from marketplace.experts.views import bp as experts_bp
    from marketplace.health import bp as health_bp
    from marketplace.main import bp as main_bp
    from marketplace.messages.views import bp as messages_bp
    from marketplace.needs.views import bp as needs_bp
    from marketplace.notifications.views import bp as notifications_bp
    from marketplace.policies.views import bp as policies_bp
    from marketplace.projects.views import bp as projects_bp
    from marketplace.quotes.views import bp as quotes_bp
    from marketplace.selection.views import bp as selection_bp
    from marketplace.supervision.views import bp as supervision_bp
    from marketplace.supply.views import bp as supply_bp

    answerable = _answerable_blueprints()
    for bp in (
        health_bp,
        main_bp,
        auth_bp,
        catalog_bp,
        needs_bp,
        quotes_bp,
        projects_bp,
        acceptance_bp,
        assessment_bp,
        enterprise_file_bp,
        policies_bp,
        supervision_bp,
        accounts_bp,
        notifications_bp,
        messages_bp,
        admission_bp,
        supply_bp,
        experts_bp,
        selection_bp,
        *answerable,
    ):
        app.register_blueprint(bp)
    register_api(app)


def _answerable_blueprints() -> tuple:
    """Ratings, complaints and the blacklist (providers answerable for their work)."""
    from marketplace.blacklist.views import bp as blacklist_bp
    from marketplace.complaints.views import bp as complaints_bp
    from marketplace.evaluation.views import bp as evaluation_bp
    from marketplace.ratings.views import bp as ratings_bp

    return ratings_bp, complaints_bp, blacklist_bp, evaluation_bp


def register_template_helpers(app: Flask) -> None:
    from marketplace.template_helpers import register

    register(app)


def register_errors(app: Flask) -> None:
    from marketplace.errors import register

    register(app)


def register_security(app: Flask) -> None:
    from marketplace.security import register

    register(app)


def register_cli(app: Flask) -> None:
    from marketplace.cli import register

    register(app)


def register_session_hooks(app: Flask) -> None:
    """What follows a commit or a rollback: the search index, uploaded files, and mails."""
    from marketplace.services.attachments import register_upload_cleanup
    from marketplace.services.indexing import register_after_commit
    from marketplace.services.mail import register_mail_after_commit

    register_after_commit(app)
    register_upload_cleanup(app)
    register_mail_after_commit(app)
