"""The supervision dashboard's figures are kept for a minute per scope, and say so."""

import time
from datetime import UTC, datetime, timedelta

from marketplace.extensions import db
from tests.conftest import pilot


def stale(make_need, title, **fields):
    need = make_need(title=title, **fields)
    need.created_at = datetime.now(UTC) - timedelta(days=20)
    db.session.commit()
    return need


def later(monkeypatch, seconds):
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + seconds)


def test_figures_are_kept_for_a_minute_and_dated(
    app, client, login, make_user, make_need, monkeypatch
):
    stale(make_need, "第一条滞留需求")
    login(make_user("official", "xiamen"))
    first = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "第一条滞留需求" in first
    assert "数据截至" in first
    stale(make_need, "第二条滞留需求")

    later(monkeypatch, 30)
    cached = client.get("/supervision/dashboard")
    assert cached.status_code == 200
    html = cached.get_data(as_text=True)
    assert "第一条滞留需求" in html  # the kept figures render (their needs re-attached)
    assert "第二条滞留需求" not in html

    later(monkeypatch, 61)
    assert "第二条滞留需求" in client.get("/supervision/dashboard").get_data(as_text=True)


def test_each_scope_has_its_own_figures(
    app, client, login, make_user, make_need, make_organisation
):
    district = pilot("xiamen").districts[0]
    other = pilot("xiamen").districts[1]
    stale(make_need, "本区滞留需求", enterprise=make_organisation("enterprise", district=district))
    stale(make_need, "他区滞留需求", enterprise=make_organisation("enterprise", district=other))
    login(make_user("official", "xiamen"))
    city = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "本区滞留需求" in city
    assert "他区滞留需求" in city
    login(make_user("official", district=district))
    own = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "本区滞留需求" in own
    assert "他区滞留需求" not in own


def test_english_page_dates_the_figures(app, client, login, make_user):
    login(make_user("official", "xiamen"))
    html = client.get("/supervision/dashboard?lang=en").get_data(as_text=True)
    assert "Figures as of" in html


def test_figures_past_their_time_are_computed_once_while_others_show_the_last(
    app, make_need, monkeypatch
):
    from marketplace.services import supervision as sv
    from marketplace.services.supervision import figures_cache

    scope = sv.Scope(sv.Jurisdiction(pilot("xiamen").id))
    stale(make_need, "早先的滞留需求")
    _board, first_at = figures_cache.cached_dashboard(scope)
    stale(make_need, "后来的滞留需求")
    later(monkeypatch, 61)

    computed, seen_meanwhile = [], []
    real = figures_cache.dashboard

    def slow_dashboard(*args, **kwargs):
        computed.append(1)
        # another request of the same worker arrives while these figures are being computed
        seen_meanwhile.append(figures_cache.cached_dashboard(scope))
        return real(*args, **kwargs)

    monkeypatch.setattr(figures_cache, "dashboard", slow_dashboard)
    board, at = figures_cache.cached_dashboard(scope)
    assert len(computed) == 1  # the request in between did not compute them too
    meanwhile_board, meanwhile_at = seen_meanwhile[0]
    assert meanwhile_at == first_at  # it showed the last figures, with their own time
    assert board.totals["needs"] == meanwhile_board.totals["needs"] + 1
    assert at > first_at
