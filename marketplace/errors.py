"""Error pages, in the user's language, and domain errors that escape a view."""

from flask import render_template, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

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
    def lost_race(error):
        # a direct commit in a view lost to a concurrent user: said like a domain conflict
        return domain_error(as_domain_error(error))

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("errors/error.html", error=None), 500
