"""Complaints against providers: the enterprise files one about a quote request or a project,
the provider answers by the city's deadline, an official of the enterprise's jurisdiction
handles it (mediated / upheld / dismissed, with a reason), an unanswered one also after its
deadline. Every step goes through change_state, so it is checked and written as an event."""

from datetime import date

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services.answerable_rules import complaint_categories, respond_by
from marketplace.services.attachments import save_attachment
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import change_state, record_event, require_transition
from models import Complaint, ComplaintFile, Organisation, utcnow
from models.access import Who, may
from models.complaint import HANDLED

MAX_TEXT = 4000
MAX_FILES = 5


def _text(value: str | None, missing) -> str:
    """The typed text, stripped; `missing()` is the error when there is none."""
    text = (value or "").strip()
    if not text:
        raise missing()
    if len(text) > MAX_TEXT:
        raise InvalidInput("text_too_long", limit=MAX_TEXT)
    return text


def complaint_subject_providers(subject) -> set[int]:
    """Whom a complaint about `subject` may name: a request's provider, a project's parties."""
    return subject.party_ids() if hasattr(subject, "party_ids") else {subject.provider_id}


def file_complaint(subject, provider_id: int, actor, category: str, description: str, files=()):
    """The enterprise of `subject` (a QuoteRequest or a Project) complains about one of its
    providers. Raises NotAllowed (not_owner) or InvalidInput (complaint_provider,
    complaint_category, description_required, text_too_long, too_many_files, file errors)."""
    if not may(actor, subject, Who.OWNER):
        raise NotAllowed("not_owner")
    if provider_id not in complaint_subject_providers(subject):
        raise InvalidInput("complaint_provider")
    if category not in complaint_categories():
        raise InvalidInput("complaint_category")
    description = _text(description, lambda: InvalidInput("description_required"))
    files = [f for f in files if getattr(f, "filename", "")]
    if len(files) > MAX_FILES:
        raise InvalidInput("too_many_files", limit=MAX_FILES)
    enterprise = db.session.get(Organisation, subject.owner_id)
    complaint = Complaint(
        enterprise_id=enterprise.id,
        provider_id=provider_id,
        pilot_id=enterprise.pilot_id,
        district_id=enterprise.district_id,
        project_id=subject.id if hasattr(subject, "party_ids") else None,
        quote_request_id=None if hasattr(subject, "party_ids") else subject.id,
        category=category,
        description=description,
        respond_by=respond_by(date.today(), enterprise.pilot.code),
        filed_by_id=actor.id,
    )
    db.session.add(complaint)
    db.session.flush()
    for file in files:
        complaint.files.append(ComplaintFile(attachment=save_attachment(file, actor)))
    record_event(complaint, None, "filed", actor, reason_code="complaint_filed")
    db.session.flush()
    return complaint


def respond_to_complaint(complaint: Complaint, actor, response: str, today: date | None = None):
    """The provider's answer, on or before the deadline (after it the official takes over)."""
    require_transition(complaint, "responded", actor)
    if complaint.is_overdue(today):
        raise NotAllowed("complaint_response_overdue")
    complaint.response = _text(response, lambda: InvalidInput("response_required"))
    complaint.responded_at = utcnow()
    change_state(complaint, "responded", actor, reason_code="complaint_responded")
    return complaint


def handle_complaint(complaint: Complaint, actor, outcome: str, reason: str, today=None):
    """The official's outcome with the reason; an unanswered complaint only once overdue."""
    if outcome not in HANDLED:
        raise InvalidInput("complaint_outcome")
    require_transition(complaint, outcome, actor)
    if complaint.status == "filed" and not complaint.is_overdue(today):
        raise NotAllowed("complaint_awaiting_response")
    reason = _text(reason, lambda: InvalidInput("reason_required"))
    complaint.handled_by_id = actor.id
    complaint.handled_at = utcnow()
    change_state(complaint, outcome, actor, reason)
    return complaint


def available_steps(complaint: Complaint, user, today: date | None = None) -> dict[str, bool]:
    """What the page offers `user`: respond, handle (the outcomes)."""
    respond = (
        complaint.status == "filed"
        and not complaint.is_overdue(today)
        and may(user, complaint, Who.COUNTERPARTY)
    )
    handle = (complaint.status == "responded" or complaint.is_overdue(today)) and may(
        user, complaint, Who.SUPERVISOR
    )
    return {"respond": respond, "handle": handle}


def visible_complaints(user, status: str | None = None):
    query = select(Complaint).where(Complaint.visible_to(user))
    if status == "overdue":
        query = query.where(Complaint.overdue_clause(date.today()))
    elif status in Complaint.STATUSES:
        query = query.where(Complaint.status == status)
    return query.order_by(Complaint.created_at.desc(), Complaint.id.desc())


def overdue_count(jurisdiction, today: date | None = None) -> int:
    """Complaints of `jurisdiction` unanswered after their deadline (the dashboard's card)."""
    return db.session.scalar(
        select(func.count(Complaint.id)).where(
            Complaint.in_jurisdiction(jurisdiction), Complaint.overdue_clause(today or date.today())
        )
    )


def overdue_complaints(jurisdiction, district_id=None, today=None, limit: int = 50) -> list[dict]:
    """The dashboard card: complaints of `jurisdiction` (and the district filter) unanswered
    past their deadline, oldest deadline first, as plain rows (the dashboard is cached)."""
    today = today.date() if hasattr(today, "date") else today
    query = select(Complaint).where(
        Complaint.in_jurisdiction(jurisdiction), Complaint.overdue_clause(today or date.today())
    )
    if district_id:
        query = query.where(Complaint.district_id == district_id)
    rows = db.session.scalars(query.order_by(Complaint.respond_by, Complaint.id).limit(limit))
    return [
        {
            "id": c.id,
            "provider": c.provider.name,
            "enterprise": c.enterprise.name,
            "respond_by": c.respond_by,
        }
        for c in rows
    ]
