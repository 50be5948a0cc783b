"""Conversations between the two sides: a thread on a quote request (its enterprise and its
provider) and one on a project (its enterprise, its providers and the officials supervising
it). Each message is an event, so its readers are told (services/notifications.py). A
message may carry one file, checked and stored as every upload is (services/attachments.py).

A provider answering a lead expresses interest (表达意向): the enterprise accepts it, which
sends the provider a quote request (the ordinary flow from there, the provider's words as
the first message of its thread), or ignores it."""

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import quotes
from marketplace.services.attachments import save_attachment
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.notifications import organisation_users, project_parties
from marketplace.services.workflow import (
    change_state,
    record_event,
    require_active_provider,
    require_transition,
)
from models import LeadInterest, Message, Need, Project, QuoteRequest, User
from models.access import Who, may

MAX_BODY = 2000
THREAD_MODELS = {"quote_requests": QuoteRequest, "projects": Project}


def thread_of(thread_type: str, thread_id: int):
    model = THREAD_MODELS.get(thread_type)
    return db.session.get(model, thread_id) if model is not None else None


def may_take_part(subject, user) -> bool:
    """The one rule of who reads and writes a thread: a quote request's enterprise and
    provider (never staff, never another provider); a project's enterprise, its providers
    and the staff whose jurisdiction covers it (Project.can_view)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if isinstance(subject, QuoteRequest):
        return may(user, subject, Who.OWNER) or may(user, subject, Who.COUNTERPARTY)
    if isinstance(subject, Project):
        return subject.can_view(user)
    return False


def messages_of(subject) -> list[Message]:
    return list(
        db.session.scalars(
            select(Message)
            .where(Message.thread_type == subject.__tablename__, Message.thread_id == subject.id)
            .order_by(Message.created_at, Message.id)
        )
    )


def thread_members(message: Message) -> list[User]:
    """Who is told of a message: the other side(s) of the thread, and on a project the
    officials who have written in it (not every official of the city)."""
    subject = thread_of(message.thread_type, message.thread_id)
    if isinstance(subject, QuoteRequest):
        users = organisation_users(subject.need.enterprise_id) + organisation_users(
            subject.provider_id
        )
    else:
        writers = select(Message.author_id).where(
            Message.thread_type == "projects", Message.thread_id == subject.id
        )
        officials = db.session.scalars(
            select(User).where(User.id.in_(writers), User.organisation_id.is_(None))
        )
        users = project_parties(subject) + list(officials)
    return [
        u
        for u in users
        if u.id != message.author_id
        and (message.organisation_id is None or u.organisation_id != message.organisation_id)
    ]


def post_message(subject, actor, body: str, file=None) -> Message:
    """Add a message (words, a file or both) to the thread of `subject`. Raises NotAllowed
    for someone outside the thread, InvalidInput 'message_empty' / 'message_too_long', and
    the upload errors of save_attachment."""
    if not may_take_part(subject, actor):
        raise NotAllowed("not_in_thread")
    if actor.organisation is not None:
        require_active_provider(actor.organisation, "quote")
    body = (body or "").strip()
    has_file = file is not None and getattr(file, "filename", "")
    if not body and not has_file:
        raise InvalidInput("message_empty")
    if len(body) > MAX_BODY:
        raise InvalidInput("message_too_long", limit=MAX_BODY)
    attachment = None
    if has_file:
        project = subject if isinstance(subject, Project) else None
        attachment = save_attachment(file, actor, project=project)
    return _add_message(subject, actor, body, attachment)


def _add_message(subject, author, body: str, attachment=None) -> Message:
    message = Message(
        thread_type=subject.__tablename__,
        thread_id=subject.id,
        author_id=author.id,
        organisation_id=author.organisation_id,
        body=body,
        attachment=attachment,
    )
    db.session.add(message)
    db.session.flush()
    record_event(message, None, "sent", author)
    return message


def message_attachment(subject, attachment_id: int):
    """The file of a message of this thread (None if no message of the thread has it)."""
    message = db.session.scalar(
        select(Message).where(
            Message.thread_type == subject.__tablename__,
            Message.thread_id == subject.id,
            Message.attachment_id == attachment_id,
        )
    )
    return message.attachment if message is not None else None


def express_interest(need: Need, actor, message: str, product=None) -> LeadInterest:
    """A provider's 表达意向 on a lead it can see. Raises NotAllowed 'not_a_provider',
    'provider_not_active', 'need_not_open', 'already_asked', 'interest_exists';
    InvalidInput 'message_empty' / 'message_too_long' / 'product_of_other_provider'."""
    provider = actor.organisation
    if provider is None or not provider.is_provider:
        raise NotAllowed("not_a_provider")
    require_active_provider(provider, "quote")
    if need.status != Need.OPEN_STATUS:
        raise NotAllowed("need_not_open")
    if product is not None and product.provider_id != provider.id:
        raise InvalidInput("product_of_other_provider")
    message = (message or "").strip()
    if not message:
        raise InvalidInput("message_empty")
    if len(message) > MAX_BODY:
        raise InvalidInput("message_too_long", limit=MAX_BODY)
    if provider.id in quotes.existing_provider_ids(need):
        raise NotAllowed("already_asked")
    if interest_of(need, provider.id) is not None:
        raise NotAllowed("interest_exists")
    interest = LeadInterest(
        need=need, provider=provider, product=product, author_id=actor.id, message=message
    )
    db.session.add(interest)
    db.session.flush()
    record_event(interest, None, "pending", actor)
    return interest


def interest_of(need: Need, provider_id: int) -> LeadInterest | None:
    return db.session.scalar(
        select(LeadInterest).where(
            LeadInterest.need_id == need.id, LeadInterest.provider_id == provider_id
        )
    )


def accept_interest(interest: LeadInterest, actor) -> QuoteRequest:
    """The enterprise asks the interested provider for a quote (the usual checks of
    quotes.request_quote_from apply); the provider's words open the request's thread."""
    require_transition(interest, "accepted", actor)
    author = db.session.get(User, interest.author_id)
    request = quotes.request_quote_from(
        interest.need, interest.provider, actor, interest.product, ""
    )
    change_state(interest, "accepted", actor)
    interest.quote_request_id = request.id
    _add_message(request, author, interest.message)
    return request


def ignore_interest(interest: LeadInterest, actor) -> None:
    change_state(interest, "ignored", actor)


def pending_interests(enterprise_id: int) -> list[LeadInterest]:
    return list(
        db.session.scalars(
            select(LeadInterest)
            .join(Need, LeadInterest.need_id == Need.id)
            .where(Need.enterprise_id == enterprise_id, LeadInterest.status == "pending")
            .order_by(LeadInterest.created_at.desc())
        )
    )


def may_see_interest(interest: LeadInterest, user) -> bool:
    return may(user, interest, Who.OWNER) or may(user, interest, Who.COUNTERPARTY)
