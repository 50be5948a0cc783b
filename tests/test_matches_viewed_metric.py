"""已看匹配 is a recorded figure: it counts when the enterprise opens its own need's matches
(first time kept, later sittings counted, a reload is not one), not when an official or provider looks, and the
dashboard reads it; response times on the dashboard are said in one unit."""

from datetime import UTC, datetime, timedelta

from marketplace.extensions import db
from marketplace.services import supervision as sv
from models import NeedMatchView
from tests.conftest import first_user, pilot


def test_opening_the_matches_of_its_need_is_recorded_and_counted(
    every_page_drawn, client, login, make_user, make_organisation, make_product, make_need
):
    enterprise = make_organisation("enterprise")
    make_product()
    need = make_need(enterprise=enterprise)
    unopened = make_need(enterprise=enterprise, title="没打开过匹配的需求")
    login(make_user("official", district=enterprise.district))
    assert client.get(f"/needs/{need.id}").status_code == 200
    assert db.session.get(NeedMatchView, need.id) is None  # an official's look is not it

    login(first_user(enterprise))
    client.get(f"/needs/{need.id}")
    first = db.session.get(NeedMatchView, need.id)
    assert first.view_count == 1
    seen_first = first.first_viewed_at
    client.get(f"/needs/{need.id}")  # a reload is the same sitting: nothing written
    db.session.refresh(first)
    assert (first.view_count, first.last_viewed_at) == (1, seen_first)
    first.last_viewed_at = seen_first - timedelta(minutes=31)  # back after a break
    db.session.commit()
    client.get(f"/needs/{need.id}")
    db.session.refresh(first)
    assert first.view_count == 2
    assert first.first_viewed_at == seen_first
    assert first.last_viewed_at > seen_first
    assert db.session.get(NeedMatchView, unopened.id) is None

    board = sv.dashboard(sv.Scope(sv.Jurisdiction(pilot("xiamen").id)))
    assert (board.totals["needs"], board.totals["needs_viewed"]) == (2, 1)


def test_a_quote_asked_from_a_product_page_is_not_a_matches_view(
    app, make_organisation, make_need, make_quote_request
):
    need = make_need()
    make_quote_request(need, make_organisation("provider"))
    board = sv.dashboard(sv.Scope(sv.Jurisdiction(pilot("xiamen").id)))
    assert (board.totals["requests"], board.totals["needs_viewed"]) == (1, 0)


def test_dashboard_shows_the_figure_and_response_times_in_one_unit(
    client, login, make_user, make_organisation, make_need, make_quote_request, make_quote
):
    xiamen = pilot("xiamen")
    now = datetime.now(UTC)
    # one sub-industry answers in 10 hours, another in 100: the overall median is 55 hours
    for sub, hours in ((xiamen.sub_industries[0], 10), (xiamen.sub_industries[1], 100)):
        need = make_need(enterprise=make_organisation("enterprise", sub_industry=sub))
        request = make_quote_request(need, make_organisation("provider"))
        request.created_at = now - timedelta(days=10)
        quote = make_quote(request)
        quote.submitted_at = request.created_at + timedelta(hours=hours)
        db.session.commit()
    login(make_user("official", "xiamen"))
    html = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "首报中位（天）" in html
    assert "首报中位（小时）" not in html
    assert "2.3<small>天</small>" in html  # 55 h overall
    assert '<td class="num">0.4</td>' in html  # 10 h, said in days like the rest
    assert '<td class="num">4.2</td>' in html
    assert "<small>小时</small>" not in html
    assert "企业已打开匹配结果" in html
    # the two pages say what each is for and point to each other
    assert "/supervision/activity" in html
    activity = client.get("/supervision/activity").get_data(as_text=True)
    assert "/supervision/dashboard" in activity
