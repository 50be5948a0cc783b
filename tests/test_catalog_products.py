"""A provider's catalog: draft, submit, review, and what the public sees of it."""

from decimal import Decimal

from flask import g
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import indexing
from marketplace.services.workflow import change_state, events_for
from models import Product


def sign_out(client):
    client.post("/account/logout")
    g.pop("_login_user", None)


def sign_in_again(login, user):
    """The tests' app context outlives requests, so Flask-Login's cached user
    (g._login_user) must be dropped when the test switches user, or it would stick."""
    g.pop("_login_user", None)
    login(user)


def product_form(sub_industry_ids, **changes) -> dict:
    form = {
        "name": "注塑车间能耗监测平台",
        "summary": "电表水表气表联网，按工序核算单件能耗",
        "description": "为注塑和压铸车间提供分项计量、峰谷用电分析和能耗异常告警。",
        "stages": ["能耗管理", "设备管理"],
        "sub_industry_ids": sub_industry_ids,
        "delivery_mode": "软硬一体",
        "list_price": "80000",
        "pilot_price": "56000",
        "price_unit": "元/套",
        "deployment_days": "20",
        "cases-0-customer": "翔安某注塑企业",
        "cases-0-content": "接入126块电表，三个月单件能耗下降9%",
        "cases-1-customer": "",
        "cases-1-content": "",
    }
    form.update(changes)
    return form


def test_provider_creates_submits_and_after_approval_product_is_public(client, make_user, login):
    official = make_user("official")
    user = login(make_user("provider"))
    subs = [s.id for s in user.organisation.served_sub_industries[:1]]
    response = client.post("/catalog/products/new", data=product_form(subs))
    assert response.status_code == 302
    product = db.session.scalar(select(Product).where(Product.name == "注塑车间能耗监测平台"))
    assert product.status == "draft"
    assert set(product.stages) == {"设备管理", "能耗管理"}
    assert [c.customer for c in product.cases] == ["翔安某注塑企业"]
    assert product.pilot_price == Decimal("56000")

    sign_out(client)
    assert client.get(f"/catalog/products/{product.id}").status_code == 404
    sign_in_again(login, user)
    assert client.post(f"/catalog/products/{product.id}/submit").status_code == 302
    db.session.refresh(product)
    assert product.status == "pending"
    assert [e.to_state for e in events_for(product)] == ["draft", "pending"]

    change_state(product, "approved", official)
    db.session.commit()
    sign_out(client)
    assert "注塑车间能耗监测平台" in client.get("/catalog/browse").get_data(as_text=True)
    found = client.get("/catalog/browse", query_string={"q": "能耗监测"}).get_data(as_text=True)
    assert "注塑车间能耗监测平台" in found
    detail = client.get(f"/catalog/products/{product.id}").get_data(as_text=True)
    assert "翔安某注塑企业" in detail


def test_pilot_price_above_list_price_is_refused(client, make_user, login):
    user = login(make_user("provider"))
    subs = [user.organisation.served_sub_industries[0].id]
    response = client.post("/catalog/products/new", data=product_form(subs, pilot_price="90000"))
    assert "试点优惠价不能高于市场价" in response.get_data(as_text=True)
    assert db.session.scalar(select(Product.id)) is None


def test_product_needs_a_case_and_a_scope(client, make_user, login):
    login(make_user("provider"))
    response = client.post(
        "/catalog/products/new",
        data=product_form([], **{"cases-0-customer": "", "cases-0-content": ""}),
    )
    page = response.get_data(as_text=True)
    assert "请至少填写一个客户案例" in page
    assert "或勾选“通用产品”" in page
    assert db.session.scalar(select(Product.id)) is None


def test_generic_product_without_sub_industry_is_accepted(client, make_user, login):
    login(make_user("provider"))
    response = client.post("/catalog/products/new", data=product_form([], is_generic="y"))
    assert response.status_code == 302
    assert db.session.scalar(select(Product.is_generic)) is True


