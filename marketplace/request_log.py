"""Every request gets an id: taken from the proxy's X-Request-ID when it is sane, else made
here; it goes back in the response header, into gunicorn's access line and into the log of
any error, so one line on stdout ties a user's report to the server's trace."""

import logging
import re
import sys
import uuid

from flask import Flask, g, has_request_context, request

SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str:
    return getattr(g, "request_id", "-")


def register(app: Flask) -> None:
    @app.before_request
    def assign_request_id():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if SANE_ID.match(incoming) else uuid.uuid4().hex

    @app.after_request
    def return_request_id(response):
        response.headers["X-Request-ID"] = request_id()
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() if has_request_context() else "-"
        return True


def log_to_stdout(app: Flask) -> None:
    """Production: the app's log lines (errors with their traceback) on stdout, each with the
    request id; gunicorn writes one access line per request beside them."""
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
    )
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(logging.INFO)
