"""Subsidies under each pilot city's policy (data in marketplace/data/subsidy_policies.json,
kept as versioned SubsidyPolicy rows): estimates, the official's confirmation, instalments."""

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import (
    change_state,
    record_event,
    require_action,
    require_transition,
)
from models import PilotCity, Project, Quote, SubsidyPayment, SubsidyPolicy
from models.access import Jurisdiction
from models.project import BUDGET_KINDS

CENT = Decimal("0.01")


def policy_definitions() -> list[dict]:
    text = resources.files("marketplace.data").joinpath("subsidy_policies.json").read_text("utf-8")
    return json.loads(text)["policies"]


def load_policies() -> int:
    """Version 1 of every city's policy from the data file, for cities that have none yet."""
    have = set(db.session.scalars(select(SubsidyPolicy.pilot_id)))
    pilots = {p.code: p for p in db.session.scalars(select(PilotCity))}
    added = 0
    for spec in policy_definitions():
        pilot = pilots.get(spec["pilot"])
        if pilot is None or pilot.id in have:
            continue
        rules = {k: v for k, v in spec.items() if k not in ("pilot", "title", "source")}
        db.session.add(
            SubsidyPolicy(
                pilot_id=pilot.id,
                version=1,
                is_current=True,
                title=spec["title"],
                source=spec["source"],
                rules=rules,
                change_note="初始版本（据试点方案录入）",
            )
        )
        added += 1
    db.session.flush()
    return added


def current_policy(pilot_id: int) -> SubsidyPolicy | None:
    """The city's policy in force; None until `flask init-db` (load_policies) has run."""
    return db.session.scalar(
        select(SubsidyPolicy).where(SubsidyPolicy.pilot_id == pilot_id, SubsidyPolicy.is_current)
    )


def policy_versions(pilot_id: int) -> list[SubsidyPolicy]:
    return list(
        db.session.scalars(
            select(SubsidyPolicy)
            .where(SubsidyPolicy.pilot_id == pilot_id)
            .order_by(SubsidyPolicy.version.desc())
        )
    )


def can_edit_policy(user, pilot_id: int) -> bool:
    """The city decides its money: its city-level officials (and admins), never a district."""
    jurisdiction = Jurisdiction.of(user)
    return (
        jurisdiction is not None
        and not jurisdiction.is_district
        and jurisdiction.pilot_id in (None, pilot_id)
    )


