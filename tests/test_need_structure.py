"""A need's structure (福州): 转型难点, 转型计划 and 期待得到支持 — optional, bounded, shown on
the need page, carried by the API, and read by the matcher (retrieval and a reason)."""

from datetime import date, timedelta

import pytest
from flask_babel import refresh
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import needs as need_service
from marketplace.services import ranked_matches
from marketplace.services.errors import InvalidInput
from marketplace.services.matching import match_reasons, rank_products_for_need
from models import Need
from tests.conftest import first_user
from tests.test_i18n import switch_language
from tests.test_needs_views import need_form

PAIN = "仓库进出库靠手写单据，经常发错货，库存数量对不上"
PLAN = "今年先把仓库管起来，明年再做生产环节"
SUPPORT = "希望服务商上门培训仓管员使用PDA"


def test_the_form_saves_the_structure_and_the_need_page_shows_it(client, login, make_user):
    login(make_user("enterprise"))
    response = client.post(
        "/needs/new",
        data=need_form(pain_points=PAIN, transformation_plan=PLAN, support_wanted=SUPPORT),
    )
    assert response.status_code == 302
    need = db.session.scalar(select(Need))
    assert (need.pain_points, need.transformation_plan, need.support_wanted) == (
        PAIN,
        PLAN,
        SUPPORT,
    )
    html = client.get(f"/needs/{need.id}").get_data(as_text=True)
    for label, text in (("转型难点", PAIN), ("转型计划", PLAN), ("期待得到支持", SUPPORT)):
        assert label in html
        assert text in html
    edit = client.get(f"/needs/{need.id}/edit").get_data(as_text=True)
    assert PAIN in edit
    assert PLAN in edit
    assert SUPPORT in edit


def test_blank_structure_is_stored_as_none_and_the_page_leaves_it_out(client, login, make_user):
    login(make_user("enterprise"))
    client.post("/needs/new", data=need_form(pain_points="   ", support_wanted=""))
    need = db.session.scalar(select(Need))
    assert need.pain_points is None
    assert need.support_wanted is None
    html = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "转型难点" not in html


def test_over_long_pain_points_are_refused_with_a_message_in_both_languages(
    client, login, make_user
):
    login(make_user("enterprise"))
    html = client.post("/needs/new", data=need_form(pain_points="难" * 1001)).get_data(as_text=True)
    assert "转型难点最多1000字" in html
    assert db.session.scalar(select(Need)) is None
    switch_language(client, "en")
    html = client.post("/needs/new", data=need_form(support_wanted="难" * 1001)).get_data(
        as_text=True
    )
    assert "The support wanted can be at most 1000 characters" in html
    assert db.session.scalar(select(Need)) is None


def test_the_service_refuses_over_long_structure_for_every_caller(app, make_user):
    user = make_user("enterprise")
    fields = {
        "title": "仓库管理",
        "description": "仓库改造",
        "transformation_plan": "计" * 1001,
    }
    with pytest.raises(InvalidInput) as refused:
        need_service.post_need(user, **fields)
    assert refused.value.code == "plan_too_long"


CATALOG = {
    "wms": {
        "name": "云仓储WMS条码管理",
        "summary": "扫码收货上架、库位管理、拣货出库和移动盘点",
        "description": "仓库进出库全程条码化，防止发错货，库存实时准确，支持PDA盘点。",
        "stages": ("仓储物流",),
    },
    "mes": {},  # the fixture's MES: 生产管控
    "energy": {
        "name": "能耗在线监测",
        "summary": "水电气能耗采集与分析",
        "description": "车间电表、水表联网采集，能耗异常告警，碳排放核算。",
        "stages": ("能耗管理",),
    },
    "finance": {
        "name": "业财一体化云财务",
        "summary": "凭证、报表、费用报销",
        "description": "总账、应收应付、费用报销在线审批，自动出具财务报表。",
        "stages": ("财务管理",),
    },
}


