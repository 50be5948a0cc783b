"""The subsidy rule itself, as one pure function over plain inputs: a city's rules (the JSON of a
SubsidyPolicy version), the level after the retrofit, the benchmark and first-cloud flags, the
investment by budget kind and what the enterprise was already confirmed under each item.

Project pages, quote comparisons and `flask subsidy estimate` all reach it through
marketplace/services/subsidy.py; nothing here reads the database or the request. Notes are
codes with figures (said in words by marketplace/wording/subsidy_notes.py).
"""

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from models.project import BUDGET_KINDS

CENT = Decimal("0.01")
ZERO = Decimal("0")
# A confirmed amount whose items are unknown: counted against every per-enterprise cap, the
# reading that cannot overpay.
UNALLOCATED = "_unallocated"


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
    cap: Decimal | None = None
    cap_used: Decimal | None = None  # already confirmed against a per-enterprise cap
    deducted: Decimal = ZERO  # already received under the items named in `deduct`
    label_en: str | None = None  # the label in English, where the rules give one


@dataclass
class SubsidyEstimate:
    total: Decimal
    eligible_investment: Decimal
    investment: Decimal
    level: int | None
    items: list[ItemResult] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)  # {"code": …, "args": {…}}
    no_figures: bool = False
    policy_id: int | None = None
    policy_version: int | None = None

    @property
    def net_cost(self) -> Decimal:
        return self.investment - self.total

    @property
    def chosen(self) -> list[ItemResult]:
        return [i for i in self.items if i.chosen]

    def chosen_by_item(self) -> dict[str, Decimal]:
        return {i.code: i.amount for i in self.chosen}

    def to_dict(self) -> dict:
        return json.loads(json.dumps(asdict(self), default=str))


def is_computed(item: dict) -> bool:
    """An item the platform computes on a project: the enterprise's, with a basis it knows."""
    return item.get("scope", "enterprise") == "enterprise" and item.get("computed", True)


def compute_subsidy(
    rules: dict,
    amounts: dict[str, Decimal],
    level: int | None,
    *,
    benchmark: bool = False,
    first_cloud: bool = False,
    received: dict[str, Decimal] | None = None,
    on: date | None = None,
) -> SubsidyEstimate:
    """The subsidy under `rules` for investment `amounts` (元 by budget kind) at `level`.

    Each computed item: min(rate × base, cap) when its conditions hold; within a group only
    the best counts (就高不重复); groups add up. `received`: what the enterprise was already
    confirmed under each item code on its other projects. A cap with cap_scope 'enterprise' is
    the enterprise's for the whole pilot: what it got under the codes in `cap_counts` (default
    the item's own) is used up; `deduct` codes are subtracted from the award (珠海 标杆 minus
    普惠). `on`: the date the policy must be in force on (a note when it is not).
    """
    received = {k: Decimal(str(v)) for k, v in (received or {}).items()}
    amounts = {k: Decimal(str(v or 0)) for k, v in amounts.items()}
    eligible_kinds = rules.get("eligible_kinds", list(BUDGET_KINDS))
    investment = sum(amounts.values(), ZERO)
    eligible = sum((amounts.get(k, ZERO) for k in eligible_kinds), ZERO)
    results = [
        _item_result(item, amounts, eligible_kinds, level, benchmark, first_cloud, received)
        for item in rules.get("items", [])
        if is_computed(item)
    ]
    best: dict[str, ItemResult] = {}
    for r in results:
        if r.applies and (r.group not in best or r.amount > best[r.group].amount):
            best[r.group] = r
    for r in best.values():
        r.chosen = True
    return SubsidyEstimate(
        total=sum((r.amount for r in best.values()), ZERO),
        eligible_investment=eligible.quantize(CENT),
        investment=investment.quantize(CENT),
        level=level,
        items=results,
        notes=_notes(rules, results, investment, on),
        no_figures=bool(rules.get("no_figures")),
    )


