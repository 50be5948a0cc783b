"""Changes to the scope an approved provider serves (cities, sub-industries) go back to
review: the request is stored as a ProviderScopeChange, the provider's vetting official
approves it (the new scope goes live) or rejects it with a reason, and until then the approved
scope stays live. Each step is an event of the change. A provider not yet approved (pending,
rejected) sets its scope directly, as in registration."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput
from marketplace.services.registration import served_scope
from marketplace.services.workflow import change_state, record_event, require_transition
from models import Organisation, ProviderScopeChange, utcnow
from models.access import Jurisdiction

# the provider statuses whose served scope changes without review
DIRECT_SCOPE_STATUSES = ("pending", "rejected")


def _ids(rows) -> list[int]:
    return sorted(row.id for row in rows)


def set_served_scope(org: Organisation, served, subs, actor) -> ProviderScopeChange | None:
    """Give `org` this served scope: at once while it has never been approved, else as a
    pending change (a new one, or the one already waiting, revised). The live scope sent
    again (the profile form shows it while a change waits) leaves the waiting change as it
    is. Returns the waiting change, if any."""
    if org.status in DIRECT_SCOPE_STATUSES:
        org.served_pilots, org.served_sub_industries = list(served), list(subs)
        return None
    pilot_ids, sub_ids = _ids(served), _ids(subs)
    waiting = org.pending_scope_change
    if (pilot_ids, sub_ids) == (_ids(org.served_pilots), _ids(org.served_sub_industries)):
        return waiting
    if waiting is not None:
        if (waiting.pilot_ids, waiting.sub_industry_ids) != (pilot_ids, sub_ids):
            waiting.pilot_ids, waiting.sub_industry_ids = pilot_ids, sub_ids
            record_event(waiting, "pending", "pending", actor, reason_code="scope_change_revised")
        return waiting
    change = ProviderScopeChange(
        provider=org,
        pilot_ids=pilot_ids,
        sub_industry_ids=sub_ids,
        requested_by_id=getattr(actor, "id", None),
    )
    db.session.add(change)
    db.session.flush()
    db.session.expire(org, ["scope_changes"])
    record_event(change, None, "pending", actor, reason_code="scope_change_requested")
    return change


def decide_scope_change(
    change: ProviderScopeChange, actor, approve: bool, reason: str | None = None
) -> ProviderScopeChange:
    """The vetting official's decision. Approving makes the requested scope the live one (the
    after-commit hook in services/indexing.py then re-syncs the provider's products);
    rejecting needs a reason, which the provider sees. Raises NotAllowed, InvalidTransition or
    InvalidInput, changing nothing."""
    to_state = "approved" if approve else "rejected"
    require_transition(change, to_state, actor)
    reason = (reason or "").strip() or None
    if not approve and reason is None:
        raise InvalidInput("reason_required")
    served, subs = served_scope(set(change.pilot_ids), change.sub_industry_ids)
    change_state(change, to_state, actor, reason)
    change.decided_by_id, change.decided_at = actor.id, utcnow()
    if approve:
        change.provider.served_pilots, change.provider.served_sub_industries = served, subs
    db.session.flush()
    return change


def scope_change_queue(vetting: Jurisdiction) -> list[ProviderScopeChange]:
    """Waiting scope changes of the providers vetted in `vetting`, oldest first."""
    return list(
        db.session.scalars(
            select(ProviderScopeChange)
            .where(
                ProviderScopeChange.status == "pending",
                ProviderScopeChange.in_jurisdiction(vetting),
            )
            .options(selectinload(ProviderScopeChange.provider))
            .order_by(ProviderScopeChange.requested_at, ProviderScopeChange.id)
        )
    )
