"""Who is told of what. Every state change is an event (services/workflow.py), and every
event passes through `notify_event`: the FAN_OUT table names, per (aggregate, state reached),
the kind of notification and who gets it. A new lifecycle gets notifications by adding rows
here, not code in its service. Deadlines are not events: `notify_due` (`flask notify due`,
daily) writes their reminders once per object and deadline.

Each notification is an in-app row; a user who chose email for its kind (KINDS gives the
default) also gets a mail, queued in the same transaction (services/mail.py)."""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from marketplace.extensions import db
from models import (
    Event,
    Milestone,
    Notification,
    NotificationPreference,
    Organisation,
    Project,
    User,
    utcnow,
)

# every kind, in the order the preferences page lists them, with whether it mails by default
KINDS = {
    "quote_requested": True,
    "quote_answered": True,
    "quote_declined": True,
    "quote_withdrawn": False,
    "quote_accepted": True,
    "quote_not_selected": True,
    "provider_approved": True,
    "provider_rejected": True,
    "provider_suspended": True,
    "product_approved": True,
    "product_rejected": True,
    "product_suspended": True,
    "project_filed": False,
    "project_district_approved": False,
    "project_returned": True,
    "project_approved": True,
    "project_acceptance_result": True,
    "project_due_soon": True,
    "project_overdue": True,
    "rectify_due_soon": True,
    "rectify_overdue": True,
    "milestone_due_soon": True,
    "milestone_overdue": True,
    "message": True,
    "interest_expressed": True,
    "evaluation_published": True,
    "evaluation_final": True,
    "panel_seated": True,
}
DUE_SOON_DAYS = 7


def organisation_users(organisation_id: int | None) -> list[User]:
    if organisation_id is None:
        return []
    return list(
        db.session.scalars(
            select(User).where(User.organisation_id == organisation_id, User.is_enabled)
        )
    )


def project_officials(project: Project, *, city_level: bool = False) -> list[User]:
    """The officials who review the project: its district's (or, with `city_level` or no
    district, the city-level ones of its city)."""
    query = select(User).where(
        User.role == "official", User.is_enabled, User.pilot_id == project.pilot_id
    )
    if city_level or project.district_id is None:
        query = query.where(User.district_id.is_(None))
    else:
        query = query.where(User.district_id == project.district_id)
    return list(db.session.scalars(query))


def project_parties(project: Project) -> list[User]:
    ids = {project.enterprise_id, *project.party_ids()}
    return [user for organisation_id in sorted(ids) for user in organisation_users(organisation_id)]


def _enterprise_of_request(quote_request) -> list[User]:
    return organisation_users(quote_request.need.enterprise_id)


def _provider_of(subject) -> list[User]:
    return organisation_users(subject.provider_id)


def _organisation(org: Organisation) -> list[User]:
    return organisation_users(org.id) if org.is_provider else []


def _enterprise_of_project(project: Project) -> list[User]:
    return organisation_users(project.enterprise_id)


def _enterprise_of_interest(interest) -> list[User]:
    return organisation_users(interest.need.enterprise_id)


def _panel_experts(review) -> list[User]:
    return [seat.expert.user for seat in review.seats]


def _thread_members(message) -> list[User]:
    from marketplace.services.messages import thread_members

    return thread_members(message)


# (table of the subject, state reached) → (kind, who is told). The actor is never told.
FAN_OUT = {
    ("quote_requests", "requested"): ("quote_requested", _provider_of),
    ("quote_requests", "quoted"): ("quote_answered", _enterprise_of_request),
    ("quote_requests", "declined"): ("quote_declined", _enterprise_of_request),
    ("quote_requests", "withdrawn"): ("quote_withdrawn", _provider_of),
    ("quote_requests", "accepted"): ("quote_accepted", _provider_of),
    ("quote_requests", "not_selected"): ("quote_not_selected", _provider_of),
    ("organisations", "approved"): ("provider_approved", _organisation),
    ("organisations", "rejected"): ("provider_rejected", _organisation),
    ("organisations", "suspended"): ("provider_suspended", _organisation),
    ("products", "approved"): ("product_approved", _provider_of),
    ("products", "rejected"): ("product_rejected", _provider_of),
    ("products", "suspended"): ("product_suspended", _provider_of),
    ("projects", "filed"): ("project_filed", project_officials),
    ("projects", "district_approved"): (
        "project_district_approved",
        lambda project: project_officials(project, city_level=True),
    ),
    ("projects", "returned"): ("project_returned", _enterprise_of_project),
    ("projects", "in_progress"): ("project_approved", project_parties),
    ("projects", "passed"): ("project_acceptance_result", project_parties),
    ("projects", "rectifying"): ("project_acceptance_result", project_parties),
    ("projects", "failed"): ("project_acceptance_result", project_parties),
    ("messages", "sent"): ("message", _thread_members),
    ("lead_interests", "pending"): ("interest_expressed", _enterprise_of_interest),
    ("provider_evaluations", "published"): ("evaluation_published", _provider_of),
    ("provider_evaluations", "final"): ("evaluation_final", _provider_of),
    # a panel is formed in the scoring state: each expert seated on it is asked to score
    ("expert_reviews", "scoring"): ("panel_seated", _panel_experts),
}
# states told only when reached, not when an event stays in them: an expert's score keeps the
# panel scoring, and is no news to the other experts
TOLD_ON_ENTRY_ONLY = {("expert_reviews", "scoring")}


def subject_title(subject) -> str:
    """What the notification names (kept with it, so the inbox needs no lookups)."""
    for attribute in ("title", "name"):
        if getattr(subject, attribute, None):
            return getattr(subject, attribute)
    if subject.__tablename__ == "expert_reviews":  # the application under review
        from marketplace.services.expert_panels import subject_of

        return subject_of(subject).name
    if subject.__tablename__ == "messages":
        from marketplace.services.messages import thread_of

        return subject_title(thread_of(subject.thread_type, subject.thread_id))
    need = getattr(subject, "need", None)
    return subject_title(need) if need is not None else ""


