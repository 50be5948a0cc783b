"""The one way state changes: check the aggregate's transition table (which move, and who
may make it), set the state and write the event (who, when, from, to, why).

Why is two things: `reason_code`, a code the system gives (said in the viewer's language by
marketplace/wording, with its figures in `reason_args`), and `reason`, the words a person typed.
"""

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from marketplace.extensions import db
from marketplace.services.errors import Conflict, InvalidTransition, NotAllowed
from marketplace.services.notifications import notify_event
from models import Event
from models.access import Who, may, organisation_id_of

# the error when the actor is not the one the table names (literal codes, so each is worded)
DENIALS = {
    Who.OWNER: lambda: NotAllowed("not_owner"),
    Who.COUNTERPARTY: lambda: NotAllowed("not_provider"),
    Who.PARTY: lambda: NotAllowed("not_project_member"),
    Who.VETTER: lambda: NotAllowed("not_vetter"),
    Who.DISTRICT: lambda: NotAllowed("not_district_official"),
    Who.CITY: lambda: NotAllowed("not_city_official"),
    Who.SUPERVISOR: lambda: NotAllowed("not_official_of_project"),
    Who.ASSESSOR: lambda: NotAllowed("not_assessor"),
    Who.EXPERT: lambda: NotAllowed("not_panel_expert"),
}


def require_transition(subject, to_state: str, actor) -> None:
    """Raise InvalidTransition or NotAllowed unless `actor` may move `subject` to `to_state`
    now. Services call it before validating the rest of their input."""
    who = subject.TRANSITIONS.get(subject.status, {}).get(to_state)
    if who is None:
        raise InvalidTransition(
            subject=type(subject).__name__, from_state=subject.status, to_state=to_state
        )
    if actor is not None and not may(actor, subject, who):
        raise DENIALS[who]()


# what a provider that may not act is told, by what it tried (literal codes, so each is worded)
NOT_ACTIVE = {
    "quote": lambda status: NotAllowed("provider_not_active", status=status),
    "acceptance": lambda status: NotAllowed("quoted_provider_not_active", status=status),
    "projects": lambda status: NotAllowed("provider_not_active_on_project", status=status),
}


def require_active_provider(organisation, attempt: str = "quote") -> None:
    """The one rule "this provider may act": only an approved provider answers or revises
    quotes, has its quote accepted, and works on projects (milestones, progress, files).
    Pending, suspended and removed ones get the NotAllowed of NOT_ACTIVE[attempt], with their
    status; enterprises and staff (organisation None or not a provider) pass."""
    if not _may_act(organisation):
        raise NOT_ACTIVE[attempt](organisation.status)


def _may_act(organisation) -> bool:
    return organisation is None or not organisation.is_provider or organisation.is_active_provider


def provider_may_act(user) -> bool:
    """False for a user acting for a provider that is not approved (for the page's buttons)."""
    return organisation_id_of(user) is None or _may_act(user.organisation)


def require_action(subject, action: str, actor) -> None:
    """Raise NotAllowed unless `actor` is one of those the ACTIONS table names for `action`;
    a provider among them must also be one that may act (require_active_provider)."""
    whos = subject.ACTIONS[action]
    if not any(may(actor, subject, who) for who in whos):
        raise DENIALS[whos[-1]]()
    if organisation_id_of(actor) is not None:
        require_active_provider(actor.organisation, subject.__tablename__)


def allowed_transitions(subject, user) -> list[str]:
    """The states `user` may move `subject` to from where it is (for the page's buttons)."""
    table = subject.TRANSITIONS.get(subject.status, {})
    return [to_state for to_state, who in table.items() if may(user, subject, who)]


def change_state(
    subject,
    to_state: str,
    actor=None,
    reason: str | None = None,
    *,
    reason_code: str | None = None,
    reason_args: dict | None = None,
) -> Event:
    """Move `subject` to `to_state` if its TRANSITIONS table allows the move to `actor`,
    and log it.

    `actor` is the User doing it (None for the system, e.g. a scheduled expiry). The subject's
    `status_reason` keeps the typed words, else the code (the UI says both through `wording`).
    """
    from_state = subject.status
    require_transition(subject, to_state, actor)
    subject.status = to_state
    if hasattr(subject, "status_reason"):
        subject.status_reason = reason or reason_code
    _write_first_or_lose(subject)
    return record_event(
        subject,
        from_state,
        to_state,
        actor,
        reason,
        reason_code=reason_code,
        reason_args=reason_args,
    )


def _write_first_or_lose(subject) -> None:
    """Write the move now. The UPDATE only matches while the row still has the state this
    session read (models/base.py Lifecycle); on PostgreSQL it waits for a concurrent mover's
    commit first. Zero rows means another session moved it: that one won, this one is told
    what the row became."""
    model, row_id = type(subject), subject.id  # the failed flush expires the object
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict(
            "moved_meanwhile", subject=model.__tablename__, status=current_state(model, row_id)
        ) from None


def current_state(model, row_id: int) -> str | None:
    """The committed state of a row, read outside this session's (failed) transaction."""
    return committed_value(model.status, model.id == row_id)


def committed_value(column, where):
    """One committed value, read on a connection of its own: after a lost race the
    session's transaction can run no more SQL until it rolls back."""
    with db.engine.connect() as connection:
        return connection.scalar(select(column).where(where))


def record_event(
    subject,
    from_state: str | None,
    to_state: str,
    actor=None,
    reason=None,
    *,
    reason_code: str | None = None,
    reason_args: dict | None = None,
) -> Event:
    """Log a state without a transition check: creation (from None) or a revision. Every
    event, moves included, is told to whom it concerns (services/notifications.py FAN_OUT)."""
    if subject.id is None:
        db.session.flush()
    event = Event(
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        actor_id=getattr(actor, "id", None),
        from_state=from_state,
        to_state=to_state,
        reason_code=reason_code,
        reason_args=reason_args,
        reason=reason,
    )
    db.session.add(event)
    notify_event(subject, event)
    return event


def events_for(subject) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.subject_type == subject.__tablename__, Event.subject_id == subject.id)
            .order_by(Event.at, Event.id)
        )
    )
