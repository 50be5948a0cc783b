"""Vetting of providers and products by officials: approve, reject, suspend, reinstate and
remove (清退). Each goes through change_state, so it is checked against the model's
transition table and written to the event log with the official and the reason.

Suspending or removing takes the product (or all of a provider's products) out of search
and matching as soon as the transaction commits: the after-commit hook in
services/indexing.py re-syncs whatever changed.
"""

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, InvalidTransition, NotAllowed
from marketplace.services.expert_rules import is_panel_city
from marketplace.services.workflow import change_state, record_event
from models import Need, Organisation, Product, Project, ProjectParty, QuoteRequest
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


# decided by the expert panel where the city reviews by panel (services/expert_panels.py)
PANEL_ACTIONS = ("approve", "reject")


def available_actions(user, subject: Organisation | Product) -> list[str]:
    if not can_review(user, subject):
        return []
    panel = _uses_panel(subject)
    return [
        action
        for action, starts in ACTION_FROM.items()
        if subject.status in starts and not (panel and action in PANEL_ACTIONS)
    ]


def _uses_panel(subject: Organisation | Product) -> bool:
    applicant = subject.provider if isinstance(subject, Product) else subject
    return is_panel_city(applicant.pilot.code)


def review(
    subject: Organisation | Product,
    action: str,
    actor,
    reason: str | None = None,
    *,
    reason_code: str | None = None,
    reason_args: dict | None = None,
):
    """Apply a review action; returns the Event. Raises NotAllowed, InvalidInput
    (reason_required) or InvalidTransition, changing nothing. A system reason (`reason_code`,
    e.g. a final 清退 of the performance evaluation) stands for the typed one. A provider
    whose credit code is on the blacklist in force is not reinstated."""
    if action not in ACTIONS:
        raise InvalidInput("unknown_action", action=action)
    if isinstance(subject, Organisation) and not subject.is_provider:
        raise NotAllowed()
    if not can_review(actor, subject):
        raise NotAllowed()
    to_state, reason_required = ACTIONS[action]
    reason = (reason or "").strip() or None
    if reason_required and reason is None and reason_code is None:
        raise InvalidInput("reason_required")
    if subject.status not in ACTION_FROM[action]:
        raise InvalidTransition(
            subject=type(subject).__name__, from_state=subject.status, to_state=to_state
        )
    if action in PANEL_ACTIONS and _uses_panel(subject):
        raise NotAllowed("panel_review_required")
    if action == "reinstate" and isinstance(subject, Organisation):
        _require_not_blacklisted_for_reinstatement(subject)
    return change_state(
        subject, to_state, actor, reason, reason_code=reason_code, reason_args=reason_args
    )


def _require_not_blacklisted_for_reinstatement(provider: Organisation) -> None:
    from marketplace.services.blacklist import entry_in_force  # blacklist suspends through here

    entry = entry_in_force(provider.credit_code)
    if entry is not None:
        raise InvalidInput("reinstate_blacklisted", until=entry.ends_on.isoformat())


def remove_from_city(provider: Organisation, pilot, actor, *, reason_code: str, reason_args):
    """清退 from one city: a provider seated in the city is removed (`review(..., "remove")`,
    by the city that vets it); one seated elsewhere stops serving the city (its served
    cities lose it), an event on the provider saying why. Returns the Event, None when the
    provider no longer serves the city."""
    if provider.pilot_id == pilot.id:
        if provider.status not in ACTION_FROM["remove"]:
            return None
        return review(provider, "remove", actor, reason_code=reason_code, reason_args=reason_args)
    if pilot not in provider.served_pilots:
        return None
    provider.served_pilots.remove(pilot)
    db.session.flush()
    return record_event(
        provider,
        provider.status,
        provider.status,
        actor,
        reason_code="removed_from_city",
        reason_args={**(reason_args or {}), "city": pilot.name},
    )


@dataclass(frozen=True)
class SuspensionImpact:
    """What suspending or removing a provider touches: its open quote requests (on open
    needs) and its projects whose work is still ahead. The lists hold those `viewer` may
    see; the `elsewhere_*` counts the rest (other cities the provider serves)."""

    open_requests: list[QuoteRequest]
    active_projects: list[Project]
    elsewhere_requests: int = 0
    elsewhere_projects: int = 0

    @property
    def request_count(self) -> int:
        return len(self.open_requests) + self.elsewhere_requests

    @property
    def project_count(self) -> int:
        return len(self.active_projects) + self.elsewhere_projects


# a project's provider still has work ahead (filing, milestones, progress, acceptance)
PROVIDER_WORK_STATUSES = Project.EDITABLE_STATUSES + Project.ACTIVE_STATUSES


def suspension_impact(provider: Organisation, viewer) -> SuspensionImpact:
    requests = (
        select(QuoteRequest)
        .join(QuoteRequest.need)
        .where(
            QuoteRequest.provider_id == provider.id,
            QuoteRequest.status.in_(QuoteRequest.OPEN_STATUSES),
            Need.status == Need.OPEN_STATUS,
        )
    )
    projects = select(Project).where(
        or_(
            Project.provider_id == provider.id,
            Project.parties.any(ProjectParty.organisation_id == provider.id),
        ),
        Project.status.in_(PROVIDER_WORK_STATUSES),
    )
    seen_requests = list(
        db.session.scalars(
            requests.where(QuoteRequest.visible_to(viewer)).order_by(QuoteRequest.created_at)
        )
    )
    seen_projects = list(
        db.session.scalars(projects.where(Project.visible_to(viewer)).order_by(Project.created_at))
    )
    return SuspensionImpact(
        seen_requests,
        seen_projects,
        _count(requests) - len(seen_requests),
        _count(projects) - len(seen_projects),
    )


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))
