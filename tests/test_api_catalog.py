"""Public reads: pilots, approved providers and the approved catalog, paginated and filtered."""

import pytest

from marketplace.extensions import db
from marketplace.services.workflow import change_state


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


def test_pilots_carry_their_districts_and_sub_industries(client):
    response = client.get("/api/v1/pilots")

    assert response.status_code == 200
    assert response.json["total"] == 5
    by_code = {p["code"]: p for p in response.json["items"]}
    assert len(by_code["xiamen"]["sub_industries"]) == 3
    assert len(by_code["hohhot"]["sub_industries"]) == 6
    assert "思明区" in {d["name"] for d in by_code["xiamen"]["districts"]}
    assert [s["is_extension"] for s in by_code["shenyang"]["sub_industries"]].count(True) >= 1


def test_suspended_draft_and_rejected_products_are_absent(client, make_product, make_user):
    shown = make_product(name="设备联网采集网关")
    suspended = make_product(name="能耗监测平台")
    draft = make_product(status="draft")
    rejected = make_product(status="rejected")
    official = make_user("official")
    assert suspended.id in ids(client.get("/api/v1/products?q=能耗监测"))
    change_state(suspended, "suspended", official, "抽查发现虚假案例")
    db.session.commit()

    assert ids(client.get("/api/v1/products")) == [shown.id]
    for product in (suspended, draft, rejected):
        assert client.get(f"/api/v1/products/{product.id}").status_code == 404
    detail = client.get(f"/api/v1/products/{shown.id}").json
    assert detail["name"] == "设备联网采集网关"
    assert detail["cases"][0]["customer"] == "某电子器件厂"
    # keyword search goes through the index, which dropped the suspended product at commit
    assert suspended.id not in ids(client.get("/api/v1/products?q=能耗监测"))


def test_products_of_a_suspended_provider_are_absent(client, make_product, make_organisation):
    provider = make_organisation("provider")
    product = make_product(provider=provider)
    provider.status = "suspended"
    db.session.commit()

    assert ids(client.get("/api/v1/products")) == []
    assert client.get(f"/api/v1/products/{product.id}").status_code == 404


def test_pagination_reports_totals(client, make_product, make_organisation):
    provider = make_organisation("provider")
    made = [make_product(provider=provider, name=f"产品{i}") for i in range(23)]

    first = client.get("/api/v1/products?per_page=10").json
    last = client.get("/api/v1/products?per_page=10&page=3").json
    beyond = client.get("/api/v1/products?per_page=10&page=9").json

    assert (first["total"], first["pages"], first["page"], first["per_page"]) == (23, 3, 1, 10)
    assert len(first["items"]) == 10
    assert len(last["items"]) == 3
    assert [i["id"] for i in first["items"] + last["items"]][-1] == made[-1].id
    assert beyond["items"] == []
    assert beyond["total"] == 23
    assert client.get("/api/v1/products").json["per_page"] == 20


@pytest.mark.parametrize(
    "query",
    [
        "per_page=0",
        "per_page=101",
        "per_page=abc",
        "page=0",
        "page=-1",
        "stage=炼钢",
        "delivery_mode=CD",
        "is_generic=maybe",
        "sub_industry_id=x",
    ],
)
def test_bad_parameters_are_400_with_a_reason(client, query):
    response = client.get(f"/api/v1/products?{query}")
    assert response.status_code == 400
    assert response.json["status"] == 400
    assert response.json["message"]


def test_product_filters(client, make_product, make_organisation):
    provider = make_organisation("provider")
    city = provider.pilot
    mes = make_product(
        provider=provider, stages=("生产管控",), sub_industries=[city.sub_industries[0]]
    )
    qms = make_product(
        provider=provider,
        name="质量追溯系统",
        stages=("质量管理",),
        delivery_mode="私有部署",
        sub_industries=[city.sub_industries[1]],
    )
    erp = make_product(
        provider=provider, name="云ERP", stages=("财务管理",), is_generic=True, sub_industries=[]
    )
    fuzhou = make_product(provider=make_organisation("provider", "fuzhou"))

    def found(query):
        return set(ids(client.get(f"/api/v1/products?{query}")))

    assert found("stage=质量管理") == {qms.id}
    assert found("delivery_mode=私有部署") == {qms.id}
    assert found(f"sub_industry_id={city.sub_industries[0].id}") == {mes.id}
    assert found("is_generic=true") == {erp.id}
    assert found(f"pilot_id={city.id}") == {mes.id, qms.id, erp.id}
    assert found(f"provider_id={fuzhou.provider_id}") == {fuzhou.id}


