"""What a view does with a service call made from a submitted form: commit it, or roll back
and tell the user, in their language, why the domain refused it."""

from flask import flash

from marketplace import wording
from marketplace.extensions import db
from marketplace.services.errors import as_domain_error


def attempt(call, *args, **kwargs):
    """`call(*args, **kwargs)` committed; its result, or None after a domain error (rolled
    back, its wording flashed). The services called this way return what they made or changed."""
    try:
        result = call(*args, **kwargs)
        db.session.commit()
    except Exception as error:
        error = as_domain_error(error)
        if error is None:
            raise
        db.session.rollback()
        flash(wording.error(error), "danger")
        return None
    return result


def flash_form_errors(form) -> None:
    for field_errors in form.errors.values():
        for error in field_errors:
            flash(error, "danger")
