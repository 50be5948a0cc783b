"""Milestone reminders: `flask notify due` tells a project's enterprise and provider that a
milestone not yet done is due within a week or is late, once per milestone, due date and
stage; the reminder reads in both languages, leads to the project and has its own email
preference."""

from datetime import date, timedelta

import pytest
from flask_babel import refresh
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import acceptance, projects
from models import Milestone, Notification, NotificationPreference
from tests.conftest import first_user

TODAY = date.today()


@pytest.fixture
def running(make_project):
    """A project in progress whose end is far off (so only milestones are reminded)."""
    project = make_project("in_progress")
    project.end_on = TODAY + timedelta(days=90)
    db.session.commit()
    return project


def add(project, title, due_on, done_on=None) -> Milestone:
    milestone = projects.add_milestone(project, first_user(project.enterprise), title, due_on)
    milestone.done_on = done_on
    db.session.commit()
    return milestone


def reminders(user, prefix="milestone_") -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id, Notification.kind.startswith(prefix))
            .order_by(Notification.id)
        )
    )


def test_a_milestone_due_within_a_week_is_reminded_once_to_enterprise_and_provider(runner, running):
    add(running, "系统部署与接口对接", TODAY + timedelta(days=5))
    owner, provider = first_user(running.enterprise), first_user(running.provider)

    result = runner.invoke(args=["notify", "due"])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["notify", "due"])  # the next run: nothing new

    for user in (owner, provider):
        [reminder] = reminders(user)
        assert reminder.kind == "milestone_due_soon"
        assert reminder.subject_type == "projects"
        assert reminder.subject_id == running.id
        assert reminder.args["milestone"] == "系统部署与接口对接"
        assert reminder.args["date"] == (TODAY + timedelta(days=5)).isoformat()


def test_a_late_milestone_is_reminded_as_overdue_and_a_moved_one_again(runner, running):
    milestone = add(running, "上线试运行与数据核对", TODAY - timedelta(days=2))
    owner = first_user(running.enterprise)

    runner.invoke(args=["notify", "due"])
    runner.invoke(args=["notify", "due"])
    assert [n.kind for n in reminders(owner)] == ["milestone_overdue"]

    milestone.due_on = TODAY + timedelta(days=3)  # the provider agreed a new date
    db.session.commit()
    runner.invoke(args=["notify", "due"])
    assert [n.kind for n in reminders(owner)] == ["milestone_overdue", "milestone_due_soon"]


def test_each_milestone_is_reminded_on_its_own(runner, running):
    add(running, "需求调研与方案确认", TODAY - timedelta(days=10))
    add(running, "设备安装与联网调试", TODAY + timedelta(days=1))

    runner.invoke(args=["notify", "due"])

    got = sorted((n.kind, n.args["milestone"]) for n in reminders(first_user(running.provider)))
    assert got == [
        ("milestone_due_soon", "设备安装与联网调试"),
        ("milestone_overdue", "需求调研与方案确认"),
    ]


def test_done_far_and_closed_projects_milestones_are_not_reminded(runner, running, make_project):
    add(running, "需求调研与方案确认", TODAY - timedelta(days=3), done_on=TODAY - timedelta(days=4))
    add(running, "培训与验收准备", TODAY + timedelta(days=30))
    other = make_project("in_progress")
    add(other, "系统开通与基础数据导入", TODAY + timedelta(days=2))
    owner = first_user(other.enterprise)
    for kind in ("invoice", "payment"):  # it asks for acceptance: its milestones are over
        acceptance.add_financial_record(other, owner, kind, other.budget_total, TODAY)
    acceptance.request_acceptance(other, owner, "已按计划上线", 1, 2)
    db.session.commit()

    runner.invoke(args=["notify", "due"])

    assert reminders(first_user(running.enterprise)) == []
    assert reminders(first_user(other.enterprise)) == []


def test_the_reminder_reads_in_chinese_and_english_and_leads_to_the_project(
    client, login, runner, running
):
    add(running, "设备安装与联网调试", TODAY - timedelta(days=1))
    runner.invoke(args=["notify", "due"])
    owner = first_user(running.enterprise)
    [reminder] = reminders(owner)
    login(owner)

    page = client.get("/notifications/").get_data(as_text=True)
    assert f"项目“{running.title}”的节点“设备安装与联网调试”已超过计划完成日期" in page
    client.get("/lang/en")
    refresh()  # the test keeps one app context, and so Babel's cached locale
    page = client.get("/notifications/").get_data(as_text=True)
    assert "milestone “设备安装与联网调试” is past its due date" in page

    opened = client.get(f"/notifications/{reminder.id}/open")
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith(f"/projects/{running.id}")


def test_milestone_reminders_have_their_own_email_preference(client, login, make_user):
    user = login(make_user("enterprise"))
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert 'value="milestone_due_soon" checked' in page
    assert "项目节点逾期" in page

    client.post("/notifications/preferences", data={"email": ["milestone_overdue"]})

    chosen = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.is_email).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    assert chosen["milestone_overdue"] is True
    assert chosen["milestone_due_soon"] is False
