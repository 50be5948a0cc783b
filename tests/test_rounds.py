"""Rounds (批次): city-level officials open them, one window at a time per city; the round
open today is the one whose window holds today; pages for officials only."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services import rounds
from marketplace.services.errors import InvalidInput, NotAllowed
from models import PilotRound
from tests.admission_chain import walk
from tests.conftest import pilot
from tests.test_i18n import switch_language

TODAY = date.today()


def data(name="2025年第2批", opens=-10, closes=20, filing=60, acceptance=200):
    return rounds.RoundData(
        name=name,
        opens_on=TODAY + timedelta(days=opens),
        closes_on=TODAY + timedelta(days=closes),
        filing_deadline=TODAY + timedelta(days=filing),
        acceptance_deadline=TODAY + timedelta(days=acceptance),
    )


def round_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PilotRound))


def test_city_official_opens_a_round_and_it_is_the_open_one(app, make_user):
    official = make_user("official", "fuzhou")
    made = rounds.create_round(pilot("fuzhou"), official, data())
    db.session.commit()
    assert rounds.open_round(pilot("fuzhou").id) == made
    assert rounds.open_round(pilot("xiamen").id) is None  # another city has none
    assert rounds.open_round(pilot("fuzhou").id, TODAY + timedelta(days=21)) is None
    assert made.created_by_id == official.id


def test_between_two_windows_the_current_round_is_the_latest_opened(app, make_user):
    official = make_user("official", "zhuhai")
    first = rounds.create_round(pilot("zhuhai"), official, data("第1批", -90, -30, 30, 200))
    second = rounds.create_round(pilot("zhuhai"), official, data("第2批", 10, 40, 100, 300))
    city = pilot("zhuhai").id
    assert rounds.open_round(city) is None
    assert rounds.current_round(city) == first
    assert rounds.current_round(city, TODAY + timedelta(days=15)) == second
    assert rounds.current_round(city, TODAY - timedelta(days=100)) is None


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"name": "  "}, "round_name_required"),
        ({"opens": 5, "closes": 1}, "round_dates_order"),
        ({"closes": 70, "filing": 60}, "round_dates_order"),
        ({"filing": 300, "acceptance": 200}, "round_dates_order"),
    ],
)
def test_a_round_with_bad_dates_or_no_name_is_refused(app, make_user, kwargs, code):
    official = make_user("official", "xiamen")
    with pytest.raises(InvalidInput) as refused:
        rounds.create_round(pilot("xiamen"), official, data(**kwargs))
    assert refused.value.code == code
    db.session.rollback()
    assert round_count() == 0


def test_overlapping_windows_and_a_repeated_name_are_refused(app, make_user):
    official = make_user("official", "xiamen")
    rounds.create_round(pilot("xiamen"), official, data("第1批", -10, 20))
    with pytest.raises(InvalidInput, match="round_overlaps"):
        rounds.create_round(pilot("xiamen"), official, data("第2批", 20, 50))
    with pytest.raises(InvalidInput, match="round_name_taken"):
        rounds.create_round(pilot("xiamen"), official, data("第1批", 30, 50))
    # the window may start the day after the last one closes
    rounds.create_round(pilot("xiamen"), official, data("第2批", 21, 50))
    assert round_count() == 2


def test_district_officials_and_other_cities_may_not_set_rounds(app, make_user):
    district = make_user("official", "xiamen", district=pilot("xiamen").districts[0])
    other_city = make_user("official", "zhuhai")
    for actor in (district, other_city):
        with pytest.raises(NotAllowed, match="not_round_manager"):
            rounds.create_round(pilot("xiamen"), actor, data())
    made = rounds.create_round(pilot("xiamen"), make_user("official", "xiamen"), data())
    with pytest.raises(NotAllowed):
        rounds.update_round(made, other_city, data("改名"))
    assert made.name == "2025年第2批"


def test_an_admin_opens_a_round_for_any_city(app, make_user):
    admin = make_user("admin")
    made = rounds.create_round(pilot("hohhot"), admin, data())
    assert made.pilot.code == "hohhot"


def test_officials_create_and_edit_rounds_through_the_pages(app, client, login, make_user):
    login(make_user("official", "fuzhou"))
    response = client.post(
        "/admission/rounds/new",
        data={
            "name": "2025年第2批",
            "opens_on": (TODAY - timedelta(days=3)).isoformat(),
            "closes_on": (TODAY + timedelta(days=27)).isoformat(),
            "filing_deadline": (TODAY + timedelta(days=90)).isoformat(),
            "acceptance_deadline": (TODAY + timedelta(days=270)).isoformat(),
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "批次已创建" in page
    assert "2025年第2批" in page
    assert "申报中" in page
    made = db.session.scalar(select(PilotRound))
    response = client.post(
        f"/admission/rounds/{made.id}/edit",
        data={
            "name": "2025年第2批",
            "opens_on": (TODAY - timedelta(days=3)).isoformat(),
            "closes_on": (TODAY - timedelta(days=5)).isoformat(),
            "filing_deadline": (TODAY + timedelta(days=90)).isoformat(),
            "acceptance_deadline": (TODAY + timedelta(days=270)).isoformat(),
        },
        follow_redirects=True,
    )
    assert "日期须依次为：申报开始 ≤ 申报截止 ≤ 立项截止 ≤ 验收截止" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert made.closes_on == TODAY + timedelta(days=27)  # the refused edit changed nothing


@pytest.mark.parametrize(
    ("role", "district", "path", "status"),
    [
        ("enterprise", False, "/admission/rounds", 403),
        ("provider", False, "/admission/rounds/new", 403),
        ("official", True, "/admission/rounds", 200),
        ("official", True, "/admission/rounds/new", 403),
        ("official", False, "/admission/rounds/new", 200),
        ("admin", False, "/admission/rounds/new", 200),
    ],
)
def test_who_may_open_the_round_pages(app, client, login, make_user, role, district, path, status):
    place = {"district": pilot("xiamen").districts[1]} if district else {}
    login(make_user(role, "xiamen", **place))
    assert client.get(path).status_code == status


def test_the_english_rounds_page_is_in_english(app, client, login, make_user):
    login(make_user("official", "xiamen"))
    switch_language(client, "en")
    page = client.get("/admission/rounds").get_data(as_text=True)
    assert "Rounds" in page
    assert "No rounds yet" in page


def test_the_dashboard_shows_the_current_round_its_deadlines_and_the_steps(
    app, client, login, make_user, make_organisation
):
    official = make_user("official", "xiamen")
    rounds.create_round(pilot("xiamen"), official, data("2025年第2批", -10, 20, 60, 200))
    for status in ("submitted", "submitted", "returned", "admitted", "removed"):
        make_organisation("enterprise", "xiamen", admission=status)
    make_organisation("enterprise", "zhuhai", admission="submitted")  # another city
    login(official)
    page = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "试点入库与批次" in page
    assert "2025年第2批" in page
    for days in ("20 天", "60 天", "200 天"):
        assert days in page
    steps = page.split("admission-steps")[1].split("</dl>")[0]
    assert '<dt>已申报待初审</dt><dd class="num">2</dd>' in steps
    assert '<dt>已入库</dt><dd class="num">1</dd>' in steps
    assert '<dt>已移出试点</dt><dd class="num">1</dd>' in steps


def test_the_dashboard_counts_what_is_overdue(app, make_user, make_project):
    from marketplace.services.supervision.admission_figures import admission_figures
    from marketplace.services.supervision.scope import Scope
    from models.access import Jurisdiction

    project = make_project("filed")  # admitted, filed in the test round
    official = make_user("official", "xiamen")
    the_round = rounds.open_round(project.pilot_id)
    later = the_round.acceptance_deadline + timedelta(days=1)
    figures = admission_figures(Scope(Jurisdiction(project.pilot_id)), today=later)
    assert figures["overdue"]["acceptance_overdue"] == 1
    assert figures["overdue"]["not_filed"] == 0
    # an enterprise admitted in the round that filed nothing by its filing deadline
    owner = make_user("enterprise", "xiamen")
    walk(owner.organisation, "admitted", owner, official)
    after_filing = the_round.filing_deadline + timedelta(days=1)
    figures = admission_figures(Scope(Jurisdiction(project.pilot_id)), today=after_filing)
    assert figures["overdue"]["not_filed"] == 1
    assert figures["rounds"][0]["to_filing"] == -1
