"""Browser-side protections: the security headers every response carries, the cookie flags
that follow from serving over HTTPS, and renewing the session when someone signs in."""

from flask import Flask, Response, current_app, g, session
from flask_login import login_user
from flask_wtf.csrf import generate_csrf

# No inline script anywhere (templates load static files, wired with data-* attributes;
# tests/test_security_headers.py scans templates/ for it). Inline *styles* stay allowed:
# templates use style="" attributes (bar widths on the dashboard, spacing) and Swagger UI on
# /api/v1/docs sets styles on its elements; its icons are data: SVGs, hence img-src data:.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

# What survives the renewal of the session at sign-in: the language chosen before it.
KEPT_ACROSS_SIGN_IN = ("locale",)


def register(app: Flask) -> None:
    if app.config["SECURE_COOKIES"] or app.config.get("PREFERRED_URL_SCHEME") == "https":
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        # setdefault: a view that needs a different policy for its one page sets it itself
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def start_session(user, remember: bool = False) -> None:
    """Sign `user` in on a fresh session: whatever the browser carried before (a session id
    planted by someone else, the old CSRF token) is dropped, and a new CSRF token is made."""
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
    login_user(user, remember=remember)
    g.pop(
        current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None
    )  # the request's cached copy
    generate_csrf()
