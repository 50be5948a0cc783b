"""Visitors' pages are drawn once and served again until the catalog changes
(marketplace/public_cache.py)."""

from flask_babel import refresh
from sqlalchemy import event

from marketplace.extensions import db
from marketplace.services import review


def statements_of(client, url: str) -> tuple[int, str]:
    """(SQL statements run, page text) of one request."""
    seen = []

    def count(*_args):
        seen.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        page = client.get(url).get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen), page


def test_a_visitors_catalog_is_drawn_once_then_served_again(client, make_product):
    make_product(name="轻量化MES生产管控系统")
    first, page = statements_of(client, "/catalog/browse")
    again, page_again = statements_of(client, "/catalog/browse")
    assert "轻量化MES生产管控系统" in page
    assert page_again == page
    # drawn again it would run the search and load the products again
    assert again <= 3  # the filter's options and "has the catalog changed?"
    assert first >= again + 3


def test_a_product_suspended_leaves_the_kept_page_at_the_next_request(
    client, make_product, reviewer
):
    product = make_product(name="设备联网网关套装")
    assert "设备联网网关套装" in client.get("/catalog/browse").get_data(as_text=True)
    assert client.get(f"/catalog/products/{product.id}").status_code == 200
    review.review(product, "suspend", reviewer(product.provider.pilot), "资质过期")
    db.session.commit()
    assert "设备联网网关套装" not in client.get("/catalog/browse").get_data(as_text=True)
    assert client.get(f"/catalog/products/{product.id}").status_code == 404


def test_signed_in_users_and_other_languages_get_their_own_page(
    client, login, make_user, make_product
):
    make_product()
    visitor_page = client.get("/catalog/browse").get_data(as_text=True)
    refresh()  # the test's app context keeps Flask-Babel's locale across requests
    english = client.get("/catalog/browse?lang=en").get_data(as_text=True)
    refresh()
    assert "产品目录" in visitor_page
    assert "Catalog" in english
    assert english != visitor_page
    user = login(make_user("enterprise"))
    own = client.get("/catalog/browse").get_data(as_text=True)
    assert user.name in own
    assert user.name not in visitor_page
