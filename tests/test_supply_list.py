"""A pilot city's published supply list (产品供给清单) and provider pool (服务商资源池): public,
only approved providers serving the city and their approved products, filterable by
sub-industry and stage, sorted and paginated on the server, downloadable as CSV and Excel
(neutralised, local times with the zone named) and in the API."""

import csv
import io
from datetime import UTC, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import review
from models import Event, ProviderRating
from tests.conftest import pilot
from tests.test_i18n import switch_language

FORMULA_NAME = '=HYPERLINK("http://example.com","点此")'


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _zhuhai_world(make_organisation, make_product, reviewer):
    """珠海: two approved providers, one suspended, one removed, one pending; a 厦门 provider."""
    zhuhai = pilot("zhuhai")
    pcb, appliances = zhuhai.sub_industries[1], zhuhai.sub_industries[0]  # 印刷电路板, 智能家电
    official = reviewer(zhuhai)
    alpha = make_organisation("provider", "zhuhai", name="珠海甲数字科技有限公司")
    beta = make_organisation("provider", "zhuhai", name="珠海乙智造服务有限公司")
    suspended = make_organisation("provider", "zhuhai", name="珠海丙暂停服务商")
    removed = make_organisation("provider", "zhuhai", name="珠海丁清退服务商")
    pending = make_organisation("provider", "zhuhai", name="珠海戊待审服务商", status="pending")
    xiamen = make_organisation("provider", "xiamen", name="厦门己服务商")
    products = {
        "pcb_mes": make_product(
            alpha,
            name="PCB车间MES",
            sub_industries=[pcb],
            stages=("生产管控", "质量管理"),
            pilot_price="30000",
            deployment_days=20,
        ),
        "appliance_qms": make_product(
            beta,
            name="家电质量追溯系统",
            sub_industries=[appliances],
            stages=("质量管理",),
            pilot_price="50000",
            deployment_days=45,
        ),
        "erp": make_product(
            beta,
            name="通用云ERP",
            sub_industries=[],
            is_generic=True,
            stages=("财务管理",),
            pilot_price="12000",
            deployment_days=10,
        ),
        "draft": make_product(alpha, name="草稿中的能耗平台", status="draft", sub_industries=[pcb]),
        "pending": make_product(alpha, name="待审核的仓储系统", status="pending"),
        "rejected": make_product(alpha, name="被驳回的排程系统", status="rejected"),
        "suspended_product": make_product(alpha, name="被暂停的设备管理", status="suspended"),
        "of_suspended": make_product(suspended, name="暂停服务商的产品", sub_industries=[pcb]),
        "of_removed": make_product(removed, name="清退服务商的产品", sub_industries=[pcb]),
        "xiamen": make_product(xiamen, name="厦门电子器件MES"),
    }
    review.review(suspended, "suspend", official, "投诉核查中")
    review.review(removed, "remove", official, "严重违规，清退")
    db.session.commit()
    return zhuhai, {"alpha": alpha, "beta": beta, "pending": pending}, products


HIDDEN_PRODUCTS = (
    "草稿中的能耗平台",
    "待审核的仓储系统",
    "被驳回的排程系统",
    "被暂停的设备管理",
    "暂停服务商的产品",
    "清退服务商的产品",
    "厦门电子器件MES",
)
HIDDEN_PROVIDERS = ("珠海丙暂停服务商", "珠海丁清退服务商", "珠海戊待审服务商", "厦门己服务商")


def test_the_list_holds_only_approved_products_of_approved_providers_of_the_city(
    client, make_organisation, make_product, reviewer
):
    _world = _zhuhai_world(make_organisation, make_product, reviewer)
    response = client.get("/pilots/zhuhai/supply")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for name in ("PCB车间MES", "家电质量追溯系统", "通用云ERP"):
        assert name in page
    for name in HIDDEN_PRODUCTS:
        assert name not in page
    assert "共 3 个产品" in page
    # price with its unit, deployment days, stages and the city's sub-industry
    assert "¥30,000" in page
    assert "/年" in page
    assert "印刷电路板" in page
    assert "质量管理" in page

    pool = client.get("/pilots/zhuhai/supply/providers").get_data(as_text=True)
    assert "珠海甲数字科技有限公司" in pool
    assert "珠海乙智造服务有限公司" in pool
    for name in HIDDEN_PROVIDERS:
        assert name not in pool
    assert "共 2 家服务商" in pool


def test_a_provider_suspended_after_listing_leaves_the_list_at_once(
    client, make_organisation, make_product, reviewer
):
    zhuhai, providers, _products = _zhuhai_world(make_organisation, make_product, reviewer)
    assert "PCB车间MES" in client.get("/pilots/zhuhai/supply").get_data(as_text=True)
    review.review(providers["alpha"], "suspend", reviewer(zhuhai), "资质核查")
    db.session.commit()
    assert "PCB车间MES" not in client.get("/pilots/zhuhai/supply").get_data(as_text=True)
    pool = client.get("/pilots/zhuhai/supply/providers").get_data(as_text=True)
    assert "珠海甲数字科技有限公司" not in pool
    api = client.get(f"/api/v1/pilots/{zhuhai.id}/supply/products").get_json()
    assert "PCB车间MES" not in {item["name"] for item in api["items"]}


