"""The project lifecycle through the services: role checks, filing, reviews, acceptance
and one project from an accepted quote to its subsidy paid (the moves of the transition
table are written out by hand in test_transitions.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import acceptance
from marketplace.services import projects as svc
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import events_for
from models import Project, SubsidyPayment
from tests.conftest import pilot
from tests.project_chain import assess, assessor_user, file_project


def owner_of(make_user, project):
    return make_user("enterprise", organisation=project.enterprise)


def filed_project(make_user, accepted_quote, pilot_code="xiamen", lines=None):
    request = accepted_quote(pilot_code, lines)
    owner = make_user("enterprise", organisation=request.need.enterprise)
    project = svc.create_project_from_quote(request, owner)
    file_project(
        project, owner, contract_no="HT-2025-001", plan="上线MES，打通设备数据", target_level=2
    )
    db.session.commit()
    return project, owner


def test_every_status_is_in_the_table():
    assert set(Project.STATUSES) == set(Project.TRANSITIONS)
    assert all(set(to) <= set(Project.STATUSES) for to in Project.TRANSITIONS.values())


def test_project_from_accepted_quote_is_idempotent_and_prefilled(app, make_user, accepted_quote):
    request = accepted_quote()
    owner = make_user("enterprise", organisation=request.need.enterprise)
    first = svc.create_project_from_quote(request, owner)
    again = svc.create_project_from_quote(request, owner)
    assert first.id == again.id
    assert first.status == "draft"
    assert first.budget_by_kind()["软件"] == Decimal("40000")
    assert first.budget_by_kind()["实施"] == Decimal("10000")
    assert first.parties[0].organisation_id == request.provider_id
    assert first.subsidy_estimate == Decimal("20000.00")  # 厦门 level 2: 40% × 50,000


def test_quote_not_accepted_cannot_become_a_project(
    app, make_user, make_organisation, make_need, make_quote_request
):
    need = make_need()
    request = make_quote_request(need, make_organisation("provider"), status="quoted")
    owner = make_user("enterprise", organisation=request.need.enterprise)
    with pytest.raises(InvalidInput):
        svc.create_project_from_quote(request, owner)


def test_incomplete_filing_is_refused(app, make_user, accepted_quote):
    request = accepted_quote()
    owner = make_user("enterprise", organisation=request.need.enterprise)
    project = svc.create_project_from_quote(request, owner)
    with pytest.raises(InvalidInput) as error:
        svc.file_project(project, owner)
    assert "contract_no" in error.value.details["missing"]
    assert project.status == "draft"


def test_district_official_cannot_do_city_approval(app, make_user, accepted_quote):
    project, _ = filed_project(make_user, accepted_quote)
    district = make_user("official", district=project.enterprise.district)
    svc.review_project_district(project, district, approve=True)
    with pytest.raises(NotAllowed):
        svc.approve_project_city(project, district)
    assert project.status == "district_approved"


def test_city_official_cannot_do_the_district_review(app, make_user, accepted_quote):
    project, _ = filed_project(make_user, accepted_quote)
    city = make_user("official")
    with pytest.raises(NotAllowed):
        svc.review_project_district(project, city, approve=True)


def test_official_of_another_city_can_do_nothing(app, make_user, accepted_quote):
    project, _ = filed_project(make_user, accepted_quote, "fuzhou")
    xiamen_city = make_user("official", pilot_code="xiamen")
    xiamen_district = make_user(
        "official", pilot_code="xiamen", district=pilot("xiamen").districts[0]
    )
    for official in (xiamen_city, xiamen_district):
        assert not project.can_view(official)
        with pytest.raises(NotAllowed):
            svc.review_project_district(project, official, approve=True)
        with pytest.raises(NotAllowed):
            svc.record_spot_check(project, official, "x")


def test_return_for_changes_needs_a_reason_and_can_be_refiled(app, make_user, accepted_quote):
    project, owner = filed_project(make_user, accepted_quote)
    district = make_user("official", district=project.enterprise.district)
    with pytest.raises(InvalidInput):
        svc.review_project_district(project, district, approve=False, reason="")
    svc.review_project_district(project, district, approve=False, reason="合同金额与预算不一致")
    assert project.status == "returned"
    svc.file_project(project, owner, "已修改预算")
    assert project.status == "filed"
    assert [e.to_state for e in events_for(project)] == ["draft", "filed", "returned", "filed"]


def test_overdue_milestone_flags_the_project(app, make_user, accepted_quote):
    project, owner = filed_project(make_user, accepted_quote)
    project.status = "in_progress"
    svc.add_milestone(project, owner, "设备联网", date.today() - timedelta(days=1))
    svc.add_milestone(project, owner, "系统上线", date.today() + timedelta(days=30))
    assert project.is_overdue
    svc.complete_milestone(project.overdue_milestones[0], owner)
    assert not project.is_overdue


def test_whole_lifecycle_to_subsidy_paid_in_instalments(app, make_user, accepted_quote):
    lines = (("软件", "MES", 1, 400000), ("实施", "实施", 1, 100000))
    project, owner = filed_project(make_user, accepted_quote, "xiamen", lines)
    provider_user = make_user("provider", organisation=project.provider)
    district = make_user("official", district=project.enterprise.district)
    city = make_user("official")
    svc.review_project_district(project, district, approve=True, reason="材料齐全")
    svc.approve_project_city(project, city)
    svc.add_milestone(project, owner, "上线", date.today() + timedelta(days=10))
    svc.report_progress(project, provider_user, "完成部署", 60)
    svc.record_spot_check(project, district, "现场核验属实", "normal")
    acceptance.add_financial_record(project, owner, "invoice", "500000", date.today(), "FP001")
    acceptance.add_financial_record(project, owner, "payment", "500000", date.today(), "YH001")
    acceptance.request_acceptance(project, owner, "达到预期", 1, 3)
    acceptance.check_materials(project, district, complete=True)
    assessor = assessor_user(project)
    acceptance.assign_assessor(project, city, assessor.organisation)
    assess(project, assessor, level=3)
    acceptance.record_acceptance_result(project, city, "passed", certified_level=3, reason="通过")
    assert project.subsidy_estimate == Decimal("200000.00")  # 40% × 50万 = 20万 (cap 35万)
    svc.confirm_subsidy(project, city)
    assert project.subsidy_confirmed == Decimal("200000.00")
    payments = db.session.scalars(select(SubsidyPayment).order_by(SubsidyPayment.instalment)).all()
    assert [p.amount for p in payments] == [Decimal("100000.00"), Decimal("100000.00")]
    svc.record_payment(payments[0], city)
    assert project.status == "subsidy_confirmed"
    svc.record_payment(payments[1], city)
    assert project.status == "paid"
    assert project.subsidy_paid == Decimal("200000.00")
    states = [e.to_state for e in events_for(project)]
    assert states[:10] == [
        "draft",
        "filed",
        "district_approved",
        "in_progress",
        "acceptance_requested",
        "materials_checked",
        "under_assessment",
        "assessed",
        "passed",
        "subsidy_confirmed",
    ]
    assert states[-1] == "paid"
    assert all(e.actor_id for e in events_for(project))


def test_acceptance_needs_invoice_and_payment(app, make_user, accepted_quote):
    project, owner = filed_project(make_user, accepted_quote)
    project.status = "in_progress"
    with pytest.raises(InvalidInput):
        acceptance.request_acceptance(project, owner, "自评", 1, 2)
    assert project.status == "in_progress"


def test_rectify_needs_a_future_deadline(app, make_user, accepted_quote):
    project, owner = filed_project(make_user, accepted_quote)
    project.status = "in_progress"
    for kind in ("invoice", "payment"):
        acceptance.add_financial_record(project, owner, kind, "1000", date.today())
    project.self_evaluation = "自评"
    project.status = "assessed"
    city = make_user("official")
    with pytest.raises(InvalidInput):
        acceptance.record_acceptance_result(project, city, "rectify", reason="数据未贯通")
    acceptance.record_acceptance_result(
        project,
        city,
        "rectify",
        rectify_deadline=date.today() + timedelta(days=30),
        reason="数据未贯通",
    )
    assert project.status == "rectifying"
