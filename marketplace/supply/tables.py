"""The columns of the supply list's downloads (CSV: one list; Excel: both lists, one sheet
each), written by services/exports.py so text typed by providers is neutralised and the times
are local, their header naming the zone."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Response

from marketplace import wording
from marketplace.services.exports import csv_bytes, xlsx_bytes
from marketplace.services.supply_list import PoolEntry, city_sub_industries
from marketplace.template_helpers import stage_label
from marketplace.wording import supply as words
from marketplace.wording.terms import term

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str  # a key of marketplace/wording/supply.py HEADERS
    value: Any  # callable(row) → cell


def _money(value):
    return float(value) if value is not None else None


def _stages(stages) -> str:
    return "、".join(stage_label(s) for s in stages)


@dataclass(frozen=True)
class ProductRow:
    """A listed product with what the list says about it in this city."""

    product: Any
    sub_industries: list
    listed_at: datetime | None


def product_rows(pilot, products, approved: dict) -> list[ProductRow]:
    return [ProductRow(p, city_sub_industries(p, pilot), approved.get(p.id)) for p in products]


PRODUCT_COLUMNS = (
    Column("product_id", lambda r: r.product.id),
    Column("product_name", lambda r: r.product.name),
    Column("provider", lambda r: r.product.provider.name),
    Column("credit_code", lambda r: r.product.provider.credit_code),
    Column("stages", lambda r: _stages(r.product.stages)),
    Column("sub_industries", lambda r: "、".join(s.name for s in r.sub_industries)),
    Column("is_generic", lambda r: wording.yes_no(r.product.is_generic)),
    Column("delivery_mode", lambda r: term(r.product.delivery_mode)),
    Column("list_price", lambda r: _money(r.product.list_price)),
    Column("pilot_price", lambda r: _money(r.product.pilot_price)),
    Column("price_unit", lambda r: term(r.product.price_unit)),
    Column("deployment_days", lambda r: r.product.deployment_days),
    Column("listed_at", lambda r: r.listed_at),
)

PROVIDER_COLUMNS = (
    Column("provider_id", lambda e: e.provider.id),
    Column("provider_name", lambda e: e.provider.name),
    Column("credit_code", lambda e: e.provider.credit_code),
    Column("provider_type", lambda e: term(e.provider.provider_type)),
    Column("sub_industries", lambda e: "、".join(s.name for s in e.sub_industries)),
    Column("stages", lambda e: _stages(e.stages)),
    Column("product_count", lambda e: e.product_count),
    Column("rating_count", lambda e: e.rating_count),
    Column("rating_average", lambda e: e.rating_average),
    Column("admitted_at", lambda e: e.listed_at),
)


def _table(columns, rows):
    return [words.header(c.header) for c in columns], [[c.value(r) for c in columns] for r in rows]


def _download(body: bytes, mimetype: str, stem: str, ext: str) -> Response:
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{stem}-{stamp}.{ext}"'},
    )


def csv_download(pilot, list_name: str, rows: list) -> Response:
    """One list as CSV: 'products' (ProductRow) or 'providers' (PoolEntry)."""
    columns = PRODUCT_COLUMNS if list_name == "products" else PROVIDER_COLUMNS
    headers, cells = _table(columns, rows)
    body = csv_bytes(headers, cells)
    return _download(body, "text/csv; charset=utf-8", f"supply-{pilot.code}-{list_name}", "csv")


def xlsx_download(pilot, products: list[ProductRow], pool: list[PoolEntry]) -> Response:
    sheets = [
        (words.sheet("products"), *_table(PRODUCT_COLUMNS, products)),
        (words.sheet("providers"), *_table(PROVIDER_COLUMNS, pool)),
    ]
    return _download(xlsx_bytes(sheets), XLSX, f"supply-{pilot.code}", "xlsx")
