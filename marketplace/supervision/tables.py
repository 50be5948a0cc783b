"""The columns of each exported list: a header (translated) and how to read the cell.

Exports carry the same rows as the filtered, scoped list on screen, with more columns.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Response
from flask_babel import lazy_gettext as _l

from marketplace.services.exports import csv_bytes, xlsx_bytes

EXPORT_FORMATS = ("csv", "xlsx")

STATUS_LABELS = {
    "draft": _l("草稿"),
    "pending": _l("待审核"),
    "approved": _l("已通过"),
    "rejected": _l("已驳回"),
    "suspended": _l("已暂停"),
    "removed": _l("已清退"),
    "open": _l("征集中"),
    "awarded": _l("已选定"),
    "closed": _l("已关闭"),
    "requested": _l("待报价"),
    "quoted": _l("已报价"),
    "declined": _l("已婉拒"),
    "accepted": _l("已中选"),
    "not_selected": _l("未中选"),
    "withdrawn": _l("已撤回"),
}
SPECIALISED_LABELS = {
    "none": _l("无"),
    "innovative": _l("创新型中小企业"),
    "specialised": _l("专精特新"),
    "little_giant": _l("小巨人"),
}


def status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status, status or ""))


@dataclass(frozen=True)
class Column:
    header: Any
    value: Any  # callable(obj) → cell


@dataclass(frozen=True)
class Table:
    name: str  # file name stem, ASCII
    title: Any
    columns: tuple[Column, ...]

    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    def rows(self, objects) -> list[list]:
        return [[c.value(obj) for c in self.columns] for obj in objects]


def _name(obj) -> str:
    return obj.name if obj is not None else ""


def _scale(org) -> str:
    if org.is_above_scale is None:
        return ""
    return str(_l("规上") if org.is_above_scale else _l("规下"))


def _price(value):
    return float(value) if value is not None else None


ENTERPRISES = Table(
    "enterprises",
    _l("企业"),
    (
        Column(_l("编号"), lambda o: o.id),
        Column(_l("企业名称"), lambda o: o.name),
        Column(_l("统一社会信用代码"), lambda o: o.credit_code),
        Column(_l("试点城市"), lambda o: _name(o.pilot)),
        Column(_l("区县"), lambda o: _name(o.district)),
        Column(_l("细分行业"), lambda o: _name(o.sub_industry)),
        Column(_l("规模"), _scale),
        Column(_l("专精特新"), lambda o: str(SPECIALISED_LABELS.get(o.specialised_status, ""))),
        Column(_l("自评数字化水平"), lambda o: o.self_assessed_level),
        Column(_l("联系人"), lambda o: o.contact_name),
        Column(_l("联系电话"), lambda o: o.contact_phone),
        Column(_l("注册时间"), lambda o: o.created_at),
    ),
)

PROVIDERS = Table(
    "providers",
    _l("服务商"),
    (
        Column(_l("编号"), lambda o: o.id),
        Column(_l("服务商名称"), lambda o: o.name),
        Column(_l("统一社会信用代码"), lambda o: o.credit_code),
        Column(_l("类型"), lambda o: o.provider_type),
        Column(_l("所在城市"), lambda o: _name(o.pilot)),
        Column(_l("服务城市"), lambda o: "、".join(p.name for p in o.served_pilots)),
        Column(_l("状态"), lambda o: status_label(o.status)),
        Column(_l("状态说明"), lambda o: o.status_reason),
        Column(_l("联系人"), lambda o: o.contact_name),
        Column(_l("联系电话"), lambda o: o.contact_phone),
        Column(_l("注册时间"), lambda o: o.created_at),
    ),
)

PRODUCTS = Table(
    "products",
    _l("产品"),
    (
        Column(_l("编号"), lambda p: p.id),
        Column(_l("产品名称"), lambda p: p.name),
        Column(_l("服务商"), lambda p: p.provider.name),
        Column(_l("业务环节"), lambda p: "、".join(p.stages)),
        Column(_l("细分行业"), lambda p: "、".join(s.name for s in p.sub_industries)),
        Column(_l("通用产品"), lambda p: p.is_generic),
        Column(_l("交付方式"), lambda p: p.delivery_mode),
        Column(_l("市场价（元）"), lambda p: _price(p.list_price)),
        Column(_l("试点价（元）"), lambda p: _price(p.pilot_price)),
        Column(_l("计价单位"), lambda p: p.price_unit),
        Column(_l("部署天数"), lambda p: p.deployment_days),
        Column(_l("状态"), lambda p: status_label(p.status)),
        Column(_l("状态说明"), lambda p: p.status_reason),
        Column(_l("更新时间"), lambda p: p.updated_at),
    ),
)

NEEDS = Table(
    "needs",
    _l("需求"),
    (
        Column(_l("编号"), lambda n: n.id),
        Column(_l("需求标题"), lambda n: n.title),
        Column(_l("企业"), lambda n: n.enterprise.name),
        Column(_l("区县"), lambda n: _name(n.enterprise.district)),
        Column(_l("细分行业"), lambda n: _name(n.enterprise.sub_industry)),
        Column(_l("业务环节"), lambda n: "、".join(n.stages)),
        Column(_l("预算下限（元）"), lambda n: _price(n.budget_min)),
        Column(_l("预算上限（元）"), lambda n: _price(n.budget_max)),
        Column(_l("目标水平"), lambda n: n.target_level),
        Column(_l("状态"), lambda n: status_label(n.status)),
        Column(_l("发布时间"), lambda n: n.created_at),
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
        body = xlsx_bytes([(str(t.title), t.headers(), t.rows(objs)) for t, objs in tables])
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'},
    )


ACTIVITY_HEADERS = (_l("已发布需求"), _l("询价"), _l("已报价"), _l("已中选"))


def activity_tables(figures) -> list[tuple[Table, list]]:
    """The activity page's three tables: by week, by sub-industry, by district."""
    weeks = simple_table("activity", _l("按周"), (_l("周"), _l("周一日期"), *ACTIVITY_HEADERS))
    week_rows = [
        (
            f"{year}-W{week:02d}",
            figures.week_start(year, week),
            *(figures.by_week[m][i] for m in figures.metrics),
        )
        for i, (year, week) in enumerate(figures.weeks)
    ]
    by_sub = simple_table("by-sub-industry", _l("按细分行业"), (_l("细分行业"), *ACTIVITY_HEADERS))
    by_district = simple_table("by-district", _l("按区县"), (_l("区县"), *ACTIVITY_HEADERS))

    def breakdown(entries):
        return [(e["name"], *(e[m] for m in figures.metrics)) for e in entries]

    return [
        (weeks, week_rows),
        (by_sub, breakdown(figures.by_sub_industry)),
        (by_district, breakdown(figures.by_district)),
    ]