def _item_result(item, amounts, eligible_kinds, level, benchmark, first_cloud, received):
    base = sum((amounts.get(k, ZERO) for k in item.get("base", eligible_kinds)), ZERO)
    why_not = _why_not(item.get("conditions", {}), level, benchmark, first_cloud, base)
    amount, cap, used, deducted = ZERO, None, None, ZERO
    if item.get("cap") is not None:
        cap = Decimal(str(item["cap"]))
        if item.get("cap_scope") == "enterprise":
            counted = [*item.get("cap_counts", [item["code"]]), UNALLOCATED]
            used = sum((received.get(code, ZERO) for code in counted), ZERO)
    if why_not is None:
        rate = item.get("rate")
        amount = base * Decimal(str(rate)) if rate is not None else base
        if item.get("fixed") is not None:
            amount = Decimal(str(item["fixed"]))
        if cap is not None:
            amount = min(amount, max(ZERO, cap - (used or ZERO)))
        for code in item.get("deduct", []):
            deducted += received.get(code, ZERO)
        amount = max(ZERO, amount - deducted).quantize(CENT, ROUND_HALF_UP)
        if amount == 0:
            why_not = "cap_used"
    return ItemResult(
        code=item["code"],
        label=item["label"],
        label_en=item.get("label_en"),
        group=item.get("group", item["code"]),
        base=base.quantize(CENT),
        amount=amount,
        applies=why_not is None,
        why_not=why_not,
        cap=cap,
        cap_used=used,
        deducted=deducted,
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


def _notes(rules: dict, results: list[ItemResult], investment: Decimal, on) -> list[dict]:
    """What the figures rest on: caps already used, deductions, readings where the seed is
    silent, the items left to the city, the policy's validity."""
    notes: list[dict] = []
    if rules.get("no_figures"):
        notes.append(_note("no_figures"))
    specs = {item["code"]: item for item in rules.get("items", [])}
    for r in results:
        if not (r.chosen or r.why_not == "cap_used") or r.cap_used is None:
            continue
        left = max(ZERO, r.cap - r.cap_used)
        notes.append(
            _note(
                "cap_enterprise",
                _english(r.label_en),
                item=r.label,
                cap=r.cap,
                used=r.cap_used,
                left=left,
            )
        )
        if specs[r.code].get("cap_reading") == "silent":
            notes.append(_note("cap_reading_silent", _english(r.label_en), item=r.label))
    readings = [rules.get("eligible_note", "")] + [
        specs[r.code].get("note", "") for r in results if r.chosen
    ]
    notes += [_note("reading", text=text[3:].strip()) for text in readings if text[:3] == "[I]"]
    for r in results:
        if r.deducted and (r.chosen or r.why_not == "cap_used"):
            notes.append(_note("deducted", _english(r.label_en), item=r.label, amount=r.deducted))
    for item in rules.get("items", []):
        threshold = item.get("threshold")
        if threshold is not None and not is_computed(item) and investment >= threshold:
            notes.append(
                _note(
                    "threshold_reached",
                    _english(item.get("label_en")),
                    item=item["label"],
                    threshold=threshold,
                )
            )
    left_to_city = [
        item
        for item in rules.get("items", [])
        if item.get("scope", "enterprise") == "enterprise"
        and not is_computed(item)
        and item.get("threshold") is None
    ]
    if left_to_city:
        names = "；".join(item["label"] for item in left_to_city)
        names_en = "; ".join(item.get("label_en") or item["label"] for item in left_to_city)
        notes.append(_note("not_computed", {"items": names_en}, items=names))
    valid_from, valid_to = rules.get("valid_from"), rules.get("valid_to")
    if on is not None and (
        (valid_from and on < date.fromisoformat(valid_from))
        or (valid_to and on > date.fromisoformat(valid_to))
    ):
        notes.append(_note("not_in_force", valid_from=valid_from or "", valid_to=valid_to or ""))
    return notes


def _english(label_en: str | None) -> dict | None:
    return {"item": label_en} if label_en else None


def _note(code: str, english: dict | None = None, **args) -> dict:
    """A note: its code and figures; `english` holds the names said otherwise in English (the
    policy's label_en), which wording/subsidy_notes.py puts in place of the Chinese ones."""
    note = {"code": code, "args": {k: _plain(v) for k, v in args.items()}}
    if english:
        note["args_en"] = english
    return note


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def compute_enterprise_projects(
    rules: dict, projects: list[dict], received: dict[str, Decimal] | None = None
) -> list[SubsidyEstimate]:
    """One enterprise's projects in order, each earlier one accepted at its level with its
    estimate confirmed in full, so the per-enterprise caps run across them. A project is
    {"level_after", "benchmark", "first_cloud", "investment": {kind: 元}}."""
    so_far = {k: Decimal(str(v)) for k, v in (received or {}).items()}
    estimates = []
    for project in projects:
        estimate = compute_subsidy(
            rules,
            project["investment"],
            project["level_after"],
            benchmark=project.get("benchmark", False),
            first_cloud=project.get("first_cloud", False),
            received=so_far,
        )
        for code, amount in estimate.chosen_by_item().items():
            so_far[code] = so_far.get(code, ZERO) + amount
        estimates.append(estimate)
    return estimates


def confirmed_by_item(detail: dict | None, confirmed: Decimal) -> dict[str, Decimal]:
    """A confirmed project's amount by item code: the items chosen in its stored estimate,
    scaled to the amount the city confirmed (rounded up, so a cap is never under-counted)."""
    confirmed = Decimal(str(confirmed))
    chosen = {
        i["code"]: Decimal(str(i["amount"]))
        for i in (detail or {}).get("items", [])
        if i.get("chosen") and Decimal(str(i["amount"])) > 0
    }
    estimated = sum(chosen.values(), ZERO)
    if confirmed <= 0:
        return {}
    if estimated <= 0:
        return {UNALLOCATED: confirmed}
    if estimated == confirmed:
        return chosen
    return {
        code: (amount * confirmed / estimated).quantize(CENT, ROUND_CEILING)
        for code, amount in chosen.items()
    }


def count_award(item: dict, count: int) -> Decimal:
    """A per-head award: `fixed` for each of `count` (厦门 链主: 5万 per enterprise it led to a
    completed retrofit), at most `cap` in all."""
    amount = Decimal(str(item.get("fixed") or 0)) * max(0, count)
    if item.get("cap") is not None:
        amount = min(amount, Decimal(str(item["cap"])))
    return amount.quantize(CENT)
