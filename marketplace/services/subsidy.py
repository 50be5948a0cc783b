"""Subsidies under each pilot city's policy (data in marketplace/data/subsidy_policies.json,
kept as versioned SubsidyPolicy rows): estimates, the city's 标杆 evaluation, the official's
confirmation and instalments (marketplace/services/subsidy_confirmation.py). The rule itself is the pure `compute_subsidy` of subsidy_rules.py;
this module feeds it from the database (the policy version, the amounts the enterprise was
confirmed on its other projects) for the pages and for `flask subsidy estimate`."""

import json
from datetime import date
from decimal import Decimal
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.subsidy_rules import (  # noqa: F401  (ItemResult re-exported)
    CENT,
    ItemResult,
    SubsidyEstimate,
    compute_enterprise_projects,
    compute_subsidy,
    confirmed_by_item,
    count_award,
)
from marketplace.services.workflow import (
    record_event,
)
from models import PilotCity, Project, ProjectParty, Quote, SubsidyPolicy
from models.access import Jurisdiction
from models.project import BUDGET_KINDS

# A project's subsidy counts as received once the city confirmed it.
CONFIRMED_STATUSES = ("subsidy_confirmed", "paid")


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
    for key in ("valid_from", "valid_to"):
        if rules.get(key) is not None and not _is_iso_date(rules[key]):
            raise InvalidInput("bad_validity_date")
    for item in rules["items"]:
        if not isinstance(item, dict) or not item.get("code") or not item.get("label"):
            raise InvalidInput("item_code_label_required")
        for key in ("rate", "cap", "fixed", "threshold"):
            value = item.get(key)
            if value is not None and (not isinstance(value, int | float) or value < 0):
                raise InvalidInput("bad_number", item=item["code"], key=key)
        if item.get("rate") is not None and item["rate"] > 1:
            raise InvalidInput("rate_above_one", item=item["code"])
    shares = [Decimal(str(i["share"])) for i in rules.get("instalments", [])]
    if shares and sum(shares) != Decimal(1):
        raise InvalidInput("instalments_must_sum_to_one")