def notify_event(subject, event: Event) -> list[Notification]:
    """The notifications an event makes (FAN_OUT), flushed with it; none if no row."""
    key = (subject.__tablename__, event.to_state)
    row = FAN_OUT.get(key)
    if row is None or key in TOLD_ON_ENTRY_ONLY and event.from_state == event.to_state:
        return []
    kind, recipients = row
    args = {"title": subject_title(subject), "to_state": event.to_state}
    if event.from_state == event.to_state:
        args["revised"] = True
    if subject.__tablename__ == "messages":
        args.update(thread_type=subject.thread_type, thread_id=subject.thread_id)
    return notify(recipients(subject), kind, subject, args, exclude=event.actor_id, event=event)


def notify(users, kind, subject, args=None, *, exclude=None, event=None, dedupe_key=None):
    """One notification per user (once per user even if listed twice), and its mail."""
    from marketplace.services.mail import queue_notification_mail

    made, seen = [], {exclude}
    for user in users:
        if user.id in seen:
            continue
        seen.add(user.id)
        notification = Notification(
            user_id=user.id,
            kind=kind,
            subject_type=subject.__tablename__,
            subject_id=subject.id,
            args=args or {},
            dedupe_key=dedupe_key,
        )
        if event is not None:
            notification.event = event
        db.session.add(notification)
        made.append(notification)
        if wants_email(user, kind):
            queue_notification_mail(user, notification)
    return made


def wants_email(user, kind: str) -> bool:
    if not current_app.config.get("MAIL_SERVER") or not user.email:
        return False
    chosen = db.session.scalar(
        select(NotificationPreference.is_email).where(
            NotificationPreference.user_id == user.id, NotificationPreference.kind == kind
        )
    )
    return KINDS.get(kind, False) if chosen is None else chosen


def email_choices(user) -> dict[str, bool]:
    """Every kind with whether `user` gets it by email (their choice, else the default)."""
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.is_email).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {kind: chosen.get(kind, default) for kind, default in KINDS.items()}


def set_email_choices(user, email_kinds) -> None:
    """Email for exactly the kinds in `email_kinds` (unknown names are ignored)."""
    wanted = set(email_kinds)
    existing = {
        p.kind: p
        for p in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for kind in KINDS:
        preference = existing.get(kind) or NotificationPreference(user_id=user.id, kind=kind)
        preference.is_email = kind in wanted
        db.session.add(preference)
    db.session.flush()


def inbox_query(user, unread_only: bool = False):
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def unread_count(user) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def settle(user, kind: str, subject) -> int:
    """The user's unread `kind` notifications of `subject` are read: what they asked the user
    to do is done (an expert's "please score" once they have scored)."""
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.kind == kind,
            Notification.subject_type == subject.__tablename__,
            Notification.subject_id == subject.id,
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    return result.rowcount or 0


def mark_all_read(user) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0


# deadline → (the projects it applies to, the date column, kind before it, kind after it)
DEADLINES = (
    ("in_progress", Project.end_on, "project_due_soon", "project_overdue"),
    ("rectifying", Project.rectify_deadline, "rectify_due_soon", "rectify_overdue"),
)


def notify_due(today: date | None = None) -> int:
    """Reminders for the deadlines near (within DUE_SOON_DAYS) or passed: once per project,
    deadline date and stage (a moved deadline is reminded again), and once per milestone not
    done of a project in progress, its due date and stage. Returns how many."""
    today = today or date.today()
    made = 0
    for status, column, soon_kind, late_kind in DEADLINES:
        projects = db.session.scalars(
            select(Project).where(
                Project.status == status,
                column.is_not(None),
                column <= today + timedelta(days=DUE_SOON_DAYS),
            )
        )
        for project in projects:
            deadline = getattr(project, column.key)
            kind = late_kind if deadline < today else soon_kind
            key = f"{kind}:{project.id}:{deadline.isoformat()}"
            args = {"title": project.title, "date": deadline.isoformat()}
            for user in project_parties(project):
                if _reminded(user, key):
                    continue
                made += len(notify([user], kind, project, args, dedupe_key=key))
    made += _remind_milestones(today)
    db.session.flush()
    return made


def _remind_milestones(today: date) -> int:
    """A milestone's enterprise and provider are told it is near or late (the project is the
    subject, so the reminder leads to the project page where the milestone is marked done)."""
    made = 0
    milestones = db.session.scalars(
        select(Milestone)
        .join(Milestone.project)
        .where(
            Project.status == "in_progress",
            Milestone.done_on.is_(None),
            Milestone.due_on <= today + timedelta(days=DUE_SOON_DAYS),
        )
        .order_by(Milestone.due_on, Milestone.id)
    )
    for milestone in milestones:
        project = milestone.project
        kind = "milestone_overdue" if milestone.due_on < today else "milestone_due_soon"
        key = f"{kind}:{milestone.id}:{milestone.due_on.isoformat()}"
        args = {
            "title": project.title,
            "milestone": milestone.title,
            "date": milestone.due_on.isoformat(),
        }
        users = organisation_users(project.enterprise_id) + organisation_users(project.provider_id)
        for user in users:
            if not _reminded(user, key):
                made += len(notify([user], kind, project, args, dedupe_key=key))
    return made


def _reminded(user, key: str) -> bool:
    return (
        db.session.scalar(
            select(Notification.id).where(
                Notification.user_id == user.id, Notification.dedupe_key == key
            )
        )
        is not None
    )
