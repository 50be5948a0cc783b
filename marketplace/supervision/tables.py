"""The columns of each exported list: a header key (said by marketplace/wording in the
requesting user's language) and how to read the cell.

Exports carry the same rows as the filtered, scoped list on screen, with more columns.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Response

from marketplace import wording
from marketplace.services.exports import csv_bytes, xlsx_bytes
from marketplace.wording.terms import term

EXPORT_FORMATS = ("csv", "xlsx")


def status_label(status: str | None, aggregate: str) -> str:
    return wording.status(status, aggregate)


@dataclass(frozen=True)
class Column:
    header: str  # a key of marketplace/wording/headers.py
    value: Any  # callable(obj) → cell


@dataclass(frozen=True)
class Table:
    name: str  # file name stem, ASCII
    title: str  # a key of wording's SHEETS
    columns: tuple[Column, ...]

    def headers(self) -> list[str]:
        return [wording.header(c.header) for c in self.columns]

    def sheet_title(self) -> str:
        return wording.sheet(self.title)

    def rows(self, objects) -> list[list]:
        return [[c.value(obj) for c in self.columns] for obj in objects]


def _name(obj) -> str:
    return obj.name if obj is not None else ""


def _scale(org) -> str:
    if org.is_above_scale is None:
        return ""
    return wording.cell("above_scale" if org.is_above_scale else "below_scale")


def _price(value):
    return float(value) if value is not None else None


# The closing columns of both organisation exports.
ORG_CONTACT = (
    Column("contact_name", lambda o: o.contact_name),
    Column("contact_phone", lambda o: o.contact_phone),
    Column("registered_at", lambda o: o.created_at),
)

ENTERPRISES = Table(
    "enterprises",
    "enterprises",
    (
        Column("id", lambda o: o.id),
        Column("enterprise_name", lambda o: o.name),
        Column("credit_code", lambda o: o.credit_code),
        Column("pilot", lambda o: _name(o.pilot)),
        Column("district", lambda o: _name(o.district)),
        Column("sub_industry", lambda o: _name(o.sub_industry)),
        Column("scale", _scale),
        Column("specialised", lambda o: wording.specialised(o.specialised_status)),
        Column("self_assessed_level", lambda o: o.self_assessed_level),
        *ORG_CONTACT,
    ),
)

PROVIDERS = Table(
    "providers",
    "providers",
    (
        Column("id", lambda o: o.id),
        Column("provider_name", lambda o: o.name),
        Column("credit_code", lambda o: o.credit_code),
        Column("provider_type", lambda o: term(o.provider_type)),
        Column("home_city", lambda o: _name(o.pilot)),
        Column("served_cities", lambda o: "、".join(p.name for p in o.served_pilots)),
        Column("status", lambda o: status_label(o.status, "organisations")),
        Column("status_reason", lambda o: wording.reason(o.status_reason)),
        *ORG_CONTACT,
    ),
)

PRODUCTS = Table(
    "products",
    "products",
    (
        Column("id", lambda p: p.id),
        Column("product_name", lambda p: p.name),
        Column("provider", lambda p: p.provider.name),
        Column("stages", lambda p: "、".join(p.stages)),
        Column("sub_industry", lambda p: "、".join(s.name for s in p.sub_industries)),
        Column("is_generic", lambda p: wording.yes_no(p.is_generic)),
        Column("delivery_mode", lambda p: term(p.delivery_mode)),
        Column("list_price", lambda p: _price(p.list_price)),
        Column("pilot_price", lambda p: _price(p.pilot_price)),
        Column("price_unit", lambda p: term(p.price_unit)),
        Column("deployment_days", lambda p: p.deployment_days),
        Column("status", lambda p: status_label(p.status, "products")),
        Column("status_reason", lambda p: wording.reason(p.status_reason)),
        Column("updated_at", lambda p: p.updated_at),
    ),
)

NEEDS = Table(
    "needs",
    "needs",
    (
        Column("id", lambda n: n.id),
        Column("need_title", lambda n: n.title),
        Column("enterprise", lambda n: n.enterprise.name),
        Column("district", lambda n: _name(n.enterprise.district)),
        Column("sub_industry", lambda n: _name(n.enterprise.sub_industry)),
        Column("stages", lambda n: "、".join(n.stages)),
        Column("budget_min_yuan", lambda n: _price(n.budget_min)),
        Column("budget_max_yuan", lambda n: _price(n.budget_max)),
        Column("target_level", lambda n: n.target_level),
        Column("status", lambda n: status_label(n.status, "needs")),
        Column("published_at", lambda n: n.created_at),
    ),
)


def simple_table(name: str, title, headers) -> Table:
    """A table over plain row tuples (dashboard breakdowns): column i is row[i]."""
    return Table(
        name,
        title,
        tuple(Column(h, lambda row, i=i: row[i]) for i, h in enumerate(headers)),
    )


def export_response(tables: list[tuple[Table, list]], fmt: str) -> Response:
    """The tables as one download: CSV holds the first table, Excel one sheet per table."""
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    stem = f"{tables[0][0].name}-{stamp}"
    if fmt == "csv":
        table, objects = tables[0]
        body = csv_bytes(table.headers(), table.rows(objects))
        mimetype = "text/csv; charset=utf-8"
    else:
        body = xlsx_bytes([(t.sheet_title(), t.headers(), t.rows(objs)) for t, objs in tables])
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'},
    )


ACTIVITY_HEADERS = ("needs_published", "requests", "quoted", "accepted")


def activity_tables(figures) -> list[tuple[Table, list]]:
    """The activity page's three tables: by week, by sub-industry, by district."""
    weeks = simple_table("activity", "by_week", ("week", "week_start", *ACTIVITY_HEADERS))
    week_rows = [
        (
            f"{year}-W{week:02d}",
            figures.week_start(year, week),
            *(figures.by_week[m][i] for m in figures.metrics),
        )
        for i, (year, week) in enumerate(figures.weeks)
    ]
    by_sub = simple_table("by-sub-industry", "by_sub_industry", ("sub_industry", *ACTIVITY_HEADERS))
    by_district = simple_table("by-district", "by_district", ("district", *ACTIVITY_HEADERS))

    def breakdown(entries):
        return [(e["name"], *(e[m] for m in figures.metrics)) for e in entries]

    return [
        (weeks, week_rows),
        (by_sub, breakdown(figures.by_sub_industry)),
        (by_district, breakdown(figures.by_district)),
    ]


