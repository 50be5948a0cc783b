"""Exports carry exactly the filtered, scoped rows of the list, as CSV (BOM) and Excel."""

import csv
import io

from openpyxl import load_workbook

from tests.conftest import pilot


def make_city_needs(make_organisation, make_need):
    xiamen = pilot("xiamen")
    sub_a, sub_b = xiamen.sub_industries[0], xiamen.sub_industries[1]
    make_need(enterprise=make_organisation("enterprise", sub_industry=sub_a), title="电子车间排产")
    make_need(
        enterprise=make_organisation("enterprise", sub_industry=sub_b), title="输配电质量追溯"
    )
    make_need(
        enterprise=make_organisation("enterprise", sub_industry=sub_b), title="开关柜设备联网"
    )
    make_need(enterprise=make_organisation("enterprise", "fuzhou"), title="福州纺织需求")
    return sub_b


def test_csv_export_has_bom_and_only_filtered_scoped_rows(
    client, login, make_user, make_organisation, make_need
):
    sub_b = make_city_needs(make_organisation, make_need)
    login(make_user("official", "xiamen"))
    response = client.get(f"/supervision/needs?sub_industry_id={sub_b.id}&format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["编号", "需求标题"]
    assert sorted(r[1] for r in rows[1:]) == ["开关柜设备联网", "输配电质量追溯"]


def test_xlsx_export_matches_the_filtered_list(
    client, login, make_user, make_organisation, make_need
):
    make_city_needs(make_organisation, make_need)
    login(make_user("official", "xiamen"))
    response = client.get("/supervision/needs?q=质量&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "需求标题"
    assert [row[1] for row in values[1:]] == ["输配电质量追溯"]


def test_product_export_leaves_out_other_cities(
    client, login, make_user, make_organisation, make_product
):
    make_product(name="厦门MES", status="approved")
    make_product(name="厦门待审MES", status="pending")
    make_product(provider=make_organisation("provider", "fuzhou"), name="福州MES")
    login(make_user("official", "xiamen"))
    response = client.get("/supervision/products?status=approved&format=csv")
    names = [r[1] for r in csv.reader(io.StringIO(response.data.decode("utf-8-sig")))][1:]
    assert names == ["厦门MES"]


def test_activity_export_has_one_sheet_per_table(client, login, make_user, make_need):
    make_need()
    login(make_user("official", "xiamen"))
    response = client.get("/supervision/activity?format=xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["按周", "按细分行业", "按区县"]
    weeks = list(book["按周"].iter_rows(values_only=True))
    assert len(weeks) == 13
    assert weeks[-1][2] == 1  # the need posted this week
