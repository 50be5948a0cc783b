"""The public catalog: filters, keyword search in Chinese, ordering and pagination."""

from decimal import Decimal

from marketplace.services.pilots import pilot_by_code


def names(client, **query) -> str:
    return client.get("/catalog/browse", query_string=query).get_data(as_text=True)


def test_browse_needs_no_login_and_shows_card_facts(client, make_product):
    make_product(
        name="质量追溯云平台",
        list_price=Decimal("50000"),
        pilot_price=Decimal("35000"),
        is_generic=True,
    )
    page = names(client)
    assert "质量追溯云平台" in page
    assert "¥35,000" in page
    assert "<del>¥50,000</del>" in page
    assert "省30%" in page
    assert "通用" in page


def test_filter_by_stage_delivery_mode_and_price(client, make_product):
    make_product(name="能耗在线监测", stages=("能耗管理",), delivery_mode="软硬一体")
    make_product(name="云端排产助手", stages=("计划排程",), pilot_price=Decimal("9000"))
    by_stage = names(client, stage="能耗管理")
    assert "能耗在线监测" in by_stage
    assert "云端排产助手" not in by_stage
    by_mode = names(client, delivery_mode="SaaS")
    assert "云端排产助手" in by_mode
    assert "能耗在线监测" not in by_mode
    cheap = names(client, price_max="10000")
    assert "云端排产助手" in cheap
    assert "能耗在线监测" not in cheap


def test_filter_by_sub_industry_keeps_generic_products(client, make_product, make_organisation):
    xiamen = pilot_by_code("xiamen")
    first, second = xiamen.sub_industries[0], xiamen.sub_industries[1]
    make_product(name="电子器件AOI检测", sub_industries=[first])
    make_product(name="配电柜装配工艺库", sub_industries=[second])
    make_product(name="通用财务云", sub_industries=[], is_generic=True)
    page = names(client, sub_industry=first.id)
    assert "电子器件AOI检测" in page
    assert "通用财务云" in page
    assert "配电柜装配工艺库" not in page


def test_filter_by_pilot_city_uses_cities_served(client, make_product, make_organisation):
    shenyang = make_organisation("provider", pilot_code="shenyang")
    make_product(provider=shenyang, name="沈阳本地设备管理")
    make_product(name="厦门本地仓储管理")
    page = names(client, pilot=pilot_by_code("shenyang").id)
    assert "沈阳本地设备管理" in page
    assert "厦门本地仓储管理" not in page


def test_keyword_search_lists_what_the_words_are_about(client, make_product):
    make_product(name="仓库管理系统", summary="扫码收发货", description="入库出库与库存盘点。")
    make_product(
        name="设备联网与预测性维护",
        summary="设备联网采集振动温度数据",
        description="设备联网后做预测性维护，设备故障提前预警，设备点检无纸化。",
    )
    make_product(
        name="销售订单管理",
        summary="订单到回款",
        description="订单、发货、回款，偶尔也看设备档案。",
    )
    page = names(client, q="设备维护")
    assert "设备联网与预测性维护" in page
    # a product naming 设备 once in passing is not about 设备维护: under the relevance floor
    assert "销售订单管理" not in page
    assert "仓库管理系统" not in page


def test_keyword_with_no_match_shows_empty_state(client, make_product):
    make_product(name="仓库管理系统")
    page = names(client, q="区块链溯源")
    assert "没有符合条件的产品" in page


def test_bad_filter_values_are_ignored_not_errors(client, make_product):
    make_product(name="仓库管理系统")
    response = client.get(
        "/catalog/browse", query_string={"price_min": "abc", "pilot": "x", "page": "2"}
    )
    assert response.status_code == 200


def test_pagination_newest_first(client, app, make_product):
    app.config["PER_PAGE"] = 2
    for n in range(5):
        make_product(name=f"产品编号{n}")
    first = names(client)
    assert "产品编号4" in first
    assert "产品编号0" not in first
    assert "共 5 条" in first
    assert "产品编号0" in names(client, page=3)
