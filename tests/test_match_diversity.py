"""At most two products of one provider in a need's top five, on the live and the stored
path alike; the provider's other matching products one click away on the need page."""

from types import SimpleNamespace

from marketplace.services import ranked_matches
from marketplace.services.match_diversity import diversify
from marketplace.services.matching import rank_products_for_need
from tests.conftest import first_user

WAREHOUSE = {
    "summary": "扫码收货上架、库位管理、拣货出库和移动盘点",
    "description": "仓库进出库全程条码化，库存实时准确，支持PDA扫码盘点和发货复核。",
    "stages": ("仓储物流",),
}
NEED = {
    "title": "仓库账实不符",
    "description": "仓库进出库靠手写单据，经常发错货，想扫码出入库、库位管理、随时知道库存。",
    "stages": ("仓储物流",),
}


def fake(provider_id, product_id):
    return SimpleNamespace(product=SimpleNamespace(id=product_id, provider_id=provider_id))


def test_diversify_keeps_two_per_provider_in_the_top_five_and_the_order_of_the_rest():
    # A holds the four best places; B and C follow
    ranked = [fake("A", 1), fake("A", 2), fake("A", 3), fake("A", 4), fake("B", 5)]
    ranked += [fake("B", 6), fake("C", 7), fake("A", 8)]
    order = [m.product.id for m in diversify(ranked)]
    assert order == [1, 2, 5, 6, 7, 3, 4, 8]


def test_diversify_fills_the_top_when_too_few_providers_are_left():
    ranked = [fake("A", 1), fake("A", 2), fake("A", 3), fake("B", 4)]
    assert [m.product.id for m in diversify(ranked)] == [1, 2, 4, 3]


def catalog(make_organisation, make_product):
    """Provider A: four identical products written close to the need (ties go by id); B: two
    identical ones a little further; C: one further still."""
    a, b, c = (make_organisation("provider") for _ in range(3))
    products = {}
    for n in range(1, 5):
        products[f"A{n}"] = make_product(
            provider=a,
            name="仓库扫码出入库与库位管理",
            summary="替代手写单据，扫码出入库，库位管理，随时知道库存",
            description="仓库进出库扫码登记替代手写单据，库位管理防止发错货，库存随时可查，账实相符。",
            stages=("仓储物流",),
        )
    for n in range(1, 3):
        products[f"B{n}"] = make_product(
            provider=b,
            name="云仓储WMS",
            summary="扫码出入库、库存查询",
            description="仓库进出库扫码登记，库存查询。",
            stages=("仓储物流",),
        )
    products["C1"] = make_product(
        provider=c,
        name="库存台账小程序",
        summary="库存台账",
        description="手机上记录库存台账。",
        stages=("仓储物流",),
    )
    return products


def test_one_provider_holds_at_most_two_of_the_top_five_live_and_stored(
    app, make_organisation, make_product, make_need
):
    products = catalog(make_organisation, make_product)
    need = make_need(**NEED)
    expected = [products[k].id for k in ("A1", "A2", "B1", "B2", "C1", "A3", "A4")]
    assert [m.product.id for m in rank_products_for_need(need, limit=7)] == expected
    stored = ranked_matches.stored_matches(need, 7)
    assert [m.product.id for m in stored] == expected


def test_need_page_offers_the_providers_other_matching_products(
    app, client, login, make_organisation, make_product, make_need
):
    products = catalog(make_organisation, make_product)
    need = make_need(**NEED)
    login(first_user(need.enterprise))
    html = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "该服务商的其他匹配产品 (3)" in html  # under A1: A2, A3, A4
    assert "该服务商的其他匹配产品 (1)" in html  # under B1: B2
    assert html.count("该服务商的其他匹配产品") == 2  # once per provider, none for C
    expander = html.index("该服务商的其他匹配产品 (3)")
    listed = html[expander : html.index("</details>", expander)]
    for key in ("A2", "A3", "A4"):
        assert f'/catalog/products/{products[key].id}"' in listed
    assert f'/catalog/products/{products["A1"].id}"' not in listed
