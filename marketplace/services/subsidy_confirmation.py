"""The money of a passed acceptance, the city's alone: confirming the subsidy (with four eyes
above the computed estimate), scheduling its instalments and recording each payment.

The computed estimate (marketplace/services/subsidy.py) is the rule's reading. An amount equal
to it or below takes effect at once; above it is an exception: the official types why, the
project waits in 'subsidy_pending', and a second, different city official approves (the
amount takes effect) or rejects (back to 'passed'). Every confirmation must fit the city's
budget (marketplace/services/subsidy_budget.py)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.subsidy import CENT, refresh_project_estimate
from marketplace.services.subsidy_budget import require_room
from marketplace.services.workflow import (
    change_state,
    record_event,
    require_action,
    require_transition,
)
from models import Project, SubsidyApproval, SubsidyPayment, SubsidyPolicy, utcnow


def _amount(value, default: Decimal) -> Decimal:
    if value in (None, ""):
        return default
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        raise InvalidInput("bad_amount") from None
    if not amount.is_finite():
        raise InvalidInput("bad_amount")
    if amount < 0:
        raise InvalidInput("negative_amount")
    return amount


def confirm_subsidy(project: Project, actor, amount=None, reason: str | None = None) -> Project:
    """The city confirms the amount at acceptance (default: the computed estimate, at the
    certified level). Above the estimate it needs a typed reason and becomes a pending
    approval for a second official; otherwise the instalments are scheduled now."""
    require_transition(project, "subsidy_confirmed", actor)
    if project.status == "subsidy_pending":  # that move is the second official's approval
        raise InvalidInput("approval_pending")
    estimate = refresh_project_estimate(project)
    amount = _amount(amount, estimate.total)
    reason = (reason or "").strip()
    if amount > estimate.total:
        if not reason:
            raise InvalidInput("excess_reason_required", estimate=str(estimate.total))
        require_room(project.pilot_id, amount)
        db.session.add(
            SubsidyApproval(
                project=project,
                amount=amount,
                estimate=estimate.total,
                reason=reason,
                proposed_by_id=actor.id,
            )
        )
        change_state(
            project,
            "subsidy_pending",
            actor,
            reason,
            reason_code="subsidy_excess_proposed",
            reason_args={"amount": str(amount), "estimate": str(estimate.total)},
        )
        return project
    require_room(project.pilot_id, amount)
    change_state(project, "subsidy_confirmed", actor, reason or None)
    _take_effect(project, amount)
    return project


def decide_subsidy_approval(project: Project, actor, approve: bool, note: str = "") -> Project:
    """The second official's decision on an amount above the estimate: never the proposer's
    own; a rejection says why and sends the project back to 'passed' for a new confirmation."""
    to_state = "subsidy_confirmed" if approve else "passed"
    require_transition(project, to_state, actor)
    approval = project.pending_subsidy_approval
    if approval is None:
        raise InvalidInput("no_pending_approval")
    if approval.proposed_by_id == actor.id:
        raise NotAllowed("own_subsidy_excess")
    note = (note or "").strip()
    if not approve and not note:
        raise InvalidInput("reason_required")
    if approve:
        require_room(project.pilot_id, Decimal(approval.amount))
    change_state(
        project,
        to_state,
        actor,
        note or None,
        reason_code="subsidy_excess_approved" if approve else "subsidy_excess_rejected",
        reason_args={"amount": str(approval.amount)},
    )
    approval.status = "approved" if approve else "rejected"
    approval.decided_by_id = actor.id
    approval.decided_at = utcnow()
    approval.decision_note = note
    if approve:
        _take_effect(project, Decimal(approval.amount))
    db.session.flush()
    return project


def _take_effect(project: Project, amount: Decimal) -> None:
    """The confirmed amount stored and its instalments scheduled under the policy version."""
    project.subsidy_confirmed = amount
    project.subsidy_confirmed_at = utcnow()
    policy = (
        db.session.get(SubsidyPolicy, project.subsidy_policy_id)
        if project.subsidy_policy_id
        else None
    )
    instalments = (policy.rules.get("instalments") if policy else None) or [
        {"share": 1.0, "label": "一次拨付"}
    ]
    scheduled = Decimal("0")
    for n, spec in enumerate(instalments, start=1):
        share = (
            (amount * Decimal(str(spec["share"]))).quantize(CENT)
            if n < len(instalments)
            else amount - scheduled
        )
        scheduled += share
        db.session.add(
            SubsidyPayment(project=project, instalment=n, label=spec.get("label", ""), amount=share)
        )
    db.session.flush()


def record_payment(
    payment: SubsidyPayment, actor, paid_on: date | None = None, voucher_no: str = ""
) -> SubsidyPayment:
    """Mark one instalment paid (the city only); the project is 'paid' when every one is."""
    project = payment.project
    require_action(project, "record_payment", actor)
    if project.status != "subsidy_confirmed" or payment.status == "paid":
        raise InvalidInput("payment_not_open")
    payment.status = "paid"
    payment.paid_on = paid_on or date.today()
    payment.voucher_no = voucher_no
    payment.recorded_by_id = actor.id
    record_event(
        project,
        project.status,
        project.status,
        actor,
        reason_code="instalment_paid",
        reason_args={"instalment": payment.instalment, "amount": str(payment.amount)},
    )
    db.session.flush()
    if all(p.status == "paid" for p in project.payments):
        change_state(project, "paid", actor, reason_code="subsidy_fully_paid")
    return payment
