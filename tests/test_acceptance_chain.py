"""The acceptance chain with its duties apart: who may take each step, written out by hand
(not read from Project.TRANSITIONS), tried for every role; a refused step changes nothing.

Roles: the enterprise, its provider, the district official, a city official, the assessment
agency assigned (or, before assignment, the one about to be), another agency, an admin."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import acceptance, assessments, subsidy_confirmation
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import events_for
from models import Assessment, Attachment, Project, User
from tests.conftest import first_user, pilot
from tests.project_chain import assess, assessor_user, full_assessment, report_file

ROLES = ("enterprise", "provider", "district", "city", "assessor", "other_assessor", "admin")

# step → (the state it starts from, who may take it, the state it leads to)
STEPS = {
    "materials_complete": ("acceptance_requested", {"district"}, "materials_checked"),
    "materials_return": ("acceptance_requested", {"district"}, "materials_returned"),
    "resubmit": ("materials_returned", {"enterprise"}, "acceptance_requested"),
    "assign_assessor": ("materials_checked", {"city", "admin"}, "under_assessment"),
    "assessment": ("under_assessment", {"assessor"}, "assessed"),
    "verdict_pass": ("assessed", {"city", "admin"}, "passed"),
    "verdict_rectify": ("assessed", {"city", "admin"}, "rectifying"),
    "verdict_fail": ("assessed", {"city", "admin"}, "failed"),
    "confirm_subsidy": ("passed", {"city", "admin"}, "subsidy_confirmed"),
    "record_payment": ("subsidy_confirmed", {"city", "admin"}, "subsidy_confirmed"),
}


def people(project: Project, reviewer, make_user) -> dict:
    district = db.session.scalar(
        select(User).where(User.email == f"district.{project.id}@example.cn")
    )
    return {
        "enterprise": first_user(project.enterprise),
        "provider": first_user(project.provider),
        "district": district,
        "city": reviewer(pilot("xiamen")),
        # joins the agency the walk assigned, or makes the one about to be assigned
        "assessor": assessor_user(project),
        "other_assessor": assessor_user(project, "另一家评估机构"),
        "admin": make_user("admin"),
    }


def take(step: str, project: Project, actor: User, who: dict) -> None:
    if step == "materials_complete":
        acceptance.check_materials(project, actor, True)
    elif step == "materials_return":
        acceptance.check_materials(project, actor, False, ("contract",), "合同缺盖章页")
    elif step == "resubmit":
        acceptance.request_acceptance(project, actor, "已补齐合同", 1, 2)
    elif step == "assign_assessor":
        acceptance.assign_assessor(project, actor, who["assessor"].organisation)
    elif step == "assessment":
        assess(project, actor)
    elif step == "verdict_pass":
        acceptance.record_acceptance_result(project, actor, "passed", certified_level=2)
    elif step == "verdict_rectify":
        deadline = date.today() + timedelta(days=30)
        acceptance.record_acceptance_result(
            project, actor, "rectify", rectify_deadline=deadline, reason="数据未贯通"
        )
    elif step == "verdict_fail":
        acceptance.record_acceptance_result(project, actor, "failed", reason="未投入使用")
    elif step == "confirm_subsidy":
        subsidy_confirmation.confirm_subsidy(project, actor)
    elif step == "record_payment":
        subsidy_confirmation.record_payment(project.payments[0], actor)


def snapshot(project: Project) -> tuple:
    db.session.refresh(project)
    return (
        project.status,
        len(events_for(project)),
        project.assessor_id,
        project.acceptance_result,
        project.subsidy_confirmed,
        tuple(p.status for p in project.payments),
        len(db.session.scalars(select(Assessment)).all()),
        len(db.session.scalars(select(Attachment)).all()),
    )


@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_is_taken_only_by_its_role_and_a_refusal_changes_nothing(
    app, make_project, reviewer, make_user, step
):
    start, allowed, end = STEPS[step]
    project = make_project(start)
    who = people(project, reviewer, make_user)
    db.session.commit()
    for role in ROLES:
        if role in allowed:
            continue
        before = snapshot(project)
        with pytest.raises(NotAllowed):
            take(step, project, who[role], who)
        db.session.rollback()
        assert snapshot(project) == before, role
    for role in sorted(allowed):
        fresh = make_project(start) if role != sorted(allowed)[0] else project
        fresh_who = who if fresh is project else people(fresh, reviewer, make_user)
        take(step, fresh, fresh_who[role], fresh_who)
        db.session.commit()
        assert fresh.status == end, role
        assert events_for(fresh)[-1].actor_id == fresh_who[role].id


def test_payment_is_recorded_by_the_city(app, make_project, reviewer):
    project = make_project("subsidy_confirmed")
    first = project.payments[0]
    subsidy_confirmation.record_payment(first, reviewer(pilot("xiamen")))
    assert first.status == "paid"


def test_verdict_is_refused_while_a_required_document_is_missing(app, make_project, reviewer):
    project = make_project("assessed")
    for record in list(project.financial_records):
        if record.kind == "payment":
            db.session.delete(record)
    db.session.commit()
    db.session.refresh(project)
    city = reviewer(pilot("xiamen"))
    with pytest.raises(InvalidInput) as refused:
        acceptance.record_acceptance_result(project, city, "passed", certified_level=2)
    assert refused.value.code == "documents_missing"
    db.session.rollback()
    assert project.status == "assessed"


def test_district_cannot_pass_materials_that_lack_a_required_document(
    app, make_project, reviewer, make_user
):
    project = make_project("acceptance_requested")
    project.self_evaluation = ""
    db.session.commit()
    district = people(project, reviewer, make_user)["district"]
    with pytest.raises(InvalidInput) as refused:
        acceptance.check_materials(project, district, True)
    assert refused.value.code == "documents_missing"
    db.session.rollback()
    with pytest.raises(InvalidInput) as refused:
        acceptance.check_materials(project, district, False, (), "")
    assert refused.value.code == "missing_items_required"
    db.session.rollback()
    acceptance.check_materials(project, district, False, ("self_evaluation",), "")
    assert (project.status, project.materials_missing) == (
        "materials_returned",
        ["self_evaluation"],
    )


def test_an_organisation_party_to_the_project_is_never_its_assessor(app, make_project, reviewer):
    project = make_project("materials_checked")
    city = reviewer(pilot("xiamen"))
    for party in (project.provider, project.enterprise):
        with pytest.raises(NotAllowed) as refused:
            acceptance.assign_assessor(project, city, party)
        assert refused.value.code == "assessor_is_party"
        db.session.rollback()
    assert project.status == "materials_checked"
    assert project.assessor_id is None


def test_an_agency_of_another_city_is_not_assigned(app, make_project, reviewer):
    project = make_project("materials_checked")
    elsewhere = assessments.create_assessor_user(
        email="far@example.cn",
        name="外地评估员",
        password="password123",
        pilot=pilot("fuzhou"),
        organisation_name="福州评估所",
    )
    with pytest.raises(InvalidInput) as refused:
        acceptance.assign_assessor(project, reviewer(pilot("xiamen")), elsewhere.organisation)
    assert refused.value.code == "assessor_outside_pilot"


def test_the_assessment_needs_every_dimension_the_level_and_the_signed_report(app, make_project):
    project = make_project("under_assessment")
    agency = first_user(project.assessor)
    partial = full_assessment()
    partial["management"] = {"score": 70, "finding": ""}
    assessments.save_draft(project, agency, partial, 2, "", report_file())
    with pytest.raises(InvalidInput) as refused:
        assessments.submit_assessment(project, agency)
    assert refused.value.code == "dimension_incomplete"
    assessments.save_draft(project, agency, full_assessment(), None, "")
    with pytest.raises(InvalidInput) as refused:
        assessments.submit_assessment(project, agency)
    assert refused.value.code == "assessed_level_required"
    with pytest.raises(InvalidInput) as refused:
        assessments.save_draft(project, agency, {"management": {"score": 101}}, 2)
    assert refused.value.code == "bad_score"
    assert project.status == "under_assessment"


def test_assessment_without_report_is_refused(app, make_project):
    project = make_project("under_assessment")
    agency = first_user(project.assessor)
    assessments.save_draft(project, agency, full_assessment(), 2, "")
    with pytest.raises(InvalidInput) as refused:
        assessments.submit_assessment(project, agency)
    assert refused.value.code == "assessment_report_required"
    assert project.status == "under_assessment"


def test_rectified_project_goes_through_the_whole_check_again(app, make_project, reviewer):
    project = make_project("rectifying")
    owner = first_user(project.enterprise)
    acceptance.request_acceptance(project, owner, "已整改", 1, 2)
    assert project.status == "acceptance_requested"
    city = reviewer(pilot("xiamen"))
    with pytest.raises(Exception):  # noqa: B017,PT011 - no verdict before check and assessment
        acceptance.record_acceptance_result(project, city, "passed", certified_level=2)
    assert project.status == "acceptance_requested"
