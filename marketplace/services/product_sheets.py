"""A provider's catalog as a spreadsheet: the blank template, the export of its own products
and the import of many at once.

Every row of an import is read and checked on its own; a good row becomes a draft through
the same service as the product form (services/products.py create_product), inside its own
savepoint, so a row is saved whole or not at all; a bad row is reported with its row number,
column and problem code (the page says them in the user's language) and nothing of it is
kept. Column headers are wording: the caller passes the names it accepts for each column.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.errors import DomainError, InvalidInput
from marketplace.services.exports import FORMULA_STARTS
from marketplace.services.products import ProductData, create_product
from models import Organisation, Product, User
from models.product import DELIVERY_MODES, PRICE_UNITS
from models.stages import STAGE_ENGLISH, STAGES

COLUMNS = (
    "name",
    "summary",
    "description",
    "stages",
    "sub_industries",
    "is_generic",
    "delivery_mode",
    "list_price",
    "pilot_price",
    "price_unit",
    "deployment_days",
    "cases",
)
REQUIRED = ("name", "summary", "description", "stages", "list_price", "pilot_price")
MAX_ROWS = 500
MAX_LENGTH = {"name": 120, "summary": 60, "description": 8000}
MAX_DAYS = 720
MAX_PRICE = Decimal("9999999999.99")  # what Numeric(12, 2) holds
LIST_SPLIT = re.compile(r"[、,，;；\n]+")
CASE_SPLIT = re.compile(r"[:：]")
YES = {"是", "yes", "y", "true", "1", "通用", "√", "✓"}
NO = {"否", "no", "n", "false", "0", ""}
# which column a product-service error code is about
SERVICE_CODE_COLUMN = {
    "stages": "stages",
    "delivery_or_unit": "delivery_mode",
    "price_required": "list_price",
    "price_not_positive": "list_price",
    "pilot_price_above_list": "pilot_price",
    "deployment_days": "deployment_days",
    "case_required": "cases",
    "sub_industry_not_served": "sub_industries",
    "sub_industry_or_generic": "sub_industries",
}
STAGE_BY_ENGLISH = {english.lower(): stage for stage, english in STAGE_ENGLISH.items()}


@dataclass
class RowProblem:
    row: int  # the spreadsheet's own row number (the header is row 1)
    column: str | None  # one of COLUMNS, None for the row as a whole
    code: str
    details: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    created: list[Product]
    problems: list[RowProblem]
    rows: int  # rows read (blank rows not counted)

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})


class _RowErrors(Exception):
    def __init__(self, problems: list[RowProblem]):
        super().__init__(problems)
        self.problems = problems


# --- reading -------------------------------------------------------------------------------


def _plain(value) -> str:
    """A cell as text; our own export's quote before a formula sign is taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def read_rows(data: bytes, headers: dict[str, set[str]]) -> list[tuple[int, dict]]:
    """The filled rows of the first sheet as (row number, {column: cell}), columns found by
    their header (any of the names `headers` accepts for it).

    Raises InvalidInput: not a workbook, a required column missing, no rows, too many rows.
    """
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InvalidInput("sheet_unreadable") from error
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows()
        header_cells = next(lines, None)
        if header_cells is None:
            raise InvalidInput("sheet_empty")
        names = {
            name.strip().lower(): key for key, accepted in headers.items() for name in accepted
        }
        positions = {}
        for index, cell in enumerate(header_cells):
            key = names.get(_plain(cell.value).lower())
            if key is not None and key not in positions:
                positions[key] = index
        missing = [key for key in COLUMNS if key not in positions]
        if missing:
            raise InvalidInput("sheet_columns", columns=missing)
        rows = []
        for number, cells in enumerate(lines, start=2):
            values = {}
            for key, index in positions.items():
                cell = cells[index] if index < len(cells) else None
                values[key] = cell
            if all(_plain(getattr(c, "value", None)) == "" for c in values.values()):
                continue
            rows.append((number, values))
            if len(rows) > MAX_ROWS:
                raise InvalidInput("sheet_too_many_rows", limit=MAX_ROWS)
    finally:
        book.close()
    if not rows:
        raise InvalidInput("sheet_empty")
    return rows


def _is_formula(cell) -> bool:
    return getattr(cell, "data_type", None) == "f" or str(
        getattr(cell, "value", "") or ""
    ).startswith("=")