def test_a_need_worded_only_in_its_pain_points_finds_the_right_product_first(
    app, make_product, make_need
):
    products = {key: make_product(**fields) for key, fields in CATALOG.items()}
    need = make_need(
        title="企业数字化转型",
        description="公司希望推进数字化转型，提升管理水平。",
        stages=(),
        pain_points=PAIN,
        support_wanted=SUPPORT,
    )
    live = rank_products_for_need(need)
    assert live[0].product.id == products["wms"].id
    # the reason names the need's 难点/期待 words the product covers
    reasons = dict(match_reasons(live[0]))
    assert "need_terms" in reasons
    assert set(reasons["need_terms"]["terms"]) & {"出库", "库存", "手写", "发错", "仓库", "PDA"}
    stored = ranked_matches.stored_matches(need, 10)
    assert stored[0].product.id == products["wms"].id
    assert stored[0].need_terms == live[0].need_terms


def test_the_need_page_says_which_pain_point_words_a_product_covers(
    app, client, login, make_product, make_need
):
    make_product(**CATALOG["wms"])
    need = make_need(title="企业数字化转型", description="推进数字化转型。", stages=())
    need.pain_points = PAIN
    db.session.commit()
    login(first_user(need.enterprise))
    html = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "覆盖需求提出的难点与期待" in html


# the API -----------------------------------------------------------------------------------
def body(**changes):
    data = {
        "title": "仓库扫码管理",
        "description": "仓库改造，扫码出入库。",
        "pain_points": PAIN,
        "transformation_plan": PLAN,
        "support_wanted": SUPPORT,
        "stages": ["仓储物流"],
        "budget_min": 30000,
        "budget_max": 80000,
        "expected_start": (date.today() + timedelta(days=7)).isoformat(),
        "duration_days": 45,
        "target_level": 2,
    }
    data.update(changes)
    return data


def test_the_api_round_trips_the_structure(client, make_user, api_headers):
    enterprise = make_user("enterprise")
    official = make_user("official")
    response = client.post("/api/v1/needs", json=body(), headers=api_headers(enterprise))
    assert response.status_code == 200, response.get_json()
    posted = response.get_json()
    assert posted["pain_points"] == PAIN
    assert posted["transformation_plan"] == PLAN
    assert posted["support_wanted"] == SUPPORT
    assert posted["budget_min"] == 30000.0

    read = client.get(f"/api/v1/needs/{posted['id']}", headers=api_headers(official)).get_json()
    assert (read["pain_points"], read["transformation_plan"], read["support_wanted"]) == (
        PAIN,
        PLAN,
        SUPPORT,
    )

    # PATCH changes only what it names
    patched = client.patch(
        f"/api/v1/needs/{posted['id']}",
        json={"pain_points": "排产靠经验", "support_wanted": None},
        headers=api_headers(enterprise),
    )
    assert patched.status_code == 200, patched.get_json()
    after = patched.get_json()
    assert after["pain_points"] == "排产靠经验"
    assert after["support_wanted"] is None
    assert after["transformation_plan"] == PLAN
    assert after["title"] == "仓库扫码管理"
    assert after["stages"] == ["仓储物流"]


def test_the_api_refuses_over_long_structure_with_a_message(client, make_user, api_headers):
    headers = api_headers(make_user("enterprise"))
    response = client.post("/api/v1/needs", json=body(pain_points="难" * 1001), headers=headers)
    assert response.status_code == 400
    error = response.get_json()
    assert error["errors"]["pain_points"] == ["长度应在 0–1000 个字符之间"]
    refresh()  # the test's app context keeps the locale of the request before
    english = client.post(
        "/api/v1/needs?lang=en", json=body(support_wanted="难" * 1001), headers=headers
    ).get_json()
    assert english["errors"]["support_wanted"] == ["must be 0 to 1000 characters long"]
    assert db.session.scalar(select(Need)) is None


def test_only_the_enterprise_writes_its_needs_through_the_api(
    client, make_user, make_need, api_headers
):
    need = make_need()
    other = make_user("enterprise")
    official = make_user("official")
    assert (
        client.post("/api/v1/needs", json=body(), headers=api_headers(official)).status_code == 403
    )
    assert client.post("/api/v1/needs", json=body()).status_code == 401
    patch = client.patch(
        f"/api/v1/needs/{need.id}", json={"title": "改"}, headers=api_headers(other)
    )
    assert patch.status_code == 404
    owner = first_user(need.enterprise)
    past = (date.today() - timedelta(days=3)).isoformat()
    refused = client.patch(
        f"/api/v1/needs/{need.id}", json={"expected_start": past}, headers=api_headers(owner)
    )
    assert refused.status_code == 400
    assert refused.get_json()["message"] == "开始日期不能早于今天"
