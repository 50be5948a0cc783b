"""Route-level role checks and object checks that end in 403/404."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from marketplace.extensions import db


def role_required(*roles: str):
    """Logged in and holding one of `roles`.

    Admins pass wherever officials do (they supervise every city) but do not act for an
    enterprise or a provider: those pages need an organisation.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            admin_as_official = current_user.role == "admin" and "official" in roles
            if current_user.role not in roles and not admin_as_official:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def get_or_404(model, object_id: int):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def get_visible_or_404(model, object_id: int, check: str = "can_view"):
    """The object if the current user may see it; 404 otherwise, so ids do not leak."""
    obj = get_or_404(model, object_id)
    if not getattr(obj, check)(current_user):
        abort(404)
    return obj