def test_filters_by_sub_industry_keep_generic_products_and_by_stage(
    client, make_organisation, make_product, reviewer
):
    zhuhai, _providers, _products = _zhuhai_world(make_organisation, make_product, reviewer)
    pcb = zhuhai.sub_industries[1]
    page = client.get(f"/pilots/zhuhai/supply?sub_industry={pcb.id}").get_data(as_text=True)
    assert "PCB车间MES" in page
    assert "通用云ERP" in page
    assert "家电质量追溯系统" not in page

    page = client.get("/pilots/zhuhai/supply?stage=质量管理").get_data(as_text=True)
    assert "PCB车间MES" in page
    assert "家电质量追溯系统" in page
    assert "通用云ERP" not in page

    pool = client.get("/pilots/zhuhai/supply/providers?stage=财务管理").get_data(as_text=True)
    assert "珠海乙智造服务有限公司" in pool
    assert "珠海甲数字科技有限公司" not in pool


def test_a_filter_that_means_nothing_is_a_400_with_a_clear_message(
    client, make_organisation, make_product, reviewer
):
    _zhuhai_world(make_organisation, make_product, reviewer)
    xiamen_sub = pilot("xiamen").sub_industries[0]  # not one of 珠海's
    for query in (f"sub_industry={xiamen_sub.id}", "sub_industry=abc", f"sub_industry={10**25}"):
        response = client.get(f"/pilots/zhuhai/supply?{query}")
        assert response.status_code == 400, query
        page = response.get_data(as_text=True)
        assert "没有这个细分行业：请从列表中选择本市的细分行业，已显示全部" in page
        assert "PCB车间MES" in page
        assert "家电质量追溯系统" in page
    response = client.get("/pilots/zhuhai/supply/providers?stage=炼丹")
    assert response.status_code == 400
    assert "没有这个业务环节" in response.get_data(as_text=True)
    response = client.get("/pilots/zhuhai/supply?sort=colour&order=sideways")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "不能按这一列排序" in page
    assert "排序方向只能是升序或降序" in page
    assert client.get("/pilots/nowhere/supply").status_code == 404
    switch_language(client, "en")
    page = client.get("/pilots/zhuhai/supply?stage=炼丹").get_data(as_text=True)
    assert "No such business scene" in page


def _order_of(page: str, names) -> list[str]:
    return sorted(names, key=page.index)


def test_columns_sort_the_whole_list_on_the_server_across_pages(
    app, client, make_organisation, make_product, reviewer
):
    _zhuhai_world(make_organisation, make_product, reviewer)
    names = ["PCB车间MES", "家电质量追溯系统", "通用云ERP"]
    page = client.get("/pilots/zhuhai/supply?sort=price&order=desc").get_data(as_text=True)
    assert _order_of(page, names) == ["家电质量追溯系统", "PCB车间MES", "通用云ERP"]
    assert 'aria-sort="descending"' in page
    page = client.get("/pilots/zhuhai/supply?sort=days").get_data(as_text=True)
    assert _order_of(page, names) == ["通用云ERP", "PCB车间MES", "家电质量追溯系统"]

    app.config["PER_PAGE"] = 2
    first = client.get("/pilots/zhuhai/supply?sort=price").get_data(as_text=True)
    second = client.get("/pilots/zhuhai/supply?sort=price&page=2").get_data(as_text=True)
    assert "通用云ERP" in first
    assert "PCB车间MES" in first
    assert "家电质量追溯系统" in second
    assert "通用云ERP" not in second


def test_the_pool_shows_credit_code_scope_product_count_and_ratings(
    client, make_organisation, make_product, reviewer, make_project
):
    project = make_project("passed")  # a 厦门 project: its provider is rated by its enterprise
    provider = project.provider
    db.session.add(
        ProviderRating(
            project_id=project.id,
            provider_id=provider.id,
            enterprise_id=project.enterprise_id,
            quality=5,
            timeliness=4,
            responsiveness=4,
            value=3,
        )
    )
    db.session.commit()
    page = client.get("/pilots/xiamen/supply/providers").get_data(as_text=True)
    assert provider.name in page
    assert provider.credit_code in page
    assert "4.0" in page
    assert "（1 条）" in page
    assert "电子器件制造" in page  # a 厦门 sub-industry the provider serves
    body = client.get(f"/api/v1/pilots/{pilot('xiamen').id}/supply/providers").get_json()
    entry = next(item for item in body["items"] if item["id"] == provider.id)
    assert entry["rating_count"] == 1
    assert entry["rating_average"] == 4.0
    assert entry["credit_code"] == provider.credit_code