FUNNEL_HEADERS = (
    "needs_published",
    "needs_viewed",
    "requests",
    "responded_requests",
    "response_rate",
    "median_hours_to_first_quote",
    "accepted",
)
FUNNEL_KEYS = (
    "needs",
    "needs_viewed",
    "requests",
    "responded",
    "response_rate",
    "median_hours_to_first_quote",
    "accepted",
)


def dashboard_tables(board) -> dict[str, tuple[Table, list]]:
    """Every table of the dashboard, by name (the `table` query argument of a CSV export)."""

    def funnel(entries):
        return [(e["name"], *(e[k] for k in FUNNEL_KEYS)) for e in entries]

    week_table, week_rows = activity_tables(board.activity)[0]
    return {
        "summary": (
            simple_table("dashboard-summary", "summary", FUNNEL_HEADERS),
            [tuple(board.totals[k] for k in FUNNEL_KEYS)],
        ),
        "by_sub_industry": (
            simple_table(
                "dashboard-by-sub-industry", "by_sub_industry", ("sub_industry", *FUNNEL_HEADERS)
            ),
            funnel(board.by_sub_industry),
        ),
        "by_district": (
            simple_table("dashboard-by-district", "by_district", ("district", *FUNNEL_HEADERS)),
            funnel(board.by_district),
        ),
        "by_week": (week_table, week_rows),
        "providers": (
            simple_table(
                "dashboard-providers",
                "providers_served",
                (
                    "provider",
                    "enterprises_served",
                    "requests",
                    "responded",
                    "response_rate",
                    "accepted",
                ),
            ),
            [
                (
                    p["name"],
                    p["enterprises"],
                    p["requests"],
                    p["responded"],
                    p["response_rate"],
                    p["accepted"],
                )
                for p in board.providers
            ],
        ),
        "projects": (
            simple_table("dashboard-projects", "project_stages", ("stage", "project_count")),
            [(wording.status(s, "projects"), n) for s, n in board.projects["by_status"]],
        ),
        "stale_needs": (
            simple_table(
                "dashboard-stale-needs",
                "stale_needs",
                ("id", "need_title", "enterprise", "district", "published_at"),
            ),
            [
                (n.id, n.title, n.enterprise.name, _name(n.enterprise.district), n.created_at)
                for n in board.stale_needs
            ],
        ),
        "slow_providers": (
            simple_table(
                "dashboard-slow-providers",
                "slow_providers",
                ("provider", "unanswered_requests", "oldest_request_at", "days_waiting"),
            ),
            [
                (r["provider"].name, r["count"], r["oldest"], r["days"])
                for r in board.slow_providers
            ],
        ),
        "overdue_projects": (
            simple_table(
                "dashboard-overdue-projects",
                "overdue_projects",
                ("id", "project", "enterprise", "overdue_milestones", "earliest_due_on"),
            ),
            [
                (
                    p.id,
                    p.title,
                    p.enterprise.name,
                    len(p.overdue_milestones),
                    min(m.due_on for m in p.overdue_milestones),
                )
                for p in board.projects["overdue"]
            ],
        ),
    }


def dashboard_export(board, fmt: str, chosen: str | None = None) -> Response:
    """The dashboard as a download: CSV holds the `chosen` table (else the summary), Excel
    every table."""
    named = dashboard_tables(board)
    if fmt == "csv":
        return export_response([named.get(chosen) or named["summary"]], fmt)
    return export_response(list(named.values()), fmt)