FUNNEL_HEADERS = (
    _l("已发布需求"),
    _l("已查看匹配的需求"),
    _l("询价"),
    _l("已响应询价"),
    _l("响应率（%）"),
    _l("首次报价中位用时（小时）"),
    _l("已中选"),
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
PROJECT_STATUS_LABELS = {
    "draft": _l("草稿"),
    "filed": _l("已立项申报"),
    "returned": _l("退回修改"),
    "district_approved": _l("区县已审"),
    "in_progress": _l("实施中"),
    "acceptance_requested": _l("待验收"),
    "rectifying": _l("整改中"),
    "passed": _l("验收通过"),
    "accepted": _l("验收通过"),
    "failed": _l("验收不通过"),
    "subsidy_confirmed": _l("补贴已确认"),
    "paid": _l("补贴已拨付"),
    "cancelled": _l("已取消"),
}


def dashboard_tables(board) -> dict[str, tuple[Table, list]]:
    """Every table of the dashboard, by name (the `table` query argument of a CSV export)."""

    def funnel(entries):
        return [(e["name"], *(e[k] for k in FUNNEL_KEYS)) for e in entries]

    week_table, week_rows = activity_tables(board.activity)[0]
    return {
        "summary": (
            simple_table("dashboard-summary", _l("总览"), FUNNEL_HEADERS),
            [tuple(board.totals[k] for k in FUNNEL_KEYS)],
        ),
        "by_sub_industry": (
            simple_table(
                "dashboard-by-sub-industry", _l("按细分行业"), (_l("细分行业"), *FUNNEL_HEADERS)
            ),
            funnel(board.by_sub_industry),
        ),
        "by_district": (
            simple_table("dashboard-by-district", _l("按区县"), (_l("区县"), *FUNNEL_HEADERS)),
            funnel(board.by_district),
        ),
        "by_week": (week_table, week_rows),
        "providers": (
            simple_table(
                "dashboard-providers",
                _l("服务商服务企业数"),
                (
                    _l("服务商"),
                    _l("服务企业数"),
                    _l("询价"),
                    _l("已响应"),
                    _l("响应率（%）"),
                    _l("已中选"),
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
            simple_table("dashboard-projects", _l("项目阶段"), (_l("阶段"), _l("项目数"))),
            [(str(PROJECT_STATUS_LABELS.get(s, s)), n) for s, n in board.projects["by_status"]],
        ),
        "stale_needs": (
            simple_table(
                "dashboard-stale-needs",
                _l("超14天无询价需求"),
                (_l("编号"), _l("需求标题"), _l("企业"), _l("区县"), _l("发布时间")),
            ),
            [
                (n.id, n.title, n.enterprise.name, _name(n.enterprise.district), n.created_at)
                for n in board.stale_needs
            ],
        ),
        "slow_providers": (
            simple_table(
                "dashboard-slow-providers",
                _l("超7天未响应服务商"),
                (_l("服务商"), _l("未响应询价数"), _l("最早询价时间"), _l("已等待天数")),
            ),
            [
                (r["provider"].name, r["count"], r["oldest"], r["days"])
                for r in board.slow_providers
            ],
        ),
        "overdue_projects": (
            simple_table(
                "dashboard-overdue-projects",
                _l("逾期项目"),
                (_l("编号"), _l("项目"), _l("企业"), _l("逾期里程碑"), _l("最早应完成日期")),
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