def test_csv_download_is_neutralised_with_local_times_naming_the_zone(
    client, make_organisation, make_product
):
    provider = make_organisation("provider", "zhuhai", name="珠海庚科技")
    product = make_product(
        provider, name=FORMULA_NAME, sub_industries=[pilot("zhuhai").sub_industries[0]]
    )
    response = client.get("/pilots/zhuhai/supply/products.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = _csv(response.data)
    assert rows[0][:3] == ["产品编号", "产品名称", "服务商"]
    assert "上架时间（UTC+08:00）" in rows[0]
    assert rows[1][1] == "'" + FORMULA_NAME
    assert rows[1][2] == "珠海庚科技"
    approval = db.session.scalar(
        select(Event.at).where(
            Event.subject_type == "products",
            Event.subject_id == product.id,
            Event.to_state == "approved",
        )
    )
    shanghai = approval.replace(tzinfo=UTC) + timedelta(hours=8)  # China keeps no summer time
    assert rows[1][rows[0].index("上架时间（UTC+08:00）")] == shanghai.strftime("%Y-%m-%d %H:%M")

    pool = _csv(client.get("/pilots/zhuhai/supply/providers.csv").data)
    assert pool[0][1] == "服务商名称"
    assert "入库时间（UTC+08:00）" in pool[0]
    assert pool[1][1] == "珠海庚科技"
    assert pool[1][pool[0].index("清单内产品数")] == "1"


def test_excel_download_holds_both_lists_as_text_cells(client, make_organisation, make_product):
    provider = make_organisation("provider", "zhuhai", name="@SUM(1+1)服务商")
    make_product(provider, name=FORMULA_NAME, pilot_price="8800")
    response = client.get("/pilots/zhuhai/supply.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["产品供给清单", "服务商资源池"]
    products = book["产品供给清单"]
    header = [c.value for c in products[1]]
    row = products[2]
    assert row[header.index("产品名称")].value == "'" + FORMULA_NAME
    assert row[header.index("产品名称")].data_type == "s"
    assert row[header.index("试点价（元）")].value == 8800
    pool = book["服务商资源池"]
    assert pool[2][1].value == "'@SUM(1+1)服务商"


def test_english_headers_in_the_download(client, make_organisation, make_product):
    make_product(make_organisation("provider", "zhuhai"), name="PCB车间MES")
    switch_language(client, "en")
    rows = _csv(client.get("/pilots/zhuhai/supply/products.csv").data)
    assert rows[0][:3] == ["Product no.", "Product name", "Provider"]
    assert "Listed at (UTC+08:00)" in rows[0]


def test_the_api_lists_the_city_with_the_same_filters(
    client, make_organisation, make_product, reviewer
):
    zhuhai, _providers, _products = _zhuhai_world(make_organisation, make_product, reviewer)
    url = f"/api/v1/pilots/{zhuhai.id}/supply/products"
    body = client.get(url).get_json()
    assert {item["name"] for item in body["items"]} == {
        "PCB车间MES",
        "家电质量追溯系统",
        "通用云ERP",
    }
    assert body["total"] == 3
    assert all(item["listed_at"] for item in body["items"])
    pcb = zhuhai.sub_industries[1]
    body = client.get(url, query_string={"sub_industry_id": pcb.id}).get_json()
    assert {item["name"] for item in body["items"]} == {"PCB车间MES", "通用云ERP"}
    body = client.get(url, query_string={"stage": "质量管理"}).get_json()
    assert {item["name"] for item in body["items"]} == {"PCB车间MES", "家电质量追溯系统"}

    bad = client.get(url, query_string={"stage": "炼丹"})
    assert bad.status_code == 400
    assert list(bad.json["errors"]) == ["stage"]
    assert client.get(url, query_string={"sub_industry_id": "abc"}).status_code == 400
    assert client.get("/api/v1/pilots/999999/supply/products").status_code == 404

    pool = client.get(f"/api/v1/pilots/{zhuhai.id}/supply/providers").get_json()
    assert {item["name"] for item in pool["items"]} == {
        "珠海甲数字科技有限公司",
        "珠海乙智造服务有限公司",
    }
    beta = next(item for item in pool["items"] if item["name"] == "珠海乙智造服务有限公司")
    assert beta["product_count"] == 2
    assert beta["stages"] == ["质量管理", "财务管理"]
    assert beta["rating_average"] is None


def test_the_api_document_describes_the_supply_lists(client):
    document = client.get("/api/v1/openapi.json").get_json()
    products = document["paths"]["/api/v1/pilots/{pilot_id}/supply/products"]["get"]
    names = {p["name"] for p in products["parameters"]}
    assert {"sub_industry_id", "stage", "page", "per_page"} <= names
    schemas = document["components"]["schemas"]
    assert "listed_at" in schemas["SupplyProduct"]["properties"]
    pool = schemas["SupplyProvider"]["properties"]
    assert {"credit_code", "sub_industries", "stages", "product_count", "rating_average"} <= set(
        pool
    )
    assert "/api/v1/pilots/{pilot_id}/supply/providers" in document["paths"]


def test_the_list_is_linked_from_the_home_page_and_the_footer(client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/pilots/zhuhai/supply"' in home
    assert 'href="/pilots/zhuhai/supply/providers"' in home
    assert 'href="/pilots/"' in home  # the footer
    index = client.get("/pilots/").get_data(as_text=True)
    assert 'href="/pilots/fuzhou/supply"' in index
