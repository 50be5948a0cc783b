"""Error pages, in the user's language, and domain errors that escape a view."""

from flask import current_app, has_request_context, render_template, request
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, ServiceUnavailable, TooManyRequests

from marketplace import wording
from marketplace.api.errors import json_error
from marketplace.extensions import db, login_manager
from marketplace.services.errors import DomainError, Throttled, as_domain_error


class SavedButUnavailable(ServiceUnavailable):
    """The database went away after this request's change was committed: it is saved, only
    the page after it cannot be drawn (the 503 page must not say 未保存)."""

    saved = True


COMMITTED = "marketplace.committed"  # in the request's environ: this request saved a change


def _note_commit(session) -> None:
    if has_request_context() and session is db.session():
        request.environ[COMMITTED] = True


def register(app) -> None:
    if not event.contains(Session, "after_commit", _note_commit):
        event.listen(Session, "after_commit", _note_commit)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/"):
            return json_error(error)
        headers = [(k, v) for k, v in error.get_headers() if k.lower() == "retry-after"]
        return render_template("errors/error.html", error=error), error.code, headers

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        if isinstance(error, Throttled):  # 429 with the wait in words and in Retry-After
            wait = error.details.get("seconds")
            return http_error(TooManyRequests(wording.error(error), retry_after=wait))
        if request.path.startswith("/api/"):
            return {"error": error.code, "details": error.details}, 409
        return render_template("errors/domain.html", error=error), 409

    @app.errorhandler(IntegrityError)
    @app.errorhandler(StaleDataError)
    @app.errorhandler(DBAPIError)
    def lost_race(error):
        # a direct commit in a view lost to a concurrent user: said like a domain conflict
        conflict = as_domain_error(error)
        if conflict is not None:
            return domain_error(conflict)
        if isinstance(error, OperationalError):  # the database is out of reach for a moment
            current_app.logger.error("database unavailable: %s", error.orig)
            db.session.remove()
            # the page must not need the database: drawn for a visitor, not the signed-in
            # user, whom the header would load again (and fail again, a 500)
            login_manager._update_request_context_with_user()
            saved = request.method == "POST" and request.environ.get(COMMITTED)
            return http_error(SavedButUnavailable() if saved else ServiceUnavailable())
        raise error  # a real fault: the 500 page, logged with its request id

    @app.errorhandler(500)
    def server_error(error):
        try:
            db.session.rollback()
            return render_template("errors/error.html", error=None), 500
        except SQLAlchemyError:  # the database went away too: the page of a visitor, drawn
            db.session.remove()  # without it (the rollback expired the signed-in user)
            login_manager._update_request_context_with_user()
            return render_template("errors/error.html", error=None), 500
