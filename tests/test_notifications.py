"""The notification centre: every event that concerns a user lands in their inbox (and only
theirs), with an unread count in the top bar, mark-read, mark-all-read and deadline
reminders written once per project and deadline."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services import quotes
from models import Notification, NotificationPreference, User
from tests.conftest import first_user


def kinds_of(user: User, prefix: str = "") -> list[str]:
    return sorted(
        db.session.scalars(
            select(Notification.kind).where(
                Notification.user_id == user.id, Notification.kind.startswith(prefix)
            )
        )
    )


def unread_badge(client) -> int:
    page = client.get("/notifications/").get_data(as_text=True)
    found = re.search(r'data-unread="(\d+)"', page)
    return int(found.group(1)) if found else 0


@pytest.fixture
def asked(app, make_organisation, make_need, make_product, make_quote_request, make_user):
    """A need, two approved providers (the first with a second user) and a request to the first."""
    need = make_need(title="车间设备联网改造")
    provider = make_organisation("provider")
    colleague = make_user("provider", organisation=provider)
    other = make_organisation("provider")
    request = make_quote_request(need, provider)
    return need, provider, colleague, other, request


def test_a_quote_request_tells_the_providers_users_and_nobody_else(asked):
    need, provider, colleague, other, _request = asked

    assert kinds_of(first_user(provider), "quote_") == ["quote_requested"]
    assert kinds_of(colleague, "quote_") == ["quote_requested"]
    assert kinds_of(first_user(other), "quote_") == []
    assert kinds_of(first_user(need.enterprise)) == []  # the one who asked


def test_a_quote_and_a_decline_tell_the_enterprise(
    asked, make_organisation, make_quote, make_quote_request
):
    need, provider, _colleague, other, request = asked
    make_quote(request)
    make_quote_request(need, other, status="declined")

    owner = first_user(need.enterprise)
    assert kinds_of(owner) == ["quote_answered", "quote_declined"]
    assert kinds_of(first_user(provider), "quote_") == ["quote_requested"]  # not its own answer


def test_acceptance_tells_the_winner_and_the_providers_not_selected(
    asked, make_quote, make_quote_request
):
    need, provider, _colleague, other, request = asked
    make_quote(request)
    losing = make_quote_request(need, other, status="quoted")
    quotes.accept_quote(request, first_user(need.enterprise), revision=request.quote.revision)
    db.session.commit()

    assert "quote_accepted" in kinds_of(first_user(provider))
    assert "quote_not_selected" not in kinds_of(first_user(provider))
    assert "quote_not_selected" in kinds_of(first_user(losing.provider))
    assert "quote_accepted" not in kinds_of(first_user(losing.provider))


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("approved", ["provider_approved"]),
        ("rejected", ["provider_rejected"]),
        ("suspended", ["provider_approved", "provider_suspended"]),
    ],
)
def test_review_results_tell_the_provider(app, make_organisation, reviewer, status, expected):
    provider = make_organisation("provider", status=status)

    assert kinds_of(first_user(provider), "provider_") == expected
    assert kinds_of(reviewer(provider.pilot)) == []


def test_product_review_results_tell_its_provider(app, make_organisation, make_product):
    provider = make_organisation("provider")
    make_product(provider=provider, status="rejected", name="设备点检APP")
    make_product(provider=provider, status="suspended")

    assert kinds_of(first_user(provider), "product_") == [
        "product_approved",
        "product_rejected",
        "product_suspended",
    ]
    rejected = db.session.scalar(
        select(Notification).where(Notification.kind == "product_rejected")
    )
    assert rejected.args["title"] == "设备点检APP"


def test_a_returned_project_tells_the_enterprise(app, make_project):
    project = make_project("returned")

    assert kinds_of(first_user(project.enterprise), "project_") == ["project_returned"]
    assert kinds_of(first_user(project.provider), "project_") == []


def test_a_filed_project_tells_its_districts_officials_only(app, make_project, make_user):
    from tests.project_chain import file_project

    project = make_project("draft")
    enterprise_district = project.enterprise.district
    other_district = next(d for d in project.enterprise.pilot.districts if d != enterprise_district)
    ours = make_user("official", district=enterprise_district)
    theirs = make_user("official", district=other_district)
    elsewhere = make_user("official", pilot_code="zhuhai")

    file_project(project, first_user(project.enterprise))
    db.session.commit()

    assert kinds_of(ours) == ["project_filed"]
    assert kinds_of(theirs) == []
    assert kinds_of(elsewhere) == []


def test_an_approved_project_tells_the_enterprise_and_the_provider(app, make_project, reviewer):
    project = make_project("in_progress")

    assert "project_approved" in kinds_of(first_user(project.enterprise))
    assert "project_approved" in kinds_of(first_user(project.provider))
    assert "project_approved" not in kinds_of(reviewer(project.enterprise.pilot))  # approver


def test_acceptance_result_tells_the_parties(app, make_project):
    project = make_project("rectifying")

    assert "project_acceptance_result" in kinds_of(first_user(project.enterprise))
    assert "project_acceptance_result" in kinds_of(first_user(project.provider))


def test_unread_count_mark_read_and_mark_all_read(client, login, asked):
    _need, provider, colleague, _other, request = asked
    login(colleague)  # a provider colleague: only the quote request concerns them
    assert unread_badge(client) == 1

    notification = db.session.scalar(
        select(Notification).where(Notification.user_id == colleague.id)
    )
    response = client.get(f"/notifications/{notification.id}/open")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/quotes/{request.id}")
    assert unread_badge(client) == 0

    user = login(first_user(provider))
    before = unread_badge(client)
    assert before == 2  # its own vetting (provider approved) and the quote request
    first = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    client.post(f"/notifications/{first.id}/read")
    assert unread_badge(client) == before - 1

    client.post("/notifications/read-all")
    assert unread_badge(client) == 0
    unread = select(func.count()).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    assert db.session.scalar(unread) == 0


def test_the_inbox_lists_the_notification_with_a_link(client, login, asked):
    _need, _provider, colleague, _other, _request = asked
    login(colleague)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "车间设备联网改造" in page
    assert "企业向您发来询价" in page
    assert client.get("/notifications/?unread=1").status_code == 200


def test_the_inbox_speaks_english_to_an_english_user(client, login, asked):
    _need, _provider, colleague, _other, _request = asked
    colleague.locale = "en"
    db.session.commit()
    login(colleague)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "asked you for a quote" in page
    assert "Mark all as read" in page


def test_another_users_notification_is_404(client, login, asked, make_user):
    _need, _provider, colleague, _other, _request = asked
    notification = db.session.scalar(
        select(Notification).where(Notification.user_id == colleague.id)
    )
    login(make_user("provider"))
    assert client.get(f"/notifications/{notification.id}/open").status_code == 404
    assert client.post(f"/notifications/{notification.id}/read").status_code == 404
    db.session.refresh(notification)
    assert notification.read_at is None


def test_the_inbox_needs_a_login(client):
    assert client.get("/notifications/").status_code == 302


def test_email_preferences_are_saved_per_kind(client, login, make_user):
    user = login(make_user("enterprise"))
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert 'value="quote_answered" checked' in page

    client.post("/notifications/preferences", data={"email": ["message", "no_such_kind"]})

    chosen = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.is_email).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    assert chosen["message"] is True
    assert chosen["quote_answered"] is False
    assert "no_such_kind" not in chosen
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert 'value="quote_answered" checked' not in page
    assert 'value="message" checked' in page


def test_deadline_reminders_are_written_once_per_project_and_deadline(runner, make_project):
    project = make_project("in_progress")
    owner, provider = first_user(project.enterprise), first_user(project.provider)
    project.end_on = date.today() + timedelta(days=3)
    db.session.commit()

    result = runner.invoke(args=["notify", "due"])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["notify", "due"])  # the next day's run: nothing new

    assert kinds_of(owner, "project_due") == ["project_due_soon"]
    assert kinds_of(provider, "project_due") == ["project_due_soon"]

    project.end_on = date.today() - timedelta(days=1)  # now it is late
    db.session.commit()
    runner.invoke(args=["notify", "due"])
    runner.invoke(args=["notify", "due"])

    assert kinds_of(owner, "project_overdue") == ["project_overdue"]
    late = db.session.scalar(select(Notification).where(Notification.kind == "project_overdue"))
    assert late.args["date"] == (date.today() - timedelta(days=1)).isoformat()


def test_a_far_deadline_is_not_reminded(runner, make_project):
    project = make_project("in_progress")
    project.end_on = date.today() + timedelta(days=60)
    db.session.commit()

    runner.invoke(args=["notify", "due"])

    assert kinds_of(first_user(project.enterprise), "project_due") == []


def test_the_rectification_deadline_is_reminded(runner, make_project):
    project = make_project("rectifying")
    project.rectify_deadline = date.today() + timedelta(days=2)
    db.session.commit()

    runner.invoke(args=["notify", "due"])
    runner.invoke(args=["notify", "due"])

    assert kinds_of(first_user(project.enterprise), "rectify_") == ["rectify_due_soon"]


def test_mark_all_read_without_a_csrf_token_is_refused(app, client, login, asked):
    _need, _provider, colleague, _other, _request = asked
    login(colleague)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/notifications/read-all")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    unread = select(func.count()).where(
        Notification.user_id == colleague.id, Notification.read_at.is_(None)
    )
    assert db.session.scalar(unread) == 1
