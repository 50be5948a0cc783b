"""Error pages, in the user's language, and domain errors that escape a view."""

from flask import current_app, render_template, request
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, ServiceUnavailable, TooManyRequests

from marketplace import wording
from marketplace.api.errors import json_error
from marketplace.extensions import db
from marketplace.services.errors import DomainError, Throttled, as_domain_error


def register(app) -> None:
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
            return http_error(ServiceUnavailable())
        raise error  # a real fault: the 500 page, logged with its request id

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("errors/error.html", error=None), 500
