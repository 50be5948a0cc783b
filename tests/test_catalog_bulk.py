"""批量导入 / 导出: a provider fills in the Excel template with many products; every row is
checked on its own (row number + column + problem in the user's language), good rows become
drafts through the product service, a bad row saves nothing of itself; its own catalog
exports in the same format and imports back."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from marketplace.extensions import db
from models import CaseStudy, Product
from tests.conftest import first_user
from tests.test_i18n import switch_language

HEADERS = [
    "产品名称",
    "一句话介绍",
    "产品说明",
    "覆盖的业务环节",
    "适用细分行业",
    "通用产品",
    "交付方式",
    "市场价（元）",
    "试点优惠价（元）",
    "计价单位",
    "部署周期（天）",
    "客户案例",
]


def good_row(name="批量MES", **changes):
    row = {
        "产品名称": name,
        "一句话介绍": "工单与报工",
        "产品说明": "离散制造车间的轻量化MES。",
        "覆盖的业务环节": "生产管控、设备管理",
        "适用细分行业": "",
        "通用产品": "是",
        "交付方式": "SaaS",
        "市场价（元）": 60000,
        "试点优惠价（元）": 42000,
        "计价单位": "元/年",
        "部署周期（天）": 30,
        "客户案例": "某电子厂：交期达成率提升12%\n某五金厂：报工无纸化",
    }
    row.update(changes)
    return [row[h] for h in HEADERS]


def workbook(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, body: bytes):
    return client.post(
        "/catalog/my-products/import",
        data={"file": (io.BytesIO(body), "products.xlsx")},
        content_type="multipart/form-data",
    )


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def provider(login, make_organisation):
    org = make_organisation("provider")
    login(first_user(org))
    return org


def test_template_has_the_columns_and_a_notes_sheet(client, provider):
    response = client.get("/catalog/my-products/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["产品", "填写说明"]
    assert [c.value for c in book["产品"][1]] == HEADERS
    assert book["产品"].max_row == 1
    notes = {row[0]: row[1] for row in book["填写说明"].iter_rows(min_row=2, values_only=True)}
    assert "SaaS、私有部署、软硬一体" in notes["交付方式"]


def test_my_products_page_offers_bulk_import_and_export(client, provider):
    page = client.get("/catalog/my-products").get_data(as_text=True)
    assert "批量导入" in page
    assert "/catalog/my-products/export.xlsx" in page


def test_good_rows_become_drafts_and_bad_rows_are_listed_and_not_saved(client, provider):
    sub = provider.served_sub_industries[0]
    body = workbook(
        [
            good_row("批量MES", **{"适用细分行业": sub.name, "通用产品": "否"}),
            good_row("", **{"市场价（元）": "六万"}),  # row 3: two problems
            good_row("火箭MES", **{"覆盖的业务环节": "生产管控、造火箭"}),  # row 4
            good_row("贵MES", **{"试点优惠价（元）": 90000}),  # row 5: the service refuses it
            [None] * len(HEADERS),  # a blank row is skipped, not reported
            good_row("批量WMS", **{"覆盖的业务环节": "仓储物流"}),  # row 7
        ]
    )
    cases_before = count(CaseStudy)
    page = upload(client, body).get_data(as_text=True)

    assert "共读取 5 行：2 行已保存为草稿，3 行有误未保存。" in page
    assert "第 3 行 · 产品名称：此项必填" in page
    assert "第 3 行 · 市场价（元）：“六万”不是金额" in page
    assert "第 4 行 · 覆盖的业务环节：“造火箭”不是业务环节名称" in page
    assert "第 5 行 · 试点优惠价（元）：试点优惠价不能高于市场价" in page
    assert "第 6 行" not in page

    saved = db.session.scalars(select(Product).order_by(Product.id)).all()
    assert [(p.name, p.status) for p in saved] == [("批量MES", "draft"), ("批量WMS", "draft")]
    mes = saved[0]
    assert list(mes.stages) == ["生产管控", "设备管理"]
    assert [s.id for s in mes.sub_industries] == [sub.id]
    assert mes.is_generic is False
    assert (mes.list_price, mes.pilot_price, mes.deployment_days) == (
        Decimal("60000.00"),
        Decimal("42000.00"),
        30,
    )
    assert [(c.customer, c.content) for c in mes.cases] == [
        ("某电子厂", "交期达成率提升12%"),
        ("某五金厂", "报工无纸化"),
    ]
    # the refused rows left nothing behind: no product, no case of theirs
    assert count(CaseStudy) == cases_before + 4


def test_a_row_with_one_bad_field_saves_nothing_of_that_row(client, provider):
    body = workbook([good_row("差一项MES", **{"部署周期（天）": 1000})])
    page = upload(client, body).get_data(as_text=True)
    assert "第 2 行 · 部署周期（天）：须在1到720天之间" in page
    assert count(Product) == 0
    assert count(CaseStudy) == 0


def test_an_absurd_price_is_a_row_problem_not_a_database_error(client, provider):
    body = workbook([good_row("天价MES", **{"市场价（元）": "1e15", "试点优惠价（元）": "NaN"})])
    page = upload(client, body).get_data(as_text=True)
    assert "第 2 行 · 市场价（元）：金额不能超过 9,999,999,999.99 元" in page
    assert "第 2 行 · 试点优惠价（元）：“NaN”不是金额" in page
    assert count(Product) == 0


def test_a_formula_cell_is_refused_not_evaluated(client, provider):
    body = workbook([good_row("公式MES", **{"一句话介绍": '=HYPERLINK("http://x")'})])
    page = upload(client, body).get_data(as_text=True)
    assert "第 2 行 · 一句话介绍：不能填写公式，请填写数值或文字" in page
    assert count(Product) == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not a spreadsheet", "无法读取该文件，请上传由模板填写的 .xlsx 文件"),
        (workbook([], HEADERS), "表中没有产品行，请在模板第2行起填写"),
        (workbook([good_row()], HEADERS[:-1]), "表头缺少以下列：客户案例"),
    ],
    ids=["not xlsx", "no rows", "a column missing"],
)
def test_an_unusable_file_says_why_and_saves_nothing(client, provider, body, message):
    response = upload(client, body)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(Product) == 0


def test_no_file_chosen_is_a_form_error(client, provider):
    page = client.post("/catalog/my-products/import", data={}).get_data(as_text=True)
    assert "请选择要上传的 Excel 文件" in page


def fields(p) -> tuple:
    return (
        p.name,
        p.summary,
        p.description,
        list(p.stages),
        sorted(s.id for s in p.sub_industries),
        p.is_generic,
        p.delivery_mode,
        Decimal(p.list_price),
        Decimal(p.pilot_price),
        p.price_unit,
        p.deployment_days,
        [(c.customer, c.content) for c in p.cases],
    )


def test_export_reimports_as_the_same_products(client, provider, make_product):
    make_product(
        provider=provider,
        name="导出MES",
        summary="=1+1 不是公式",
        stages=("生产管控", "质量管理"),
        pilot_price=42000,
        list_price=60000,
        deployment_days=45,
        cases=[("某电子厂", "交期提升"), ("某五金厂", "良率提升")],
    )
    make_product(
        provider=provider, name="导出ERP", is_generic=True, sub_industries=[], status="draft"
    )
    exported = client.get("/catalog/my-products/export.xlsx")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.data))["产品"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["B2"].value == "'=1+1 不是公式"  # neutralised: text, never a formula
    assert sheet["B2"].data_type == "s"

    page = upload(client, exported.data).get_data(as_text=True)
    assert "2 行已保存为草稿，0 行有误未保存" in page
    products = db.session.scalars(select(Product).order_by(Product.id)).all()
    originals, copies = products[:2], products[2:]
    assert [fields(p) for p in copies] == [fields(p) for p in originals]
    assert copies[0].summary == "=1+1 不是公式"
    assert {p.status for p in copies} == {"draft"}


def test_bulk_import_speaks_english(client, provider):
    switch_language(client, "en")
    template = load_workbook(io.BytesIO(client.get("/catalog/my-products/template.xlsx").data))
    english = [c.value for c in template.worksheets[0][1]]
    assert english[0] == "Product name"
    body = workbook([good_row("", **{"部署周期（天）": "三十"})], english)
    page = upload(client, body).get_data(as_text=True)
    assert "Row 2 · Product name: This field is required" in page
    assert "Row 2 · Deployment time (days): “三十” is not a whole number of days" in page


def test_only_providers_reach_the_bulk_pages(client, login, make_user):
    login(make_user("enterprise"))
    for url in (
        "/catalog/my-products/import",
        "/catalog/my-products/template.xlsx",
        "/catalog/my-products/export.xlsx",
    ):
        assert client.get(url).status_code == 403