def create_policy_version(pilot_id: int, rules: dict, actor, change_note: str) -> SubsidyPolicy:
    """An edit is a new version; the previous one stays for the projects computed with it."""
    if not can_edit_policy(actor, pilot_id):
        raise NotAllowed("not_city_official")
    validate_rules(rules)
    previous = current_policy(pilot_id)
    version = (
        db.session.scalar(
            select(func.max(SubsidyPolicy.version)).where(SubsidyPolicy.pilot_id == pilot_id)
        )
        or 0
    ) + 1
    if previous is not None:
        previous.is_current = False
    policy = SubsidyPolicy(
        pilot_id=pilot_id,
        version=version,
        is_current=True,
        title=previous.title if previous else "奖补政策",
        source=previous.source if previous else "",
        rules=rules,
        change_note=change_note,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(policy)
    db.session.flush()
    return policy


def validate_rules(rules: dict) -> None:
    if not isinstance(rules, dict) or not isinstance(rules.get("items"), list):
        raise InvalidInput("policy_items_required")
    for kind in rules.get("eligible_kinds", []):
        if kind not in BUDGET_KINDS:
            raise InvalidInput("unknown_kind", kind=kind)
    for item in rules["items"]:
        if not isinstance(item, dict) or not item.get("code") or not item.get("label"):
            raise InvalidInput("item_code_label_required")
        for key in ("rate", "cap", "fixed"):
            value = item.get(key)
            if value is not None and (not isinstance(value, int | float) or value < 0):
                raise InvalidInput("bad_number", item=item["code"], key=key)
        if item.get("rate") is not None and item["rate"] > 1:
            raise InvalidInput("rate_above_one", item=item["code"])
    shares = [Decimal(str(i["share"])) for i in rules.get("instalments", [])]
    if shares and sum(shares) != Decimal(1):
        raise InvalidInput("instalments_must_sum_to_one")


# --- computation -------------------------------------------------------------------------


@dataclass
class ItemResult:
    code: str
    label: str
    group: str
    base: Decimal
    amount: Decimal
    applies: bool
    chosen: bool = False
    why_not: str | None = None  # level / benchmark / first_cloud / no_base / cap_used


@dataclass
class SubsidyEstimate:
    total: Decimal
    eligible_investment: Decimal
    investment: Decimal
    level: int | None
    items: list[ItemResult] = field(default_factory=list)
    no_figures: bool = False
    policy_id: int | None = None
    policy_version: int | None = None

    @property
    def net_cost(self) -> Decimal:
        return self.investment - self.total

    @property
    def chosen(self) -> list[ItemResult]:
        return [i for i in self.items if i.chosen]

    def to_dict(self) -> dict:
        data = asdict(self)
        return json.loads(json.dumps(data, default=str))


def compute_subsidy(
    rules: dict,
    amounts: dict[str, Decimal],
    level: int | None,
    *,
    benchmark: bool = False,
    first_cloud: bool = False,
    received: dict[str, Decimal] | None = None,
) -> SubsidyEstimate:
    """The subsidy under `rules` for investment `amounts` (元 by budget kind) at `level`.

    Each enterprise item: min(rate × base, cap) when its conditions hold; within a group only
    the best counts (就高不重复); groups add up. `received`: what the enterprise already got
    under each item code on other projects (cumulative caps, 标杆 minus 普惠).
    """
    received = {k: Decimal(str(v)) for k, v in (received or {}).items()}
    amounts = {k: Decimal(str(v or 0)) for k, v in amounts.items()}
    eligible_kinds = rules.get("eligible_kinds", list(BUDGET_KINDS))
    investment = sum(amounts.values(), Decimal("0"))
    eligible = sum((amounts.get(k, Decimal("0")) for k in eligible_kinds), Decimal("0"))
    results: list[ItemResult] = []
    for item in rules.get("items", []):
        if item.get("scope", "enterprise") != "enterprise":
            continue
        base = sum(
            (amounts.get(k, Decimal("0")) for k in item.get("base", eligible_kinds)), Decimal("0")
        )
        why_not = _why_not(item.get("conditions", {}), level, benchmark, first_cloud, base)
        amount = Decimal("0")
        if why_not is None:
            rate = item.get("rate")
            amount = base * Decimal(str(rate)) if rate is not None else base
            if item.get("fixed") is not None:
                amount = Decimal(str(item["fixed"]))
            cap = item.get("cap")
            if cap is not None:
                cap = Decimal(str(cap))
                if item.get("cap_scope") == "enterprise":
                    cap = max(Decimal("0"), cap - received.get(item["code"], Decimal("0")))
                amount = min(amount, cap)
            for code in item.get("deduct", []):
                amount -= received.get(code, Decimal("0"))
            amount = max(Decimal("0"), amount).quantize(CENT, ROUND_HALF_UP)
            if amount == 0:
                why_not = "cap_used"
        results.append(
            ItemResult(
                code=item["code"],
                label=item["label"],
                group=item.get("group", item["code"]),
                base=base.quantize(CENT),
                amount=amount,
                applies=why_not is None,
                why_not=why_not,
            )
        )
    best: dict[str, ItemResult] = {}
    for r in results:
        if r.applies and (r.group not in best or r.amount > best[r.group].amount):
            best[r.group] = r
    for r in best.values():
        r.chosen = True
    return SubsidyEstimate(
        total=sum((r.amount for r in best.values()), Decimal("0")),
        eligible_investment=eligible.quantize(CENT),
        investment=investment.quantize(CENT),
        level=level,
        items=results,
        no_figures=bool(rules.get("no_figures")),
    )


def _why_not(conditions: dict, level, benchmark, first_cloud, base) -> str | None:
    if "level" in conditions and level != conditions["level"]:
        return "level"
    if "min_level" in conditions and (level or 0) < conditions["min_level"]:
        return "level"
    if conditions.get("benchmark") and not benchmark:
        return "benchmark"
    if conditions.get("first_cloud") and not first_cloud:
        return "first_cloud"
    if conditions.get("requires_base", True) and base <= 0:
        return "no_base"
    return None


def amounts_of(quote_or_amounts) -> dict[str, Decimal]:
    """Budget kinds → 元 from a Quote (lines, after its discount), a Project or a dict."""
    if isinstance(quote_or_amounts, Quote):
        quote = quote_or_amounts
        factor = (
            quote.total / quote.subtotal if quote.subtotal else Decimal("1")
        )  # spread the quote-wide discount over the kinds
        return {k: (v * factor).quantize(CENT) for k, v in quote.subtotal_by_kind().items()}
    if isinstance(quote_or_amounts, Project):
        return quote_or_amounts.budget_by_kind()
    return {k: Decimal(str(v)) for k, v in dict(quote_or_amounts).items()}


def received_by_item(enterprise, exclude_project_id: int | None = None) -> dict[str, Decimal]:
    """What the enterprise was confirmed under each item code on its other projects."""
    received: dict[str, Decimal] = {}
    rows = db.session.scalars(
        select(Project).where(
            Project.enterprise_id == enterprise.id,
            Project.subsidy_confirmed.is_not(None),
            Project.id != (exclude_project_id or 0),
        )
    )
    for project in rows:
        for item in (project.subsidy_detail or {}).get("items", []):
            if item.get("chosen"):
                code = item["code"]
                received[code] = received.get(code, Decimal("0")) + Decimal(str(item["amount"]))
    return received


def estimate_subsidy(
    enterprise,
    quote_or_amounts,
    level: int | None = None,
    *,
    benchmark: bool = False,
    first_cloud: bool = False,
    policy: SubsidyPolicy | None = None,
    exclude_project_id: int | None = None,
) -> SubsidyEstimate:
    """The enterprise's subsidy estimate for a quote, a project or amounts by kind.

    `level`: the level expected after the retrofit; default the need's target level, else 2
    (the pilots' minimum).
    """
    if level is None:
        need = getattr(getattr(quote_or_amounts, "request", None), "need", None)
        level = getattr(quote_or_amounts, "target_level", None) or getattr(
            need, "target_level", None
        )
        level = level or 2
    policy = policy or current_policy(enterprise.pilot_id)
    rules = policy.rules if policy else {"items": [], "no_figures": True}
    estimate = compute_subsidy(
        rules,
        amounts_of(quote_or_amounts),
        level,
        benchmark=benchmark,
        first_cloud=first_cloud,
        received=received_by_item(enterprise, exclude_project_id),
    )
    if policy is not None:
        estimate.policy_id, estimate.policy_version = policy.id, policy.version
    return estimate


def project_estimate(project: Project) -> SubsidyEstimate:
    """The project's estimate under its policy version (the current one until it has one),
    at the best level known so far; a read, for the project page."""
    policy = (
        db.session.get(SubsidyPolicy, project.subsidy_policy_id)
        if project.subsidy_policy_id
        else current_policy(project.pilot_id)
    )
    level = project.certified_level or project.level_after_self or project.target_level
    return estimate_subsidy(
        project.enterprise,
        project,
        level,
        benchmark=project.is_benchmark,
        first_cloud=project.is_first_cloud,
        policy=policy,
        exclude_project_id=project.id,
    )


def refresh_project_estimate(project: Project) -> SubsidyEstimate:
    """Store the estimate on the project when its figures change; after confirmation the
    numbers do not move."""
    estimate = project_estimate(project)
    if project.subsidy_confirmed is None:
        project.subsidy_policy_id = estimate.policy_id
        project.subsidy_estimate = estimate.total
        project.subsidy_detail = estimate.to_dict()
    return estimate


def confirm_subsidy(project: Project, actor, amount=None, reason: str | None = None) -> Project:
    """The official confirms the amount at acceptance (default: the computed estimate, at the
    certified level) and the instalments are scheduled."""
    require_transition(project, "subsidy_confirmed", actor)
    estimate = refresh_project_estimate(project)
    amount = estimate.total if amount in (None, "") else Decimal(str(amount)).quantize(CENT)
    if amount < 0:
        raise InvalidInput("negative_amount")
    change_state(project, "subsidy_confirmed", actor, reason)
    project.subsidy_confirmed = amount
    project.subsidy_confirmed_at = _now()
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
    return project


def record_payment(
    payment: SubsidyPayment, actor, paid_on: date | None = None, voucher_no: str = ""
) -> SubsidyPayment:
    """Mark one instalment paid; the project is 'paid' when every instalment is."""
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


def _now():
    from models import utcnow

    return utcnow()
