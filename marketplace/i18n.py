"""Which language a request is served in: the request's own ?lang=, else the user's choice,
else Chinese."""

from flask import current_app, request, session
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if request.args.get("lang") in languages:  # asked for in this request: the API's way
        return request.args["lang"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]
