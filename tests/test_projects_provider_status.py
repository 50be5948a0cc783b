"""A provider that is no longer approved cannot work on its projects (milestones, progress,
files): the services refuse with a worded reason, the page says why the buttons are gone,
and the enterprise and the officials go on. Before suspending or removing a provider, the
vetting official sees which open quote requests and projects it touches."""

import io
import re
from datetime import date

import pytest
from flask import current_app
from sqlalchemy import func, select

from marketplace import wording
from marketplace.extensions import db
from marketplace.services import attachments
from marketplace.services import projects as svc
from marketplace.services.errors import NotAllowed
from marketplace.services.review import review, suspension_impact
from models import Attachment, Milestone, ProgressReport
from tests.conftest import first_user
from tests.test_i18n import switch_language

PDF = b"%PDF-1.4\n%test\n"


class Upload:
    def __init__(self, name, data):
        self.filename, self.stream = name, io.BytesIO(data)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def said(error) -> str:
    with current_app.test_request_context():
        return wording.error(error)


@pytest.fixture
def running(app, make_project, reviewer):
    """A project in progress whose provider the vetter then suspends (or removes)."""

    def make(action="suspend"):
        project = make_project("in_progress")
        svc.add_milestone(project, first_user(project.enterprise), "设备联网", date.today())
        review(project.provider, action, reviewer(project.provider.pilot), "投诉核查中")
        db.session.commit()
        return project

    return make


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("suspend", "您的服务商资质已被暂停，暂不能在项目上报告进展、维护实施节点或上传文件"),
        ("remove", "您的服务商已被清退，不能在项目上报告进展、维护实施节点或上传文件"),
    ],
)
def test_provider_taken_off_cannot_post_progress_milestones_or_files(running, action, message):
    project = running(action)
    provider_user = first_user(project.provider)
    milestone = project.milestones[0]
    attempts = [
        lambda: svc.report_progress(project, provider_user, "完成设备联网", 50),
        lambda: svc.add_milestone(project, provider_user, "上线", date.today()),
        lambda: svc.complete_milestone(milestone, provider_user),
        lambda: attachments.save_attachment(
            Upload("方案.pdf", PDF), provider_user, project=project, purpose="plan"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed) as refused:
            attempt()
        db.session.rollback()
        assert refused.value.code == "provider_not_active_on_project"
        assert said(refused.value) == message
    assert (count(ProgressReport), count(Milestone), count(Attachment)) == (0, 1, 0)
    assert milestone.done_on is None


def test_enterprise_and_officials_go_on_when_the_provider_is_suspended(running, reviewer):
    project = running("suspend")
    owner = first_user(project.enterprise)
    svc.report_progress(project, owner, "企业自行推进", 30)
    svc.complete_milestone(project.milestones[0], owner)
    attachments.save_attachment(Upload("合同.pdf", PDF), owner, project=project, purpose="contract")
    svc.record_spot_check(project, reviewer(project.provider.pilot), "现场核查正常")
    db.session.commit()
    assert (count(ProgressReport), count(Attachment), len(project.spot_checks)) == (1, 1, 1)
    assert project.milestones[0].done_on == date.today()


def test_reinstated_provider_works_on_its_project_again(running, reviewer):
    project = running("suspend")
    review(project.provider, "reinstate", reviewer(project.provider.pilot))
    svc.report_progress(project, first_user(project.provider), "恢复实施", 60)
    db.session.commit()
    assert count(ProgressReport) == 1


def test_project_page_tells_the_suspended_provider_why_its_buttons_are_gone(client, login, running):
    project = running("suspend")
    login(first_user(project.provider))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "您的服务商资质已暂停，暂不能在本项目上报告进展、维护实施节点或上传文件" in page
    assert f"/projects/{project.id}/progress" not in page
    assert f"/projects/{project.id}/milestones" not in page
    assert f"/projects/{project.id}/attachments" not in page
    assert f"/projects/milestones/{project.milestones[0].id}/done" not in page

    # posting anyway: the reason is shown and nothing is stored
    response = client.post(
        f"/projects/{project.id}/progress",
        data={"pg-content": "继续实施", "pg-percent_done": "40"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "您的服务商资质已被暂停，暂不能在项目上报告进展" in response.get_data(as_text=True)
    response = client.post(
        f"/projects/{project.id}/attachments",
        data={"att-purpose": "plan", "att-file": (io.BytesIO(PDF), "方案.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "暂不能在项目上报告进展、维护实施节点或上传文件" in response.get_data(as_text=True)
    assert (count(ProgressReport), count(Attachment)) == (0, 0)

    switch_language(client, "en")
    english = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Your provider status is Suspended" in english


def test_enterprise_sees_the_provider_is_suspended_and_keeps_its_buttons(client, login, running):
    project = running("suspend")
    login(first_user(project.enterprise))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f"本项目服务商“{project.provider.name}”资质已暂停" in page
    assert f"/projects/{project.id}/progress" in page
    assert f"/projects/{project.id}/attachments" in page


@pytest.fixture
def busy_provider(app, make_project, make_organisation, make_need, make_quote_request):
    """A provider with a project in progress, one open request and one quoted on an open
    need, and a request it declined (which nothing waits on)."""
    project = make_project("in_progress")
    provider = project.provider
    asked = make_quote_request(make_need(title="仓储条码管理"), provider)
    quoted = make_quote_request(make_need(title="能耗在线监测"), provider, status="quoted")
    make_quote_request(make_need(title="已婉拒的需求"), provider, status="declined")
    return provider, project, asked, quoted


def test_suspension_impact_names_open_requests_and_active_projects(busy_provider, reviewer):
    provider, project, asked, quoted = busy_provider
    impact = suspension_impact(provider, reviewer(provider.pilot))
    assert {r.id for r in impact.open_requests} == {asked.id, quoted.id}
    assert [p.id for p in impact.active_projects] == [project.id]
    assert (impact.request_count, impact.project_count) == (2, 1)


def test_official_sees_what_a_suspension_touches_before_confirming(
    client, login, busy_provider, reviewer
):
    provider, project, asked, quoted = busy_provider
    login(reviewer(provider.pilot))
    page = client.get(f"/supervision/providers/{provider.id}").get_data(as_text=True)
    assert "暂停或清退将影响：进行中的询价 2 个，未完成的项目 1 个" in page
    assert f"/supervision/needs/{asked.need_id}" in page
    assert f"/supervision/needs/{quoted.need_id}" in page
    assert f"/projects/{project.id}" in page
    block = page.split('class="suspension-impact')[1].split('class="review-actions')[0]
    assert "能耗在线监测" in block
    assert "已婉拒的需求" not in block
    confirms = re.findall(r'data-confirm="([^"]*)"', page)
    assert "将影响进行中的询价 2 个、未完成的项目 1 个，确定吗？" in confirms
    assert "清退后不可恢复。将影响进行中的询价 2 个、未完成的项目 1 个，确定吗？" in confirms

    switch_language(client, "en")
    english = client.get(f"/supervision/providers/{provider.id}").get_data(as_text=True)
    assert "2 open quote request(s) and 1 unfinished project(s)" in english


def test_no_impact_block_on_a_pending_provider(client, login, make_organisation, reviewer):
    pending = make_organisation("provider", status="pending")
    login(reviewer(pending.pilot))
    page = client.get(f"/supervision/providers/{pending.id}").get_data(as_text=True)
    assert "暂停或清退将影响" not in page
    assert "/approve" in page
