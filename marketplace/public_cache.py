"""The public pages a visitor sees (home, catalog, product pages), drawn once and served
again to every visitor until the catalog changes.

Half the traffic of a city's marketplace is people who have not signed in, all seeing the
same pages. A page is kept per (address with its query, language, catalog generation):
the generation is the newest index task id (services/index_outbox.py writes one in the
same transaction as every change to a product, a need or an organisation), so a product
approved or a provider suspended shows at the next request, on every worker. The age limit
catches what no index task marks (and the moment between a commit and the search index
applying it). Signed-in users, and visitors with a message waiting for them, get a page
drawn for them alone.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import func, select

from marketplace.extensions import db
from models import IndexTask

MAX_PAGES = 512  # per worker: about 10 MB of HTML at most


class _Pages:
    """One app's kept pages (in app.extensions, so two apps in one process never share)."""

    def __init__(self):
        self.pages: OrderedDict[tuple, tuple[float, str]] = OrderedDict()
        self.lock = threading.Lock()


def _kept() -> _Pages:
    return current_app.extensions.setdefault("public_pages", _Pages())


def render_public(draw: Callable[[], str]) -> str:
    """`draw()` for this request, or the page drawn for an earlier visitor of the same
    address, language and catalog generation."""
    seconds = current_app.config["PUBLIC_PAGE_CACHE_SECONDS"]
    if not seconds or current_user.is_authenticated or session.get("_flashes"):
        return draw()
    key = (request.full_path, str(get_locale()), catalog_generation())
    now = time.monotonic()
    kept = _kept()
    with kept.lock:
        page = kept.pages.get(key)
        if page and now - page[0] < seconds:
            kept.pages.move_to_end(key)
            return page[1]
    html = draw()
    with kept.lock:
        kept.pages[key] = (now, html)
        kept.pages.move_to_end(key)
        while len(kept.pages) > MAX_PAGES:
            kept.pages.popitem(last=False)
    return html


def catalog_generation() -> int:
    return db.session.scalar(select(func.max(IndexTask.id))) or 0


def forget_pages() -> None:
    """Drop every kept page (tests, and a worker told the data was replaced)."""
    kept = _kept()
    with kept.lock:
        kept.pages.clear()
