"""Error pages, in the user's language, and domain errors that escape a view."""

from flask import current_app, render_template, request
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from marketplace.api.errors import json_error
from marketplace.extensions import db
from marketplace.services.errors import DomainError, as_domain_error


def register(app) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/"):
            return json_error(error)
        return render_template("errors/error.html", error=error), error.code

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
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
