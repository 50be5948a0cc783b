"""Per-enterprise caps on the database: what the city confirmed on the enterprise's earlier
projects (confirmed or paid, never the project itself) uses them up; 珠海's 标杆 is the
city's evaluation, set by a city official with an event. Figures worked out by hand from the
quoted seed sentences."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import subsidy, subsidy_confirmation
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.projects import project_for_quote_request
from marketplace.services.subsidy_rules import count_award
from models import Event
from tests.conftest import first_user, pilot
from tests.test_projects_views import filing_data


def software(yuan, diagnosis=0):
    lines = [("软件", "MES 软件", 1, yuan)]
    if diagnosis:
        lines.append(("诊断", "数字化诊断", 1, diagnosis))
    return tuple(lines)


@pytest.fixture
def zhuhai_enterprise(make_organisation):
    return make_organisation("enterprise", "zhuhai")


def test_zhuhai_puhui_confirmed_earlier_uses_up_the_cumulative_cap(
    app, make_project, zhuhai_enterprise
):
    # "单个企业奖补累计不超过20万元": project 1 confirmed 30% × 40万 = 12万; project 2 would be
    # 30% × 30万 = 9万, but only 20万 − 12万 = 8万 are left
    first = make_project("paid", "zhuhai", enterprise=zhuhai_enterprise, lines=software(400000))
    assert first.subsidy_confirmed == Decimal("120000.00")
    second = make_project(
        "in_progress", "zhuhai", enterprise=zhuhai_enterprise, lines=software(300000)
    )
    estimate = subsidy.project_estimate(second)
    assert estimate.total == Decimal("80000.00")
    assert second.subsidy_estimate == Decimal("80000.00")  # stored when it was filed
    notes = [n for n in estimate.notes if n["code"] == "cap_enterprise"]
    assert notes[0]["args"] | {"item": None} == {
        "item": None,
        "cap": 200000,
        "used": 120000,
        "left": 80000,
    }
    # the first project's own estimate does not count itself
    assert subsidy.project_estimate(first).total == Decimal("120000.00")


def test_only_confirmed_projects_count_against_the_cap(app, make_project, zhuhai_enterprise):
    # project 1 accepted but not yet confirmed: project 2 gets its full 30% × 30万 = 9万
    make_project("passed", "zhuhai", enterprise=zhuhai_enterprise, lines=software(400000))
    make_project("in_progress", "zhuhai", enterprise=zhuhai_enterprise, lines=software(100000))
    second = make_project(
        "in_progress", "zhuhai", enterprise=zhuhai_enterprise, lines=software(300000)
    )
    assert subsidy.project_estimate(second).total == Decimal("90000.00")


def test_the_amount_the_city_confirmed_is_what_counts(
    app, make_project, reviewer, zhuhai_enterprise
):
    # project 1 computed 12万 but the city confirmed 5万: 20万 − 5万 = 15万 left, so project 2
    # gets its full 30% × 30万 = 9万; a third of 30% × 50万 = 15万 finds 20万 − 5万 − 9万 = 6万
    first = make_project("passed", "zhuhai", enterprise=zhuhai_enterprise, lines=software(400000))
    subsidy_confirmation.confirm_subsidy(
        first, reviewer(pilot("zhuhai")), amount="50000", reason="核减"
    )
    db.session.commit()
    second = make_project("paid", "zhuhai", enterprise=zhuhai_enterprise, lines=software(300000))
    assert second.subsidy_confirmed == Decimal("90000.00")
    third = make_project(
        "in_progress", "zhuhai", enterprise=zhuhai_enterprise, lines=software(500000)
    )
    assert subsidy.project_estimate(third).total == Decimal("60000.00")


def test_xiamen_diagnosis_cap_runs_across_the_enterprises_projects(
    app, make_project, make_organisation
):
    # "一是每家企业诊断按费用的60%、最高6万元予以补贴": project 1: 诊断 60% × 8万 = 4.8万 plus
    # level 2 40% × 10万 = 4万, confirmed 8.8万; project 2: 诊断 60% × 5万 = 3万 but only
    # 6万 − 4.8万 = 1.2万 left, plus 4万 → 5.2万
    enterprise = make_organisation("enterprise", "xiamen")
    first = make_project("paid", enterprise=enterprise, lines=software(100000, diagnosis=80000))
    assert first.subsidy_confirmed == Decimal("88000.00")
    second = make_project(
        "in_progress", enterprise=enterprise, lines=software(100000, diagnosis=50000)
    )
    estimate = subsidy.project_estimate(second)
    assert estimate.chosen_by_item() == {
        "diagnosis": Decimal("12000.00"),
        "level_2": Decimal("40000.00"),
    }


def test_the_project_page_shows_the_cap_and_what_was_used(
    app, client, login, make_project, zhuhai_enterprise
):
    make_project("paid", "zhuhai", enterprise=zhuhai_enterprise, lines=software(400000))
    second = make_project(
        "in_progress", "zhuhai", enterprise=zhuhai_enterprise, lines=software(300000)
    )
    login(first_user(zhuhai_enterprise))
    page = client.get(f"/projects/{second.id}").get_data(as_text=True)
    assert "单个企业累计上限 200,000 元" in page
    assert "已核定 120,000 元" in page
    assert "最多 80,000 元" in page


def test_zhuhai_benchmark_is_granted_by_the_city_and_pays_less_the_puhui(
    app, make_project, reviewer, zhuhai_enterprise
):
    # "对经评定的中小企业数字化转型标杆示范项目…单个企业奖补最高不超过100万元…扣除其已获得的
    #  普惠项目奖补金额后予以标杆项目奖补": 普惠 12万 confirmed; 标杆 30% × 200万 = 60万 − 12万
    make_project("paid", "zhuhai", enterprise=zhuhai_enterprise, lines=software(400000))
    second = make_project("passed", "zhuhai", enterprise=zhuhai_enterprise, lines=software(2000000))
    # as 普惠 only: 30% × 200万 = 60万 → the cumulative 20万 less 12万 = 8万
    assert subsidy.project_estimate(second).total == Decimal("80000.00")
    city = reviewer(pilot("zhuhai"))
    subsidy.set_benchmark(second, city, True, "专家评审通过")
    db.session.commit()
    assert second.is_benchmark
    assert second.subsidy_estimate == Decimal("480000.00")
    event = db.session.scalars(
        select(Event).where(Event.subject_type == "projects", Event.subject_id == second.id)
    ).all()[-1]
    assert (event.reason_code, event.reason, event.actor_id) == (
        "benchmark_granted",
        "专家评审通过",
        city.id,
    )
    subsidy_confirmation.confirm_subsidy(second, city)
    assert second.subsidy_confirmed == Decimal("480000.00")
    with pytest.raises(InvalidInput):
        subsidy.set_benchmark(second, city, False)


def test_neither_the_enterprise_nor_a_district_official_grants_benchmark(
    app, make_project, make_user, zhuhai_enterprise
):
    project = make_project("passed", "zhuhai", enterprise=zhuhai_enterprise)
    district = make_user("official", pilot_code="zhuhai", district=zhuhai_enterprise.district)
    before = db.session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1))
    for outsider in (first_user(zhuhai_enterprise), district):
        with pytest.raises(NotAllowed):
            subsidy.set_benchmark(project, outsider, True)
    assert project.is_benchmark is False
    assert db.session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) == before


def test_a_city_without_a_benchmark_item_has_nothing_to_grant(app, make_project, reviewer):
    project = make_project("passed", "xiamen")
    with pytest.raises(InvalidInput):
        subsidy.set_benchmark(project, reviewer(pilot("xiamen")), True)


def test_the_filing_form_no_longer_lets_the_enterprise_tick_benchmark(
    app, client, login, make_user, accepted_quote
):
    request = accepted_quote("zhuhai")
    login(make_user("enterprise", organisation=request.need.enterprise))
    client.post(f"/projects/from-quote/{request.id}")
    project = project_for_quote_request(request.id)
    page = client.get(f"/projects/{project.id}/filing").get_data(as_text=True)
    assert "申报标杆示范项目" not in page
    client.post(f"/projects/{project.id}/filing", data=filing_data(request, is_benchmark="y"))
    db.session.refresh(project)
    assert (project.status, project.is_benchmark) == ("filed", False)


def test_city_official_grants_benchmark_on_the_project_page(
    app, client, login, make_project, reviewer, zhuhai_enterprise
):
    project = make_project("passed", "zhuhai", enterprise=zhuhai_enterprise)
    login(reviewer(pilot("zhuhai")))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "评定为标杆示范项目" in page
    response = client.post(
        f"/projects/{project.id}/benchmark",
        data={"bm-granted": "y", "bm-reason": "经评定"},
        follow_redirects=True,
    )
    assert "标杆示范评定已记录" in response.get_data(as_text=True)
    db.session.refresh(project)
    assert project.is_benchmark is True


def test_xiamen_lead_unit_award_counts_the_enterprises_it_led_to_acceptance(
    app, make_organisation, make_project, reviewer
):
    # "二是“链主”企业每完成一家改造任务奖励5万元，最高奖励100万元": two enterprises led to an
    # accepted retrofit → 2 × 5万 = 10万; a project still in progress does not count yet
    from marketplace.services import acceptance
    from marketplace.services import projects as svc
    from tests.project_chain import assess, assessor_user, district_official, file_project

    lead = make_organisation("provider", "xiamen", provider_type="牵引单位")
    city = reviewer(pilot("xiamen"))
    for n, goal in enumerate(("passed", "paid", "in_progress")):
        project = make_project("draft")
        owner = first_user(project.enterprise)
        file_project(project, owner, lead_id=lead.id)
        district = district_official(project)
        svc.review_project_district(project, district, True, "")
        svc.approve_project_city(project, city)
        if goal != "in_progress":
            for kind in ("invoice", "payment"):
                acceptance.add_financial_record(
                    project, owner, kind, project.budget_total, date.today()
                )
            acceptance.request_acceptance(project, owner, "已上线", 1, 2)
            acceptance.check_materials(project, district, complete=True)
            assessor = assessor_user(project)
            acceptance.assign_assessor(project, city, assessor.organisation)
            assess(project, assessor)
            acceptance.record_acceptance_result(project, city, "passed", certified_level=2)
        if goal == "paid":
            subsidy_confirmation.confirm_subsidy(project, city)
        db.session.commit()
        assert project.status == ("subsidy_confirmed" if goal == "paid" else goal), n
    (award,) = subsidy.led_enterprise_awards(lead, pilot("xiamen").id)
    assert (award["code"], award["count"], award["amount"]) == (
        "chain_leader",
        2,
        Decimal("100000.00"),
    )


def test_lead_unit_award_stops_at_100_wan():
    # "最高奖励100万元": 23 enterprises × 5万 = 115万 → 100万
    item = {"fixed": 50000, "cap": 1000000}
    assert count_award(item, 23) == Decimal("1000000.00")
    assert count_award(item, 3) == Decimal("150000.00")
