"""The city's subsidy budget: versioned (who, when, why), set by a city-level official;
committed and paid against it; warnings at 80% and 100% on the dashboard; a confirmation past
100% refused. Expected shares and words are written by hand."""

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

import pytest

from marketplace.extensions import db
from marketplace.services import subsidy_budget
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.subsidy_confirmation import confirm_subsidy
from tests.conftest import pilot


def test_each_change_is_a_new_version_with_who_and_why(app, reviewer, make_user):
    xiamen = pilot("xiamen")
    city = reviewer(xiamen)
    first = subsidy_budget.set_budget(xiamen.id, city, "3000000", "首批预算")
    admin = make_user("admin")
    second = subsidy_budget.set_budget(xiamen.id, admin, Decimal("4000000"), "追加预算")
    db.session.commit()
    assert [
        (v.version, v.amount, v.note, v.created_by_id)
        for v in subsidy_budget.budget_versions(xiamen.id)
    ] == [
        (2, Decimal("4000000.00"), "追加预算", admin.id),
        (1, Decimal("3000000.00"), "首批预算", city.id),
    ]
    assert first.created_at is not None
    assert second.created_at >= first.created_at
    assert subsidy_budget.current_budget(xiamen.id).amount == Decimal("4000000.00")


def test_only_city_level_officials_set_it(app, reviewer, make_user):
    xiamen = pilot("xiamen")
    district = make_user("official", "xiamen", district=xiamen.districts[0])
    with pytest.raises(NotAllowed):
        subsidy_budget.set_budget(xiamen.id, district, "100", "区县不能设")
    with pytest.raises(NotAllowed):
        subsidy_budget.set_budget(xiamen.id, make_user("official", "fuzhou"), "100", "外市")
    with pytest.raises(InvalidInput) as refused:
        subsidy_budget.set_budget(xiamen.id, reviewer(xiamen), "100", " ")
    assert refused.value.code == "budget_note_required"
    for bad in ("0", "-5", "abc", "NaN", "1e20"):
        with pytest.raises(InvalidInput) as refused:
            subsidy_budget.set_budget(xiamen.id, reviewer(xiamen), bad, "调整")
        assert refused.value.code == "bad_budget", bad
    assert subsidy_budget.budget_versions(xiamen.id) == []


@pytest.mark.parametrize(
    ("share_of_budget", "level", "percent"),
    [("0.79", "ok", 79), ("0.8", "warning", 80), ("1", "exhausted", 100)],
)
def test_levels_at_80_and_100_percent(app, make_project, reviewer, share_of_budget, level, percent):
    project = make_project("subsidy_confirmed")
    used = project.subsidy_confirmed
    # rounded down, so the share is never below the one named
    budget = (used / Decimal(share_of_budget)).quantize(Decimal("0.01"), ROUND_DOWN)
    subsidy_budget.set_budget(project.pilot_id, reviewer(pilot("xiamen")), budget, "测试")
    use = subsidy_budget.budget_use(project.pilot_id)
    assert (use.committed, use.paid) == (used, Decimal("0.00"))
    assert (use.level, use.percent) == (level, percent)


def test_paid_and_committed_both_count(app, make_project, reviewer):
    paid = make_project("paid")
    confirmed = make_project("subsidy_confirmed")
    use = subsidy_budget.budget_use(paid.pilot_id)
    assert use.paid == paid.subsidy_confirmed
    assert use.committed == confirmed.subsidy_confirmed
    assert use.level == "unset"


def test_a_confirmation_past_the_budget_is_refused(app, make_project, reviewer):
    project = make_project("passed")
    city = reviewer(pilot("xiamen"))
    subsidy_budget.set_budget(project.pilot_id, city, project.subsidy_estimate - 1, "紧张")
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        confirm_subsidy(project, city)
    assert refused.value.code == "budget_exceeded"
    db.session.rollback()
    assert project.status == "passed"
    assert project.payments == []
    subsidy_budget.set_budget(project.pilot_id, city, project.subsidy_estimate, "刚好够")
    confirm_subsidy(project, city)
    assert project.status == "subsidy_confirmed"


def test_dashboard_warns_at_80_and_100_percent(app, client, login, make_project, reviewer):
    project = make_project("subsidy_confirmed")
    city = reviewer(pilot("xiamen"))
    used = project.subsidy_confirmed
    at_80 = (used / Decimal("0.8")).quantize(Decimal("0.01"), ROUND_DOWN)
    subsidy_budget.set_budget(project.pilot_id, city, at_80, "年中")
    db.session.commit()
    login(city)
    html = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "厦门补贴预算使用已达 80%" in html
    app.extensions.pop("dashboard_figures", None)
    subsidy_budget.set_budget(project.pilot_id, city, used, "核减")
    db.session.commit()
    html = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "厦门补贴预算已用尽" in html
    page = client.get("/projects/budget").get_data(as_text=True)
    assert "核减" in page
    assert "年中" in page


def test_dashboard_lists_overdue_rectifications(app, client, login, make_project, reviewer):
    late = make_project("rectifying")
    late.title = "整改超期的改造项目"
    late.rectify_deadline = date.today() - timedelta(days=2)
    on_time = make_project("rectifying")
    on_time.title = "整改期内的改造项目"
    db.session.commit()
    login(reviewer(pilot("xiamen")))
    html = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "整改逾期的项目 (1)" in html
    assert "整改超期的改造项目" in html
    assert "整改期内的改造项目" not in html


def test_budget_page_refuses_district_officials_posting(app, client, login, make_user):
    xiamen = pilot("xiamen")
    login(make_user("official", "xiamen", district=xiamen.districts[0]))
    assert client.get("/projects/budget").status_code == 200
    response = client.post("/projects/budget", data={"bg-amount": "100", "bg-note": "x"})
    assert response.status_code == 403
    assert subsidy_budget.budget_versions(xiamen.id) == []


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e400", "abc", "-1", "0", ""])
def test_budget_form_says_what_is_wrong_with_a_bad_amount(app, client, login, reviewer, amount):
    xiamen = pilot("xiamen")
    login(reviewer(xiamen))
    response = client.post("/projects/budget", data={"bg-amount": amount, "bg-note": "调整"})
    assert response.status_code == 200
    assert subsidy_budget.budget_versions(xiamen.id) == []