def _is_iso_date(value) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


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
    """What the enterprise was confirmed under each item code on its other projects: only
    projects whose subsidy the city confirmed (confirmed or paid), each at the amount it
    confirmed (Project.subsidy_confirmed) spread over the items of its stored estimate."""
    received: dict[str, Decimal] = {}
    rows = db.session.scalars(
        select(Project).where(
            Project.enterprise_id == enterprise.id,
            Project.status.in_(CONFIRMED_STATUSES),
            Project.subsidy_confirmed.is_not(None),
            Project.id != (exclude_project_id or 0),
        )
    )
    for project in rows:
        for code, amount in confirmed_by_item(
            project.subsidy_detail, project.subsidy_confirmed
        ).items():
            received[code] = received.get(code, Decimal("0")) + amount
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
    on: date | None = None,
) -> SubsidyEstimate:
    """The enterprise's subsidy estimate for a quote, a project or amounts by kind.

    `level`: the level expected after the retrofit; default the need's target level, else 2
    (the pilots' minimum). `on`: the day the policy must be in force (default today).
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
        on=on or date.today(),
    )
    if policy is not None:
        estimate.policy_id, estimate.policy_version = policy.id, policy.version
    return estimate


def project_estimate(project: Project) -> SubsidyEstimate:
    """The project's estimate under its policy version (the current one until it has one),
    at the best level known so far, with what the enterprise was confirmed on its other
    projects counted against the per-enterprise caps; a read, for the project page."""
    policy = (
        db.session.get(SubsidyPolicy, project.subsidy_policy_id)
        if project.subsidy_policy_id
        else current_policy(project.pilot_id)
    )
    level = project.certified_level or project.level_after_self or project.target_level
    filed = project.filed_at.date() if project.filed_at else None
    return estimate_subsidy(
        project.enterprise,
        project,
        level,
        benchmark=project.is_benchmark,
        first_cloud=project.is_first_cloud,
        policy=policy,
        exclude_project_id=project.id,
        on=filed,
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


def estimate_case(pilot_code: str, projects: list) -> tuple[SubsidyPolicy | None, list]:
    """`flask subsidy estimate`: one enterprise's projects in a city, in order, each earlier one
    accepted at its level and confirmed in full. The city's policy in force when the database
    has it, else version 1 from the data file. Raises InvalidInput on a malformed case."""
    rules, policy = None, None
    pilot = _pilot_by_code(pilot_code)
    if pilot is not None:
        policy = current_policy(pilot.id)
        rules = policy.rules if policy else None
    if rules is None:
        spec = next((p for p in policy_definitions() if p["pilot"] == pilot_code), None)
        if spec is None:
            raise InvalidInput("unknown_pilot", pilot=str(pilot_code))
        rules = {k: v for k, v in spec.items() if k not in ("pilot", "title", "source")}
    return policy, compute_enterprise_projects(rules, [_case_project(p) for p in projects])


def _pilot_by_code(code) -> PilotCity | None:
    if not isinstance(code, str):
        raise InvalidInput("unknown_pilot", pilot=str(code))
    try:
        return db.session.scalar(select(PilotCity).where(PilotCity.code == code))
    except SQLAlchemyError:  # no database yet: the data file alone answers
        db.session.rollback()
        return None


def _case_project(project) -> dict:
    if not isinstance(project, dict):
        raise InvalidInput("case_project_not_object")
    level = project.get("level_after")
    if isinstance(level, bool) or level not in (0, 1, 2, 3, 4):
        raise InvalidInput("case_bad_level", level=str(level))
    flags = {}
    for key in ("benchmark", "first_cloud"):
        flags[key] = project.get(key, False)
        if not isinstance(flags[key], bool):
            raise InvalidInput("case_bad_flag", key=key)
    investment = project.get("investment", {})
    if not isinstance(investment, dict):
        raise InvalidInput("case_investment_not_object")
    amounts = {}
    for kind, value in investment.items():
        if kind not in BUDGET_KINDS:
            raise InvalidInput("case_unknown_kind", kind=str(kind), kinds="、".join(BUDGET_KINDS))
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            raise InvalidInput("case_bad_amount", kind=kind)
        if value == float("inf"):
            raise InvalidInput("case_bad_amount", kind=kind)
        amounts[kind] = Decimal(str(value))
    return {"level_after": level, "investment": amounts, **flags}


def has_benchmark_item(pilot_id: int) -> bool:
    policy = current_policy(pilot_id)
    return policy is not None and any(
        item.get("conditions", {}).get("benchmark") for item in policy.rules.get("items", [])
    )


def set_benchmark(project: Project, actor, granted: bool, reason: str = "") -> Project:
    """The city grants (or withdraws) a project's 标杆示范 status (珠海: '对经评定的…标杆示范项目');
    it is the city's evaluation, never a box the enterprise ticks. Until the subsidy is
    confirmed; an event with actor and reason either way."""
    if not can_edit_policy(actor, project.pilot_id):
        raise NotAllowed("not_city_official")
    if not has_benchmark_item(project.pilot_id):
        raise InvalidInput("no_benchmark_in_policy")
    if project.subsidy_confirmed is not None or project.is_closed or _awaiting_approval(project):
        raise InvalidInput("benchmark_after_confirmation")
    if project.is_benchmark == bool(granted):
        return project
    project.is_benchmark = bool(granted)
    record_event(
        project,
        project.status,
        project.status,
        actor,
        reason=reason,
        reason_code="benchmark_granted" if granted else "benchmark_withdrawn",
    )
    refresh_project_estimate(project)
    db.session.flush()
    return project


def _awaiting_approval(project: Project) -> bool:
    """An amount above the estimate waits for a second official: its basis stays put."""
    return project.status == "subsidy_pending"


def may_grant_benchmark(project: Project, user) -> bool:
    """Whether the page offers `user` the 标杆示范 evaluation of `project` now."""
    return (
        can_edit_policy(user, project.pilot_id)
        and project.subsidy_confirmed is None
        and not project.is_closed
        and not _awaiting_approval(project)
        and has_benchmark_item(project.pilot_id)
    )


# a retrofit is completed once the city accepted it
COMPLETED_STATUSES = ("passed", "subsidy_pending", *CONFIRMED_STATUSES)


def led_enterprise_awards(provider, pilot_id: int) -> list[dict]:
    """The city's per-enterprise awards to a lead unit (牵引单位) for the enterprises whose
    retrofit it led to acceptance (厦门 '链主企业每完成一家改造任务奖励5万元，最高奖励100万元'):
    [{"code", "label", "count", "amount"}] under the policy in force."""
    policy = current_policy(pilot_id)
    items = [
        item
        for item in (policy.rules.get("items", []) if policy else [])
        if item.get("basis") == "led_enterprises_completed"
    ]
    if not items:
        return []
    count = db.session.scalar(
        select(func.count(func.distinct(Project.enterprise_id)))
        .join(ProjectParty, ProjectParty.project_id == Project.id)
        .where(
            ProjectParty.organisation_id == provider.id,
            ProjectParty.role == "lead",
            Project.pilot_id == pilot_id,
            Project.status.in_(COMPLETED_STATUSES),
        )
    )
    return [
        {"code": i["code"], "label": i["label"], "count": count, "amount": count_award(i, count)}
        for i in items
    ]