def _money(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace("，", "").replace("¥", "").replace("元", "").strip()
    amount = Decimal(cleaned)
    if not amount.is_finite():
        raise InvalidOperation
    return amount.quantize(Decimal("0.01"))


def _sub_industry_lookup(provider: Organisation) -> dict[str, list]:
    """Served sub-industries by the names a sheet may use: 名称, or 城市·名称."""
    lookup: dict[str, list] = {}
    for sub in provider.served_sub_industries:
        lookup.setdefault(sub.name, []).append(sub)
        lookup.setdefault(f"{sub.pilot.name}·{sub.name}", []).append(sub)
    return lookup


def parse_row(number: int, cells: dict, provider: Organisation) -> ProductData:
    """One row as the product service's input; raises _RowErrors with every problem."""
    problems: list[RowProblem] = []

    def problem(column, code, **details):
        problems.append(RowProblem(number, column, code, details))

    text = {}
    for key in COLUMNS:
        cell = cells.get(key)
        if cell is not None and _is_formula(cell):
            problem(key, "cell_formula")
            text[key] = ""
            continue
        text[key] = _plain(getattr(cell, "value", None))
    for key in REQUIRED:
        if not text[key] and not any(p.column == key for p in problems):
            problem(key, "cell_required")
    for key, limit in MAX_LENGTH.items():
        if len(text[key]) > limit:
            problem(key, "cell_too_long", limit=limit)

    stages = []
    for word in (w.strip() for w in LIST_SPLIT.split(text["stages"]) if w.strip()):
        stage = word if word in STAGES else STAGE_BY_ENGLISH.get(word.lower())
        if stage is None:
            problem("stages", "cell_unknown_stage", value=word)
        elif stage not in stages:
            stages.append(stage)

    lookup = _sub_industry_lookup(provider)
    sub_ids: list[int] = []
    for word in (w.strip() for w in LIST_SPLIT.split(text["sub_industries"]) if w.strip()):
        if word not in lookup:
            problem("sub_industries", "cell_unknown_sub_industry", value=word)
            continue
        sub_ids.extend(s.id for s in lookup[word] if s.id not in sub_ids)

    generic = text["is_generic"].lower()
    if generic not in YES | NO:
        problem("is_generic", "cell_yes_no", value=text["is_generic"])

    delivery = text["delivery_mode"] or DELIVERY_MODES[0]
    if delivery not in DELIVERY_MODES:
        problem("delivery_mode", "cell_choice", value=delivery, choices="、".join(DELIVERY_MODES))
    unit = text["price_unit"] or PRICE_UNITS[0]
    if unit not in PRICE_UNITS:
        problem("price_unit", "cell_choice", value=unit, choices="、".join(PRICE_UNITS))

    prices = {}
    for key in ("list_price", "pilot_price"):
        if not text[key]:
            continue
        try:
            prices[key] = _money(text[key])
        except (InvalidOperation, ValueError):
            problem(key, "cell_number", value=text[key])
            continue
        if prices[key] <= 0:
            problem(key, "cell_positive")
        elif prices[key] > MAX_PRICE:
            problem(key, "cell_too_large", limit=f"{MAX_PRICE:,}")

    days = None
    if not text["deployment_days"]:
        problem("deployment_days", "cell_required")
    else:
        try:
            days = int(Decimal(text["deployment_days"]))
            if Decimal(text["deployment_days"]) != days:
                raise ValueError
        except (InvalidOperation, ValueError):
            problem("deployment_days", "cell_whole_number", value=text["deployment_days"])
        else:
            if not 1 <= days <= MAX_DAYS:
                problem("deployment_days", "cell_days_range", limit=MAX_DAYS)

    cases = []
    for line in (c.strip() for c in text["cases"].splitlines() if c.strip()):
        parts = CASE_SPLIT.split(line, maxsplit=1)
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            problem("cases", "cell_case_format", value=line[:40])
        else:
            cases.append((parts[0].strip()[:120], parts[1].strip()[:2000]))
    if not text["cases"]:
        problem("cases", "cell_required")

    if problems:
        raise _RowErrors(problems)
    return ProductData(
        name=text["name"],
        summary=text["summary"],
        description=text["description"],
        stages=stages,
        sub_industry_ids=sub_ids,
        is_generic=generic in YES,
        delivery_mode=delivery,
        list_price=prices["list_price"],
        pilot_price=prices["pilot_price"],
        price_unit=unit,
        deployment_days=days,
        cases=cases,
    )


def import_products(
    provider: Organisation, data: bytes, actor: User, headers: dict[str, set[str]]
) -> ImportReport:
    """Drafts from the good rows of a filled-in template; the bad rows are reported, and
    nothing of a bad row is saved. Raises InvalidInput when the file itself is unusable."""
    rows = read_rows(data, headers)
    created, problems = [], []
    for number, cells in rows:
        try:
            product_data = parse_row(number, cells, provider)
        except _RowErrors as error:
            problems.extend(error.problems)
            continue
        savepoint = db.session.begin_nested()
        try:
            product = create_product(provider, product_data, actor)
        except DomainError as error:
            savepoint.rollback()
            problems.append(RowProblem(number, SERVICE_CODE_COLUMN.get(error.code), error.code))
            continue
        savepoint.commit()
        created.append(product)
    return ImportReport(created, problems, len(rows))


# --- writing -------------------------------------------------------------------------------


def _sub_industry_names(provider: Organisation, product: Product) -> list[str]:
    counts: dict[str, int] = {}
    for sub in provider.served_sub_industries:
        counts[sub.name] = counts.get(sub.name, 0) + 1
    return [
        sub.name if counts.get(sub.name, 0) <= 1 else f"{sub.pilot.name}·{sub.name}"
        for sub in product.sub_industries
    ]


def catalog_rows(provider: Organisation, yes: str, no: str) -> list[list]:
    """The provider's products in COLUMNS order, as the import reads them back (`yes`/`no`
    are the words for the 通用 column in the user's language)."""
    products = db.session.scalars(
        select(Product)
        .where(Product.provider_id == provider.id, Product.status != "removed")
        .order_by(Product.id)
    )
    return [
        [
            p.name,
            p.summary,
            p.description,
            "、".join(p.stages),
            "、".join(_sub_industry_names(provider, p)),
            yes if p.is_generic else no,
            p.delivery_mode,
            Decimal(p.list_price),
            Decimal(p.pilot_price),
            p.price_unit,
            p.deployment_days,
            "\n".join(f"{c.customer}：{c.content}" for c in p.cases),
        ]
        for p in products
    ]
