"""Pages drawn once and served again while nothing they show has changed.

A page is kept per (who, address with its query, language, data generation). The data
generation (marketplace/data_generation.py) grows in the same transaction as every committed
write, on every worker and host, so a kept page is served only while no data has changed
since it was drawn: an approval, a new quote or a notification shows at the next request.
The age limit (PAGE_CACHE_SECONDS) bounds what no write marks: the clock ("已等 3 天",
deadlines passing). Each page's own limit falls between LIFETIME_SPREAD and all of it, so
pages drawn together (a morning's first visits) do not all fall due in the same second; and
a page past its limit is drawn again by one thread while the worker's others go on serving
it, since it is late only by the clock, never by the data: a changed generation is another
key, with nothing to serve until it is drawn.

- Visitors (render_public): half the traffic of a city's marketplace is people who have not
  signed in, all seeing the same home, catalog and product pages; they share them.
- Signed-in users (render_private): each session keeps its own pages (its CSRF token is in
  their forms), for the lists and dashboards people reload and step back to all day.
A request with a message waiting (a flash) always gets a page drawn for it. Side effects of
a view (recording what was shown) run before or after, never inside, the kept part: what a
kept page shows was recorded when it was drawn, within the impression window.
"""

import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import after_this_request, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from marketplace.data_generation import data_generation

MAX_PAGES = 1024  # per worker: about 30 MB of HTML at most
LIFETIME_SPREAD = 0.5  # a kept page lives between this share of PAGE_CACHE_SECONDS and all of it


class _Pages:
    """One app's kept pages (in app.extensions, so two apps in one process never share)."""

    def __init__(self):
        self.pages: OrderedDict[tuple, tuple[float, str]] = OrderedDict()  # key → (due, html)
        self.drawing: set[tuple] = set()  # keys past due that one thread is drawing again
        self.lock = threading.Lock()


def _kept() -> _Pages:
    return current_app.extensions.setdefault("kept_pages", _Pages())


def render_public(draw: Callable[[], str]) -> str:
    """`draw()` for this visitor, or the page drawn for an earlier visitor of the same
    address and language while the data is unchanged. Signed-in users get their own."""
    if current_user.is_authenticated:
        return draw()
    return _render(("visitor",), draw)


def render_private(draw: Callable[[], str]) -> str:
    """`draw()` for this signed-in session, or the page this session was shown at the same
    address while the data is unchanged."""
    if not current_user.is_authenticated:
        return draw()
    generate_csrf()  # the session's token exists before the key names it
    return _render(("user", current_user.id, session.get("csrf_token")), draw)


def _render(who: tuple, draw: Callable[[], str]) -> str:
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    if not seconds or session.get("_flashes"):
        return draw()
    key = (*who, request.full_path, str(get_locale()), data_generation())
    now = time.monotonic()
    kept = _kept()
    with kept.lock:
        page = kept.pages.get(key)
        if page and (now < page[0] or key in kept.drawing):
            kept.pages.move_to_end(key)
            _say("kept")
            return page[1]
        if page:
            kept.drawing.add(key)  # this thread draws it again; the others serve it meanwhile
    try:
        html = draw()
    finally:
        if page:
            with kept.lock:
                kept.drawing.discard(key)
    _say("drawn")
    if session.get("_flashes"):  # the page carries a message for this request alone
        return html
    due = now + seconds * random.uniform(LIFETIME_SPREAD, 1.0)
    with kept.lock:
        kept.pages[key] = (due, html)
        kept.pages.move_to_end(key)
        while len(kept.pages) > MAX_PAGES:
            kept.pages.popitem(last=False)
    return html


def _say(state: str) -> None:
    """X-Page-Cache: kept or drawn, in the response and gunicorn's access line, so a
    benchmark (or an operator) can tell which pages are served again and which are not."""

    @after_this_request
    def header(response):
        response.headers["X-Page-Cache"] = state
        return response
