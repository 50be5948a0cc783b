"""Each city's subsidy budget (奖补资金预算), versioned: set by a city-level official with a
reason, never edited in place. Against it: committed (confirmed, not yet paid: the scheduled
instalments), paid, and the amounts waiting for a second official's approval.

Confirming beyond 100% of the budget is refused (`require_room`), not merely warned: money the
city has not budgeted cannot be disbursed, and the official who needs more sets a new budget
version, with who, when and why on record. A city without a budget is not checked (and the
dashboard says the budget is not set)."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.subsidy_rules import CENT
from models import PilotCity, Project, SubsidyApproval, SubsidyBudget, SubsidyPayment
from models.access import Jurisdiction

WARN_SHARE = Decimal("0.8")
FULL_SHARE = Decimal("1")
MAX_BUDGET = Decimal("1e12")


@dataclass(frozen=True)
class BudgetUse:
    """One city's budget and what stands against it (amounts in 元)."""

    pilot_id: int
    budget: Decimal | None
    committed: Decimal
    paid: Decimal
    pending: Decimal

    @property
    def used(self) -> Decimal:
        return self.committed + self.paid

    @property
    def share(self) -> Decimal | None:
        if not self.budget:
            return None
        return self.used / self.budget

    @property
    def percent(self) -> int | None:
        share = self.share
        return (
            None if share is None else int((share * 100).to_integral_value(rounding="ROUND_FLOOR"))
        )

    @property
    def level(self) -> str:
        """'unset', 'ok', 'warning' (≥ 80%) or 'exhausted' (≥ 100%)."""
        share = self.share
        if share is None:
            return "unset"
        if share >= FULL_SHARE:
            return "exhausted"
        return "warning" if share >= WARN_SHARE else "ok"

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.used


def can_set_budget(user, pilot_id: int) -> bool:
    """A city-level official of that city, or an admin."""
    jurisdiction = Jurisdiction.of(user, pilot_id)
    return (
        jurisdiction is not None
        and not jurisdiction.is_district
        and jurisdiction.pilot_id == pilot_id
    )


def current_budget(pilot_id: int) -> SubsidyBudget | None:
    return db.session.scalar(
        select(SubsidyBudget)
        .where(SubsidyBudget.pilot_id == pilot_id)
        .order_by(SubsidyBudget.version.desc())
        .limit(1)
    )


def budget_versions(pilot_id: int) -> list[SubsidyBudget]:
    return list(
        db.session.scalars(
            select(SubsidyBudget)
            .where(SubsidyBudget.pilot_id == pilot_id)
            .order_by(SubsidyBudget.version.desc())
        )
    )


def set_budget(pilot_id: int, actor, amount, note: str) -> SubsidyBudget:
    """A new budget version for the city: the amount and why it changed (required)."""
    if db.session.get(PilotCity, pilot_id) is None:
        raise InvalidInput("unknown_pilot")
    if not can_set_budget(actor, pilot_id):
        raise NotAllowed("not_city_official")
    try:
        amount = Decimal(str(amount)).quantize(CENT)
    except (ArithmeticError, ValueError):
        raise InvalidInput("bad_budget") from None
    if not amount.is_finite() or amount <= 0 or amount >= MAX_BUDGET:
        raise InvalidInput("bad_budget")
    if not (note or "").strip():
        raise InvalidInput("budget_note_required")
    previous = current_budget(pilot_id)
    budget = SubsidyBudget(
        pilot_id=pilot_id,
        version=(previous.version + 1) if previous else 1,
        amount=amount,
        note=note.strip()[:2000],
        created_by_id=actor.id,
    )
    db.session.add(budget)
    db.session.flush()
    return budget


def budget_use(pilot_id: int) -> BudgetUse:
    budget = current_budget(pilot_id)

    def payments(status: str) -> Decimal:
        total = db.session.scalar(
            select(func.coalesce(func.sum(SubsidyPayment.amount), 0))
            .join(Project, Project.id == SubsidyPayment.project_id)
            .where(Project.pilot_id == pilot_id, SubsidyPayment.status == status)
        )
        return Decimal(str(total)).quantize(CENT)

    pending = db.session.scalar(
        select(func.coalesce(func.sum(SubsidyApproval.amount), 0))
        .join(Project, Project.id == SubsidyApproval.project_id)
        .where(Project.pilot_id == pilot_id, SubsidyApproval.status == "pending")
    )
    return BudgetUse(
        pilot_id=pilot_id,
        budget=budget.amount if budget else None,
        committed=payments("scheduled"),
        paid=payments("paid"),
        pending=Decimal(str(pending)).quantize(CENT),
    )


def require_room(pilot_id: int, amount: Decimal) -> None:
    """Refuse a confirmation that would take the city past 100% of its budget."""
    use = budget_use(pilot_id)
    if use.budget is None:
        return
    if use.used + amount > use.budget:
        raise InvalidInput(
            "budget_exceeded",
            remaining=str(max(use.remaining, Decimal("0"))),
            budget=str(use.budget),
        )


def budgets_in(pilot_ids) -> list[BudgetUse]:
    """The dashboard's budget lines, one per city."""
    return [budget_use(pilot_id) for pilot_id in pilot_ids]
