"""Vetting of providers and products by officials: approve, reject, suspend, reinstate and
remove (清退). Each goes through change_state, so it is checked against the model's
transition table and written to the event log with the official and the reason.

Suspending or removing takes the product (or all of a provider's products) out of search
and matching as soon as the transaction commits: the after-commit hook in
services/indexing.py re-syncs whatever changed.
"""

from marketplace.services.errors import InvalidInput, InvalidTransition, NotAllowed
from marketplace.services.workflow import change_state
from models import Organisation, Product
from models.access import Who, may

# action → (target state, reason required)
ACTIONS = {
    "approve": ("approved", False),
    "reject": ("rejected", True),
    "suspend": ("suspended", True),
    "reinstate": ("approved", False),
    "remove": ("removed", True),
}
# which states an action may start from (the transition tables allow more, e.g. a
# suspended product going back to approved is a reinstatement, not an approval)
ACTION_FROM = {
    "approve": {"pending"},
    "reject": {"pending"},
    "suspend": {"approved"},
    "reinstate": {"suspended"},
    "remove": {"approved", "suspended"},
}


def can_review(user, subject: Organisation | Product) -> bool:
    """Vetting belongs to the staff whose vetting jurisdiction holds the provider's seat
    (its district, or its city where the city vets providers itself)."""
    return may(user, subject, Who.VETTER)


def available_actions(user, subject: Organisation | Product) -> list[str]:
    if not can_review(user, subject):
        return []
    return [action for action, starts in ACTION_FROM.items() if subject.status in starts]


def review(subject: Organisation | Product, action: str, actor, reason: str | None = None):
    """Apply a review action; returns the Event. Raises NotAllowed, InvalidInput
    (reason_required) or InvalidTransition, changing nothing."""
    if action not in ACTIONS:
        raise InvalidInput("unknown_action", action=action)
    if isinstance(subject, Organisation) and not subject.is_provider:
        raise NotAllowed()
    if not can_review(actor, subject):
        raise NotAllowed()
    to_state, reason_required = ACTIONS[action]
    reason = (reason or "").strip() or None
    if reason_required and reason is None:
        raise InvalidInput("reason_required")
    if subject.status not in ACTION_FROM[action]:
        raise InvalidTransition(
            subject=type(subject).__name__, from_state=subject.status, to_state=to_state
        )
    return change_state(subject, to_state, actor, reason)
