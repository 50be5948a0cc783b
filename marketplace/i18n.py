"""Which language a request is served in: the request's own ?lang=, else the user's choice,
else Chinese."""

from flask import current_app, g, request, session
from flask_babel import get_translations
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


def request_translations():
    """The catalogue of the request's language, looked up once per request.

    Flask-Babel finds it again on every `_()` a template calls (nine context lookups each,
    about a tenth of a page's time); this keeps it where Flask-Babel keeps its own per-request
    state (`babel_translations`, which its refresh() and force_locale() clear and reset)."""
    state = g.get("_flask_babel")
    translations = getattr(state, "babel_translations", None)
    if translations is None:
        translations = get_translations()
        if state is not None:
            state.babel_translations = translations
    return translations


def install_template_gettext(app) -> None:
    """Templates' _(), ngettext(), pgettext() through request_translations()."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
    )
