"""Serving a real city: the app as gunicorn builds it, and the settings it refuses to start
without. `make serve` and gunicorn.conf.py call this; `make run` (the demo) does not."""

import sys

from flask import Flask

from marketplace import create_app
from marketplace.config import DEVELOPMENT_SECRET_KEY
from marketplace.request_log import log_to_stdout


def unsafe_setting(config) -> str | None:
    """The one line saying why these settings must not serve the public, or None."""
    key = config.get("SECRET_KEY")
    if not key or key == DEVELOPMENT_SECRET_KEY:
        return (
            "SECRET_KEY is not set (or is the development default): set SECRET_KEY in the "
            "environment or in instance/config.py to a long random value before serving."
        )
    if config.get("DEBUG"):
        return "DEBUG is on: production serving runs with debug off."
    return None


def refuse_unsafe_start(app: Flask | None = None) -> Flask:
    """The production app; exits 1 with one line on stderr when its settings are unsafe."""
    app = app or create_app()
    problem = unsafe_setting(app.config)
    if problem:
        print(problem, file=sys.stderr)
        raise SystemExit(1)
    log_to_stdout(app)
    return app


def create_production_app() -> Flask:
    """gunicorn's entry point: `marketplace.production:create_production_app()`."""
    return refuse_unsafe_start()
