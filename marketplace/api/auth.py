"""Who is calling the API: a bearer token, or (for reads only) the browser session.

The blueprint is exempt from CSRF because machine clients cannot carry a form token. That
is safe only if a cookie can never authorise a write, so any method other than GET/HEAD/
OPTIONS must carry a bearer token; a cookie session alone is refused.
"""

from functools import wraps

from flask import abort, g, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from marketplace import wording
from marketplace.extensions import db
from marketplace.services import api_tokens, throttle
from marketplace.services.errors import InvalidInput

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
STAFF_ROLES = ("official", "admin")


def unauthorized(message: str) -> Unauthorized:
    challenge = WWWAuthenticate("bearer", {"realm": "shuzhuantong-api"})
    return Unauthorized(message, www_authenticate=challenge)


def authenticate() -> None:
    """before_request: set g.api_user (None when anonymous) and g.api_auth."""
    g.api_user, g.api_auth = None, None
    header = request.headers.get("Authorization", "").strip()
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise unauthorized("Authorization 头应为 Bearer <令牌>")
        user = _token_owner(raw.strip())
        db.session.commit()  # last_used_at
        g.api_user, g.api_auth = user, "token"
    elif request.method not in SAFE_METHODS:
        raise unauthorized("写操作只接受令牌认证（Authorization: Bearer <令牌>）")
    elif current_user.is_authenticated:
        g.api_user, g.api_auth = current_user._get_current_object(), "session"


def _token_owner(raw: str):
    """The token's owner. Tokens matching nothing count against the client address, which
    is refused (429, before any lookup) once it has tried too many."""
    address = request.remote_addr
    throttle.check("api_token_address", address)
    try:
        return api_tokens.owner_of_token(raw)
    except InvalidInput as error:
        db.session.rollback()
        if api_tokens.find_token(raw) is None:
            throttle.record("api_token_address", address)
            db.session.commit()
        raise unauthorized(wording.error(error)) from error


def api_user():
    return g.get("api_user")


def staff_required(view):
    """Officials and admins only: 401 without credentials, 403 for other roles."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        user = api_user()
        if user is None:
            raise unauthorized("此接口需要工信部门账号的令牌")
        if user.role not in STAFF_ROLES:
            abort(403, "此接口仅对工信部门开放")
        return view(*args, **kwargs)

    return wrapped


def enterprise_required(view):
    """Enterprise users only (their own needs): 401 without a token, 403 for other roles."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        user = api_user()
        if user is None:
            raise unauthorized(_("此接口需要企业账号的令牌"))
        if user.role != "enterprise" or user.organisation is None:
            abort(403, _("此接口仅对企业账号开放"))
        return view(*args, **kwargs)

    return wrapped
