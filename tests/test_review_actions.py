"""Vetting: each review action writes its event; reasons are required where the provider
needs one; a suspended product leaves search and matching at once."""

import pytest

from marketplace.extensions import db
from marketplace.services import indexing
from marketplace.services.matching import rank_products_for_need
from marketplace.services.workflow import events_for


@pytest.fixture
def official(login, make_user):
    return login(make_user("official", "xiamen"))


def review(client, product, action: str, reason: str | None = None) -> str:
    """POST a review action on `product` and return the page it ends on."""
    data = {} if reason is None else {"reason": reason}
    response = client.post(
        f"/supervision/products/{product.id}/{action}", data=data, follow_redirects=True
    )
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("start", "action", "reason", "end"),
    [
        ("pending", "approve", "", "approved"),
        ("pending", "reject", "案例材料不完整，请补充客户名称", "rejected"),
        ("approved", "suspend", "收到企业投诉，核查期间暂停", "suspended"),
        ("suspended", "reinstate", "", "approved"),
        ("suspended", "remove", "虚假宣传，清退", "removed"),
    ],
)
def test_product_review_action_writes_the_event(
    client, official, make_product, start, action, reason, end
):
    product = make_product(status=start)
    history = len(events_for(product))
    response = client.post(f"/supervision/products/{product.id}/{action}", data={"reason": reason})
    assert response.status_code == 302
    db.session.refresh(product)
    assert product.status == end
    (event,) = events_for(product)[history:]
    assert (event.from_state, event.to_state, event.actor_id) == (start, end, official.id)
    assert event.reason == (reason or None)


@pytest.mark.parametrize(("action", "end"), [("approve", "approved"), ("reject", "rejected")])
def test_provider_review_writes_the_event(client, official, make_organisation, action, end):
    provider = make_organisation("provider", status="pending")
    client.post(f"/supervision/providers/{provider.id}/{action}", data={"reason": "资质不全"})
    db.session.refresh(provider)
    assert provider.status == end
    assert [e.to_state for e in events_for(provider)] == ["pending", end]


def test_rejected_reason_is_kept_for_the_provider(client, official, make_product):
    product = make_product(status="pending")
    client.post(f"/supervision/products/{product.id}/reject", data={"reason": "价格信息缺失"})
    db.session.refresh(product)
    assert product.status_reason == "价格信息缺失"


@pytest.mark.parametrize("action", ["reject", "suspend", "remove"])
def test_action_without_reason_is_refused_and_changes_nothing(
    client, official, make_product, action
):
    product = make_product(status="pending" if action == "reject" else "approved")
    before = product.status
    history = events_for(product)
    assert "请填写理由" in review(client, product, action, "   ")
    db.session.refresh(product)
    assert product.status == before
    assert events_for(product) == history


def test_action_from_wrong_state_is_refused_with_message(client, official, make_product):
    product = make_product(status="approved")
    history = events_for(product)
    assert "当前状态下不能执行此操作" in review(client, product, "approve")
    assert events_for(product) == history


def test_unknown_action_is_404(client, official, make_product):
    product = make_product(status="pending")
    assert client.post(f"/supervision/products/{product.id}/delete").status_code == 404


def test_only_the_home_city_vets_a_provider(
    client, login, make_user, make_organisation, make_product
):
    provider = make_organisation("provider", "fuzhou")
    from tests.conftest import pilot

    provider.served_pilots.append(pilot("xiamen"))
    db.session.commit()
    product = make_product(provider=provider, status="approved")
    login(make_user("official", "xiamen"))
    page = client.get(f"/supervision/products/{product.id}").get_data(as_text=True)
    assert "审核操作" not in page
    assert "没有权限" in review(client, product, "suspend", "跨市暂停")
    db.session.refresh(product)
    assert product.status == "approved"


def test_suspended_product_leaves_search_and_matching(client, official, make_product, make_need):
    product = make_product(
        name="注塑车间能耗监测平台", stages=("能耗管理",), summary="注塑机能耗实时监测与分析"
    )
    need = make_need(
        title="注塑车间能耗监测", description="希望监测注塑机能耗，降低电费", stages=("能耗管理",)
    )
    assert product.id in [int(pid) for pid, _ in indexing.search_product_ids("能耗监测")]
    assert product.id in [m.product.id for m in rank_products_for_need(need)]

    response = client.post(
        f"/supervision/products/{product.id}/suspend", data={"reason": "投诉核查中"}
    )
    assert response.status_code == 302

    assert product.id not in [int(pid) for pid, _ in indexing.search_product_ids("能耗监测")]
    db.session.expire_all()
    assert product.id not in [m.product.id for m in rank_products_for_need(need)]


def test_suspended_provider_takes_its_products_out_of_search(client, official, make_product):
    product = make_product(name="注塑车间能耗监测平台", stages=("能耗管理",))
    client.post(
        f"/supervision/providers/{product.provider_id}/suspend", data={"reason": "资质过期"}
    )
    assert indexing.search_product_ids("能耗监测") == []


def test_review_queue_lists_pending_items_of_the_city(
    client, official, make_organisation, make_product
):
    make_organisation("provider", status="pending", name="待审服务商甲")
    make_product(status="pending", name="待审产品乙")
    make_product(
        provider=make_organisation("provider", "fuzhou"), status="pending", name="福州待审产品"
    )
    products = client.get("/supervision/review-queue?tab=products").get_data(as_text=True)
    assert "待审产品乙" in products
    assert "福州待审产品" not in products
    providers = client.get("/supervision/review-queue?tab=providers").get_data(as_text=True)
    assert "待审服务商甲" in providers
