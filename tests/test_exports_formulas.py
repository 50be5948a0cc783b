"""Exports never hand a spreadsheet a formula (OWASP CSV injection): text a user typed that
begins with = + - @, a tab or a carriage return is written with a leading single quote, and an
Excel cell holding text is a plain string; numbers stay numbers, negative ones included."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from marketplace.services.exports import csv_bytes, xlsx_bytes

FORMULA_TITLE = '=HYPERLINK("http://example.com","点此")'


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_need_title_with_a_formula_is_exported_as_text(
    client, login, make_user, make_organisation, make_need
):
    need = make_need(title=FORMULA_TITLE, budget_min=Decimal("30000"))
    login(make_user("official", "xiamen"))

    response = client.get("/supervision/needs?format=csv")
    assert response.status_code == 200
    rows = _csv_rows(response.data)
    assert rows[0][1] == "需求标题"
    row = next(r for r in rows[1:] if r[0] == str(need.id))
    assert row[1] == "'" + FORMULA_TITLE
    assert row[1].startswith("'=")

    response = client.get("/supervision/needs?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [c.value for c in sheet[1]]
    data_row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == need.id)
    title_cell = data_row[header.index("需求标题")]
    assert title_cell.data_type == "s"
    assert title_cell.value == "'" + FORMULA_TITLE
    budget_cell = data_row[header.index("预算下限（元）")]
    assert budget_cell.data_type == "n"
    assert budget_cell.value == 30000


def test_enterprise_name_with_a_formula_is_neutralised_in_the_enterprise_file(
    client, login, make_user, make_organisation
):
    enterprise = make_organisation("enterprise", name="@SUM(1+1)*cmd|' /C calc'!A0")
    login(make_user("official", "xiamen"))

    response = client.get(f"/projects/enterprise/{enterprise.id}?format=csv")
    assert response.status_code == 200
    cells = [cell for row in _csv_rows(response.data) for cell in row]
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert "@SUM(1+1)*cmd|' /C calc'!A0" not in cells

    response = client.get(f"/projects/enterprise/{enterprise.id}?format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    named = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "SUM(1+1)" in cell.value
    ]
    assert named
    assert all(c.data_type == "s" and c.value.startswith("'@") for c in named)


def test_every_dangerous_start_is_quoted_and_numbers_stay_numbers():
    texts = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "plain", "数转通", "'=already"]
    numbers = [-5, Decimal("-3.50"), -0.25, 42]
    rows = [[*texts, *numbers]]

    # written out by hand: what each of the nine texts must become, in CSV and in Excel
    neutralised = ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "plain", "数转通", "'=already"]
    written = _csv_rows(csv_bytes([f"h{i}" for i in range(13)], rows))[1]
    assert written == [
        *neutralised,
        "-5",
        "-3.50",
        "-0.25",
        "42",
    ]

    sheet = load_workbook(io.BytesIO(xlsx_bytes([("表", ["h"] * 13, rows)]))).active
    cells = list(sheet[2])
    # XML reads a stored carriage return back as a line feed; the quote before it is what counts
    assert [c.value.replace("\n", "\r") for c in cells[:9]] == neutralised
    assert {c.data_type for c in cells[:9]} == {"s"}
    assert [c.value for c in cells[9:]] == [-5, -3.5, -0.25, 42]
    assert {c.data_type for c in cells[9:]} == {"n"}
