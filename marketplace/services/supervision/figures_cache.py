"""The supervision dashboard's figures, kept for a minute per scope and filters.

In process memory, on purpose: the figures are aggregates (no one's private data beyond what
the scope already shows), each worker keeps its own copy for at most TTL_SECONDS, so two
workers may differ by a minute, which the page says ("figures as of HH:MM"); a shared store
would buy nothing a minute-old count needs. Per app
(current_app.extensions), so each test's app starts empty. The models in the figures (stale needs, slow
providers, overdue projects) are merged into the asking request's session, never shared.
"""

import threading
import time
from dataclasses import fields, is_dataclass, replace
from datetime import UTC, datetime

from flask import current_app

from marketplace.extensions import db
from marketplace.services.supervision.dashboard import Dashboard, dashboard
from marketplace.services.supervision.scope import Scope
from models import Base

_LOCK = threading.Lock()


def cached_dashboard(scope: Scope, **filters) -> tuple[Dashboard, datetime]:
    """(figures, when they were computed, tz-aware UTC) for the scope and filters. Figures
    past their time are computed again by one request while the worker's others go on
    showing them, with their time: a minute-old count said as such, not eight threads
    computing the same one at once."""
    ttl = current_app.config["DASHBOARD_CACHE_SECONDS"]
    cache = current_app.extensions.setdefault("dashboard_figures", {})
    computing = current_app.extensions.setdefault("dashboard_computing", set())
    key = (scope.pilot_id, scope.district_id, tuple(sorted(filters.items())))
    now = time.monotonic()
    with _LOCK:
        hit = cache.get(key)
        fresh = hit is not None and (now - hit[0] < ttl or key in computing)
        if hit is not None and not fresh:
            computing.add(key)
    if fresh:
        return _attached(hit[2]), hit[1]
    try:
        board = dashboard(scope, **filters)
    finally:
        with _LOCK:
            computing.discard(key)
    hit = (now, datetime.now(UTC), board)
    with _LOCK:
        for old in [k for k, (at, _, _) in cache.items() if now - at >= ttl and k != key]:
            if old not in computing:
                del cache[old]
        if ttl > 0:
            cache[key] = hit
    return board, hit[1]


def _attached(value):
    """A copy of the cached value whose models belong to this request's session."""
    if isinstance(value, Base):
        return db.session.merge(value, load=False)
    if isinstance(value, list):
        return [_attached(v) for v in value]
    if type(value) is tuple:
        return tuple(_attached(v) for v in value)
    if isinstance(value, dict):
        return {k: _attached(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _attached(getattr(value, f.name)) for f in fields(value)})
    return value
