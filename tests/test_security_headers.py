"""Browser-side protections: security headers on every kind of response, a script policy
with no inline script (and templates that need none), cookie flags, and a new session and
CSRF token at sign-in."""

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from marketplace import create_app
from marketplace.extensions import db
from tests.conftest import PASSWORD

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

EXPECTED_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
EXPECTED_CSP = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def csp(response) -> dict[str, set[str]]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/account/login", 200),
        ("/no-such-page", 404),
        ("/api/v1/pilots", 200),
        ("/api/v1/no-such-endpoint", 404),
        ("/static/js/page-actions.js", 200),
        ("/api/v1/docs", 200),
        ("/api/v1/docs/assets/swagger-ui-bundle.js", 200),
    ],
)
def test_every_response_carries_the_security_headers(client, url, status):
    response = client.get(url)
    response.close()  # static files are streamed from an open file
    assert response.status_code == status
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value, name
    directives = csp(response)
    for name, sources in EXPECTED_CSP.items():
        assert directives[name] == sources, name
    assert directives["style-src"] <= {"'self'", "'unsafe-inline'"}


def test_script_policy_allows_no_inline_script_or_eval(client):
    script_src = csp(client.get("/"))["script-src"]
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src


INLINE_SCRIPT = [
    ("a <script> without src", re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)),
    ("an on* handler attribute", re.compile(r"(?<![\w-])on[a-z]+\s*=", re.IGNORECASE)),
    ("a javascript: URL", re.compile(r"javascript:", re.IGNORECASE)),
]


def test_no_template_holds_inline_script():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE_SCRIPT:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert found == []


def test_the_scan_catches_what_it_looks_for():
    samples = ["<script>alert(1)</script>", '<button onclick="x()">', '<a href="javascript:x()">']
    for (what, pattern), sample in zip(INLINE_SCRIPT, samples, strict=True):
        assert pattern.search(sample), what
    assert not INLINE_SCRIPT[0][1].search('<script src="/static/js/a.js" defer></script>')
    assert not INLINE_SCRIPT[1][1].search('<div data-action="print" class="button">')


def set_cookies(response) -> dict[str, str]:
    """name → the whole Set-Cookie line for each cookie the response sets."""
    return {line.split("=", 1)[0]: line for line in response.headers.getlist("Set-Cookie")}


def attributes(cookie_line: str) -> dict[str, str]:
    parts = [part.strip() for part in cookie_line.split(";")[1:]]
    return {p.split("=", 1)[0].lower(): (p.split("=", 1)[1] if "=" in p else "") for p in parts}


def sign_in(client, user, remember=False, token=None):
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    if token:
        data["csrf_token"] = token
    return client.post("/account/login", data=data)


def test_session_cookie_is_http_only_and_same_site_lax_not_secure_over_http(client, make_user):
    response = sign_in(client, make_user("enterprise"))
    assert response.status_code == 302
    flags = attributes(set_cookies(response)["session"])
    assert "httponly" in flags
    assert flags["samesite"] == "Lax"
    assert "secure" not in flags


@pytest.mark.parametrize("setting", [{"SECURE_COOKIES": True}, {"PREFERRED_URL_SCHEME": "https"}])
def test_cookies_are_secure_when_the_site_is_served_over_https(app, make_user, setting):
    user = make_user("enterprise")
    secure_app = create_app({**app.config, **setting})
    response = sign_in(secure_app.test_client(), user, remember=True)
    with secure_app.app_context():  # its own engine: close its connections (PostgreSQL)
        db.engine.dispose()
    assert response.status_code == 302
    cookies = set_cookies(response)
    for name in ("session", "remember_token"):
        flags = attributes(cookies[name])
        assert "secure" in flags, name
        assert "httponly" in flags, name
        assert flags["samesite"] == "Lax", name


def test_remember_me_cookie_lasts_thirty_days(client, make_user):
    response = sign_in(client, make_user("enterprise"), remember=True)
    flags = attributes(set_cookies(response)["remember_token"])
    expires = parsedate_to_datetime(flags["expires"])
    expected = datetime.now(UTC) + timedelta(days=30)
    assert abs(expires - expected) < timedelta(minutes=5)
    assert "httponly" in flags
    assert flags["samesite"] == "Lax"


def test_login_form_promises_the_same_thirty_days(client):
    assert "记住我（30天内免登录）" in client.get("/account/login").get_data(as_text=True)


@pytest.fixture
def csrf_app(app):
    """The suite's app with CSRF checks on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


def page_token(response) -> str:
    html = response.get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_signing_in_renews_the_session_and_the_csrf_token(csrf_app, make_user):
    user = make_user("enterprise")
    client = csrf_app.test_client()
    client.get("/lang/en")  # a choice made before signing in survives it
    before_page = client.get("/account/login")
    old_token = page_token(before_page)
    old_cookie = client.get_cookie("session").value
    with client.session_transaction() as session:
        old_raw_token = session["csrf_token"]

    response = sign_in(client, user, token=old_token)
    assert response.status_code == 302

    new_cookie = client.get_cookie("session").value
    assert new_cookie != old_cookie
    with client.session_transaction() as session:
        assert session["csrf_token"] != old_raw_token
        assert session["_user_id"] == str(user.id)
        assert session["locale"] == "en"
    # the token of the page before sign-in no longer works; the new page's token does
    assert client.post("/account/logout", data={"csrf_token": old_token}).status_code == 400
    new_token = page_token(client.get("/account/profile"))
    assert client.post("/account/logout", data={"csrf_token": new_token}).status_code == 302
