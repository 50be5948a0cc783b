"""Quotes of one need side by side: grouped by the stages of the need each covers, price
compared (and the best starred) only among quotes of equal coverage."""

from dataclasses import dataclass, field
from decimal import Decimal

from marketplace.services.needs import requests_of
from models import Need, Quote, QuoteRequest
from models.quote import LINE_KINDS
from models.stages import in_stage_order


@dataclass
class CompareRow:
    """One row of the comparison: a label and one cell per quote; `best` are column indexes."""

    label: str
    cells: list
    kind: str = "value"  # line / subtotal / value / text
    best: set[int] = field(default_factory=set)


@dataclass
class CompareGroup:
    kind: str
    lines: list[CompareRow]
    subtotal: CompareRow


@dataclass
class CoverageGroup:
    """Quotes covering the same stages of the need, compared (and starred) among themselves.

    `declared` is False for quotes written before quotes said what they cover.
    """

    covered: list[str]
    missing: list[str]
    declared: bool
    requests: list[QuoteRequest]
    groups: list[CompareGroup]
    summary: list[CompareRow]

    @property
    def is_complete(self) -> bool:
        return self.declared and not self.missing


@dataclass
class QuoteComparison:
    requests: list[QuoteRequest]
    coverage: list[CoverageGroup]
    waiting: list[QuoteRequest]

    @property
    def groups(self) -> list[CompareGroup]:
        """The line groups when every quote covers the same (one table)."""
        return self.coverage[0].groups if len(self.coverage) == 1 else []

    @property
    def summary(self) -> list[CompareRow]:
        return self.coverage[0].summary if len(self.coverage) == 1 else []


def _best(values: list, prefer=min) -> set[int]:
    present = [v for v in values if v is not None]
    if len(present) < 2:
        return set()
    target = prefer(present)
    if all(v == target for v in present):
        return set()
    return {i for i, v in enumerate(values) if v == target}


def _coverage_key(need_stages: list[str], quote: Quote) -> tuple[str, ...] | None:
    covered = set(quote.covered_stages or ())
    if need_stages and not covered:
        return None  # not declared
    return tuple(stage for stage in need_stages if stage in covered)


def compare_quotes(need: Need) -> QuoteComparison:
    """The answered quotes of a need, grouped by the stages they cover (the full scope
    first), each group line by line by line kind.

    Only quotes of equal coverage are compared: the best value of each comparable row (lowest
    price or days, latest validity) is marked within a group, never across groups.
    """
    all_requests = requests_of(need)
    answered = [r for r in all_requests if r.quote is not None]
    waiting = [r for r in all_requests if r.quote is None and r.status == "requested"]
    need_stages = in_stage_order(need.stages)
    by_key: dict[tuple | None, list[QuoteRequest]] = {}
    for r in answered:
        by_key.setdefault(_coverage_key(need_stages, r.quote), []).append(r)

    def order(key):
        if key is None:
            return (1, 0, ())
        return (0, -len(key), tuple(need_stages.index(s) for s in key))

    coverage = []
    for key in sorted(by_key, key=order):
        requests = by_key[key]
        groups, summary = _compare_rows(requests)
        covered = list(key or ())
        coverage.append(
            CoverageGroup(
                covered=covered,
                missing=[s for s in need_stages if s not in covered] if key is not None else [],
                declared=key is not None,
                requests=requests,
                groups=groups,
                summary=summary,
            )
        )
    return QuoteComparison(answered, coverage, waiting)


def _compare_rows(answered: list[QuoteRequest]) -> tuple[list[CompareGroup], list[CompareRow]]:
    quotes = [r.quote for r in answered]
    groups = []
    for kind in LINE_KINDS:
        per_quote = [[line for line in q.lines if line.kind == kind] for q in quotes]
        if not any(per_quote):
            continue
        depth = max(len(lines) for lines in per_quote)
        rows = [
            CompareRow(
                label=kind,
                cells=[lines[i] if i < len(lines) else None for lines in per_quote],
                kind="line",
            )
            for i in range(depth)
        ]
        subtotals = [
            sum((line.amount for line in lines), Decimal(0)) if lines else None
            for lines in per_quote
        ]
        groups.append(
            CompareGroup(kind, rows, CompareRow(kind, subtotals, "subtotal", _best(subtotals)))
        )
    subtotal = [q.subtotal for q in quotes]
    totals = [q.total for q in quotes]
    delivery = [q.delivery_days for q in quotes]
    deployment = [r.product.deployment_days if r.product else None for r in answered]
    validity = [q.valid_until for q in quotes]
    summary = [
        CompareRow("subtotal", subtotal, "money", set()),
        CompareRow(
            "discount",
            [Decimal(q.discount_pct or 0) for q in quotes],
            "percent",
            _best([Decimal(q.discount_pct or 0) for q in quotes], max),
        ),
        CompareRow("total", totals, "money", _best(totals)),
        CompareRow("delivery_days", delivery, "days", _best(delivery)),
        CompareRow("valid_until", validity, "date", _best(validity, max)),
        CompareRow("deployment_days", deployment, "days", _best(deployment)),
        CompareRow("local_service", [r.provider.local_service for r in answered], "text"),
    ]
    return groups, summary
