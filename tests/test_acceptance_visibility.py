"""What an assessment agency sees (only the projects assigned to it, in lists, pages and the
API alike) and what the project's own parties see of its work (only the submitted assessment)."""

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import assessments
from models import Attachment, Organisation, Project, User
from tests.conftest import first_user, pilot
from tests.project_chain import assessor_user, full_assessment, report_file

DRAFT_FINDING = "草稿中的数据贯通意见甲乙丙"


def status_of(client, url) -> int:
    response = client.get(url)
    response.close()  # a download keeps its file open until closed
    return response.status_code


def draft(project):
    agency = first_user(project.assessor)
    findings = full_assessment()
    findings["data_integration"] = {"score": 60, "finding": DRAFT_FINDING}
    assessments.save_draft(project, agency, findings, 2, "", report_file("草稿报告.pdf"))
    db.session.commit()
    return agency


def test_assessor_sees_only_assigned_projects(app, client, login, make_project):
    assigned = make_project("under_assessment")
    other = make_project("in_progress")
    agency = first_user(assigned.assessor)
    outsider = assessor_user(assigned, "未被指派的评估机构")
    db.session.commit()
    ids = set(db.session.scalars(select(Project.id).where(Project.visible_to(agency))))
    assert ids == {assigned.id}
    login(agency)
    assert client.get(f"/projects/{assigned.id}").status_code == 200
    assert client.get(f"/projects/{other.id}").status_code == 404
    listing = client.get("/projects/").get_data(as_text=True)
    assert assigned.title in listing
    home = client.get("/projects/assigned").get_data(as_text=True)
    assert assigned.title in home
    assert client.get("/").headers["Location"].endswith("/projects/assigned")
    login(outsider)
    assert client.get(f"/projects/{assigned.id}").status_code == 404
    assert assigned.title not in client.get("/projects/assigned").get_data(as_text=True)


def test_enterprise_and_provider_do_not_see_the_draft(app, client, login, make_project):
    project = make_project("under_assessment")
    agency = draft(project)
    report = db.session.scalar(select(Attachment).where(Attachment.filename == "草稿报告.pdf"))
    login(agency)
    assert DRAFT_FINDING in client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert status_of(client, f"/projects/attachments/{report.id}") == 200
    for viewer in (first_user(project.enterprise), first_user(project.provider)):
        login(viewer)
        page = client.get(f"/projects/{project.id}").get_data(as_text=True)
        assert DRAFT_FINDING not in page
        assert "草稿报告.pdf" not in page
        assert status_of(client, f"/projects/attachments/{report.id}") == 404
    assessments.submit_assessment(project, agency)
    db.session.commit()
    login(first_user(project.enterprise))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert DRAFT_FINDING in page
    assert status_of(client, f"/projects/attachments/{report.id}") == 200


def test_assessor_cannot_confirm_money_through_the_pages(app, client, login, make_project):
    project = make_project("passed")
    agency = assessor_user(project)
    db.session.commit()
    login(agency)
    response = client.post(f"/projects/{project.id}/subsidy/confirm", data={"cs-amount": "1"})
    assert response.status_code == 403
    db.session.refresh(project)
    assert project.status == "passed"


def test_district_official_gets_no_verdict_or_money_form(
    app, client, login, make_project, reviewer
):
    project = make_project("assessed")
    district = db.session.scalar(
        select(User).where(User.email == f"district.{project.id}@example.cn")
    )
    login(district)
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "记录验收结论" not in page
    response = client.post(
        f"/projects/{project.id}/acceptance-result",
        data={"ar-result": "passed", "ar-certified_level": "2"},
    )
    assert response.status_code == 302
    db.session.refresh(project)
    assert project.status == "assessed"
    login(reviewer(pilot("xiamen")))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "记录验收结论" in page
    # the verdict form comes after the assessment it decides on
    assert page.index("评估报告") < page.index("记录验收结论")


def test_create_user_makes_an_assessor_and_its_agency(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "pinggu@example.cn",
            "--name",
            "评估员甲",
            "--role",
            "assessor",
            "--pilot",
            "xiamen",
            "--organisation",
            "厦门评估研究院",
            "--password",
            "password123",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "pinggu@example.cn"))
    assert user.role == "assessor"
    assert (user.organisation.kind, user.organisation.name, user.organisation.pilot_id) == (
        "assessor",
        "厦门评估研究院",
        pilot("xiamen").id,
    )
    assert user.organisation.status == "approved"
    assert db.session.scalar(select(Organisation).where(Organisation.name == "厦门评估研究院"))


# path: expected status for a signed-in assessment agency user (written by hand)
ASSESSOR_MATRIX = {
    "/": 302,  # to its assigned projects
    "/catalog/browse": 200,
    "/catalog/my-products": 403,
    "/needs/my-needs": 403,
    "/needs/leads": 403,
    "/quotes/inbox": 403,
    "/quotes/enterprise-requests": 403,
    "/projects/": 200,
    "/projects/assigned": 200,
    "/projects/budget": 403,
    "/projects/assessment": 403,
    "/supervision/review-queue": 403,
    "/supervision/dashboard": 403,
    "/accounts/": 403,
    "/account/security": 200,
}


def test_assessor_role_endpoint_access(app, client, login, make_project):
    project = make_project("draft")
    login(assessor_user(project))
    got = {path: client.get(path).status_code for path in ASSESSOR_MATRIX}
    assert got == ASSESSOR_MATRIX