def test_keyword_search_ranks_through_the_chinese_index(client, make_product, make_organisation):
    provider = make_organisation("provider")
    make_product(
        provider=provider,
        name="仓储管理WMS",
        summary="库位管理与扫码出入库",
        description="条码化的仓库管理，支持库位、批次与盘点。",
        stages=("仓储物流",),
    )
    quality = make_product(
        provider=provider,
        name="质量检验管理系统",
        summary="来料检验与质量追溯",
        description="质量检验计划、不合格品处理和质量追溯报表。",
        stages=("质量管理",),
    )

    response = client.get("/api/v1/products?q=质量追溯")

    assert ids(response)[0] == quality.id
    assert response.json["total"] == len(response.json["items"])


def test_providers_list_only_approved_and_public_fields(client, make_organisation):
    approved = make_organisation("provider", name="闽数科技")
    make_organisation("provider", status="pending")
    make_organisation("provider", status="suspended")
    make_organisation("enterprise")

    response = client.get("/api/v1/providers")

    assert ids(response) == [approved.id]
    item = response.json["items"][0]
    assert item["name"] == "闽数科技"
    assert item["provider_type"] == "专业服务商"
    assert "contact_phone" not in item
    assert "contact_name" not in item
    assert client.get(f"/api/v1/providers/{approved.id}").status_code == 200
    enterprise_id = make_organisation("enterprise").id
    assert client.get(f"/api/v1/providers/{enterprise_id}").status_code == 404


def test_provider_filters(client, make_organisation):
    xiamen = make_organisation("provider", name="厦门工业互联")
    fuzhou = make_organisation("provider", "fuzhou", name="榕城智造", provider_type="集成服务商")

    def found(query):
        return set(ids(client.get(f"/api/v1/providers?{query}")))

    assert found(f"pilot_id={fuzhou.pilot_id}") == {fuzhou.id}
    assert found("provider_type=集成服务商") == {fuzhou.id}
    assert found("q=工业互联") == {xiamen.id}
    assert found(f"sub_industry_id={xiamen.served_sub_industries[0].id}") == {xiamen.id}


def test_unexpected_failure_is_a_json_500_without_details(app, client, monkeypatch):
    from marketplace.api import queries

    def broken():
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "pilots", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    response = client.get("/api/v1/pilots")

    assert response.status_code == 500
    assert response.json["status"] == 500
    assert "secret internals" not in response.get_data(as_text=True)


@pytest.mark.parametrize("product_id", ["0", "-1", str(10**25), "abc"])
def test_out_of_range_ids_are_a_json_404(client, product_id):
    response = client.get(f"/api/v1/products/{product_id}")
    assert response.status_code == 404
    assert response.json["status"] == 404
    assert response.json["message"]


@pytest.mark.parametrize("query", ["page=0", "page=-1", f"page={10**25}", f"pilot_id={10**25}"])
def test_out_of_range_pages_and_filters_are_400_naming_the_parameter(client, query):
    response = client.get(f"/api/v1/products?{query}")
    assert response.status_code == 400
    assert list(response.json["errors"]) == [query.split("=")[0]]
    assert query.split("=")[0] in response.json["message"]


def test_parameter_errors_speak_english_on_request(client):
    response = client.get("/api/v1/products?page=0&lang=en")

    assert response.status_code == 400
    assert response.json["message"] == "Invalid parameters: page"
    assert response.json["errors"] == {"page": ["must be an integer from 1 to 100000"]}


def test_unknown_parameters_are_refused_not_ignored(client):
    response = client.get("/api/v1/products?colour=red")

    assert response.status_code == 400
    assert response.json["errors"] == {"colour": ["没有这个参数"]}
