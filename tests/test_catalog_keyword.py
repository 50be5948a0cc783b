"""Catalog keyword search ranks by the same hybrid as a need (lexical + dense + the stages the
words are about) and keeps only what the words are about: no long tail of products that merely
share a word, and nothing at all, with a hint, for words the catalog knows nothing about."""

import pytest

from marketplace.services import indexing

MAINTENANCE = ("设备预测性维护平台", "设备点检保养与维修工单", "数控机床故障预警服务")
FORECAST = ("销售预测与询单分析", "需求预测与补货建议")


@pytest.fixture
def catalog(make_product):
    make_product(
        name=MAINTENANCE[0],
        summary="振动温度采集，设备故障提前预警",
        description="设备联网采集运行数据，建立故障模型，做预测性维护，减少非计划停机。",
        stages=("设备管理",),
    )
    make_product(
        name=MAINTENANCE[1],
        summary="点检、保养计划与维修记录",
        description="设备台账、点检保养提醒、维修工单与备件管理，手机扫码完成点检。",
        stages=("设备管理",),
    )
    make_product(
        name=MAINTENANCE[2],
        summary="主轴与刀具状态监测",
        description="采集机床主轴电流与振动，预测刀具磨损和主轴故障，提前安排维护。",
        stages=("设备管理",),
    )
    make_product(
        name=FORECAST[0],
        summary="按历史订单预测下月销量",
        description="销售预测模型结合询单和历史订单，预测各产品销量，辅助备货与销售计划。",
        stages=("营销管理", "决策支持"),
    )
    make_product(
        name=FORECAST[1],
        summary="预测需求，自动建议补货",
        description="基于销量的需求预测与库存补货建议，减少缺货和积压。",
        stages=("仓储物流", "计划排程"),
    )
    make_product(
        name="财务记账与发票管理",
        summary="凭证、报表与发票",
        description="记账凭证、财务报表、发票开具与应收应付管理。",
        stages=("财务管理",),
    )


def test_predictive_maintenance_lists_maintenance_products_and_no_sales_forecast(client, catalog):
    page = client.get("/catalog/browse", query_string={"q": "设备预测性维护"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for name in MAINTENANCE:
        assert name in text
    for name in (*FORECAST, "财务记账与发票管理"):
        assert name not in text
    assert text.index(MAINTENANCE[0]) < text.index(MAINTENANCE[1])


def test_search_ids_are_cut_at_a_relevance_floor_not_a_long_tail(app, catalog):
    with app.app_context():
        hits = indexing.search_product_ids("设备预测性维护")
        scores = [score for _, score in hits]
        assert len(hits) == len(MAINTENANCE)
        assert scores == sorted(scores, reverse=True)
        assert min(scores) >= 0.5 * max(scores)


def test_a_query_about_the_forecast_finds_the_forecast_products(app, client, catalog):
    text = client.get("/catalog/browse", query_string={"q": "销售预测"}).get_data(as_text=True)
    assert FORECAST[0] in text
    assert MAINTENANCE[0] not in text


@pytest.mark.parametrize("q", ["asdfqwer zxcv", "qwertyuiop"])
def test_nonsense_keyword_finds_nothing_and_says_what_to_try(client, catalog, q):
    text = client.get("/catalog/browse", query_string={"q": q}).get_data(as_text=True)
    for name in (*MAINTENANCE, *FORECAST):
        assert name not in text
    assert "没有符合条件的产品" in text
    assert f"没有与“{q}”相关的产品" in text
    assert "设备预测性维护" in text  # an example of what to write


def test_nonsense_keyword_hint_is_in_english_too(client, catalog):
    with client.session_transaction() as session:
        session["locale"] = "en"
    text = client.get("/catalog/browse", query_string={"q": "qwertyuiop"}).get_data(as_text=True)
    assert "No product is about “qwertyuiop”" in text