def test_cannot_tag_a_sub_industry_the_provider_does_not_serve(client, make_user, login):
    from marketplace.services.pilots import pilot_by_code

    login(make_user("provider"))
    foreign = pilot_by_code("hohhot").sub_industries[0].id
    response = client.post("/catalog/products/new", data=product_form([foreign]))
    assert response.status_code == 200
    assert db.session.scalar(select(Product.id)) is None


def test_editing_an_approved_product_sends_it_back_to_review(
    client, make_user, make_product, login
):
    user = login(make_user("provider"))
    product = make_product(provider=user.organisation, name="轻量化MES生产管控系统")
    assert indexing.search_product_ids("MES")
    subs = [s.id for s in user.organisation.served_sub_industries]
    response = client.post(
        f"/catalog/products/{product.id}/edit",
        data=product_form(subs, name="轻量化MES生产管控系统（新版）"),
    )
    assert response.status_code == 302
    db.session.refresh(product)
    assert product.status == "pending"
    assert product.name == "轻量化MES生产管控系统（新版）"
    assert indexing.search_product_ids("MES") == []
    sign_out(client)
    assert "轻量化MES" not in client.get("/catalog/browse").get_data(as_text=True)


def test_rejected_product_hidden_from_public_but_owner_sees_reason(
    client, make_user, make_product, login
):
    official = make_user("official")
    owner = make_user("provider")
    product = make_product(provider=owner.organisation, status="pending")
    change_state(product, "rejected", official, "价格单位与案例不符")
    db.session.commit()
    assert client.get(f"/catalog/products/{product.id}").status_code == 404
    assert product.name not in client.get("/catalog/browse").get_data(as_text=True)
    sign_in_again(login, owner)
    assert "价格单位与案例不符" in client.get(f"/catalog/products/{product.id}").get_data(
        as_text=True
    )
    assert "价格单位与案例不符" in client.get("/catalog/my-products").get_data(as_text=True)


def test_suspended_product_disappears_from_catalog_and_search(client, make_user, make_product):
    official = make_user("official")
    product = make_product(name="设备点检与预测性维护")
    assert client.get(f"/catalog/products/{product.id}").status_code == 200
    change_state(product, "suspended", official, "用户投诉核查中")
    db.session.commit()
    assert client.get(f"/catalog/products/{product.id}").status_code == 404
    found = client.get("/catalog/browse", query_string={"q": "预测性维护"})
    assert "设备点检与预测性维护" not in found.get_data(as_text=True)


def test_products_of_a_pending_provider_are_never_public(client, make_organisation, make_product):
    provider = make_organisation("provider", status="pending")
    product = make_product(provider=provider, name="仓储条码管理系统")
    assert client.get(f"/catalog/products/{product.id}").status_code == 404
    assert "仓储条码管理系统" not in client.get("/catalog/browse").get_data(as_text=True)
    assert indexing.search_product_ids("仓储条码") == []


def test_provider_cannot_edit_or_submit_another_providers_product(
    client, make_user, make_product, login
):
    login(make_user("provider"))
    other = make_product(status="draft")
    assert client.get(f"/catalog/products/{other.id}/edit").status_code == 404
    assert client.post(f"/catalog/products/{other.id}/submit").status_code == 404
    assert client.get(f"/catalog/products/{other.id}").status_code == 404
    db.session.refresh(other)
    assert other.status == "draft"


def test_enterprise_cannot_reach_provider_pages(client, make_user, login):
    login(make_user("enterprise"))
    assert client.get("/catalog/my-products").status_code == 403
    assert client.get("/catalog/products/new").status_code == 403


def test_enterprise_sees_request_quote_on_a_visible_product(client, make_user, make_product, login):
    product = make_product()
    login(make_user("enterprise"))
    page = client.get(f"/catalog/products/{product.id}").get_data(as_text=True)
    assert "请求报价" in page
    assert f"product_id={product.id}" in page
