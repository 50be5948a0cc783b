"""Pages are drawn once and served again while no data has changed
(marketplace/page_cache.py, marketplace/data_generation.py): visitors share theirs, each
signed-in session keeps its own."""

import re

from flask import g
from flask_babel import refresh
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import event, func, select, text

from marketplace.data_generation import data_generation
from marketplace.extensions import db
from marketplace.services import review
from models import MatchResult, NeedMatchView, ThrottleMark, utcnow

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


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
    assert again <= 2  # "has any data changed?" (and nothing else: no search, no filter lists)
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


def test_a_signed_in_list_is_kept_for_its_session_until_any_data_changes(
    client, login, make_user, make_product, reviewer
):
    product = make_product(name="设备点检小程序")
    login(first_user_of(product.provider))
    first, page = statements_of(client, "/catalog/my-products")
    again, page_again = statements_of(client, "/catalog/my-products")
    assert "设备点检小程序" in page
    assert page_again == page
    assert again <= 3  # the user, "has any data changed?", and nothing of the list
    assert first >= again + 3
    # an official suspends it in another part of the system: the next request shows it
    review.review(product, "suspend", reviewer(product.provider.pilot), "资质过期")
    db.session.commit()
    assert client.get("/catalog/my-products?status=suspended").status_code == 200
    assert "设备点检小程序" in client.get("/catalog/my-products?status=suspended").get_data(
        as_text=True
    )
    assert "设备点检小程序" not in client.get("/catalog/my-products?status=approved").get_data(
        as_text=True
    )


def test_two_users_at_one_address_never_share_a_page(client, login, make_product):
    ours = make_product(name="注塑车间能耗看板")
    theirs = make_product(name="仓储条码管理系统")
    login(first_user_of(ours.provider))
    mine = client.get("/catalog/my-products").get_data(as_text=True)
    login(first_user_of(theirs.provider))
    other = client.get("/catalog/my-products").get_data(as_text=True)
    assert "注塑车间能耗看板" in mine
    assert "注塑车间能耗看板" not in other
    assert "仓储条码管理系统" in other
    assert "仓储条码管理系统" not in mine


def test_each_session_of_one_user_keeps_its_own_form_tokens(app, make_need):
    need = make_need()
    user = first_user_of(need.enterprise)
    tokens = []
    for browser in (app.test_client(), app.test_client()):
        with browser.session_transaction() as session:
            session["_user_id"], session["_fresh"] = str(user.id), True
        g.pop("_login_user", None)
        g.pop("csrf_token", None)  # the test's app context outlives requests; a browser's not
        page = browser.get(f"/needs/{need.id}").get_data(as_text=True)
        token = CSRF_FIELD.search(page).group(1)
        with browser.session_transaction() as session:
            raw = session["csrf_token"]
        signed = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
        assert signed.loads(token) == raw  # the page's token is this session's
        tokens.append(raw)
    assert tokens[0] != tokens[1]


def test_the_generation_counts_committed_writes_only(app, make_organisation):
    start = data_generation()
    db.session.commit()  # nothing written
    assert data_generation() == start
    org = make_organisation("enterprise")  # written and committed
    after_write = data_generation()
    assert after_write > start
    org.name = "改了名字但撤回"
    db.session.flush()
    db.session.rollback()
    assert data_generation() == after_write
    # a throttle mark (every search writes one) is not something a page shows
    db.session.add(ThrottleMark(bucket="search_address", key_digest="0" * 64, at=utcnow()))
    db.session.commit()
    assert data_generation() == after_write
    # written through another connection (a service's own session): counted all the same
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE organisations SET name = name WHERE id = :id"), {"id": org.id}
        )
    assert data_generation() == after_write + 1


def test_what_a_page_records_of_being_viewed_keeps_every_kept_page(
    client, login, make_product, make_need
):
    make_product(name="注塑车间设备联网系统")
    need = make_need(title="注塑车间设备联网")
    login(first_user_of(need.enterprise))
    before = data_generation()
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "注塑车间设备联网系统" in page
    # the ranking as shown and the enterprise's opening of it are recorded ...
    shown = db.session.scalar(
        select(func.count(MatchResult.id)).where(MatchResult.need_id == need.id)
    )
    assert shown >= 1
    assert db.session.get(NeedMatchView, need.id).view_count == 1
    # ... without telling every other user's kept pages that the data changed
    assert data_generation() == before


def test_a_page_with_a_message_is_not_kept(client, login, make_need):
    need = make_need()
    login(first_user_of(need.enterprise))
    client.get(f"/needs/{need.id}")  # kept
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "需求已发布，下面是为您匹配的产品")]
    assert "需求已发布" in client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "需求已发布" not in client.get(f"/needs/{need.id}").get_data(as_text=True)


def first_user_of(org):
    from tests.conftest import first_user

    return first_user(org)


def test_the_response_says_whether_its_page_was_kept(client, make_product):
    make_product()
    assert client.get("/catalog/browse").headers["X-Page-Cache"] == "drawn"
    assert client.get("/catalog/browse").headers["X-Page-Cache"] == "kept"


def test_a_kept_page_is_drawn_again_once_its_time_is_up(app, client, make_product, monkeypatch):
    import time

    make_product()
    assert client.get("/catalog/browse").headers["X-Page-Cache"] == "drawn"
    now = time.monotonic()
    seconds = app.config["PAGE_CACHE_SECONDS"]
    monkeypatch.setattr(time, "monotonic", lambda: now + seconds * 0.45)
    assert client.get("/catalog/browse").headers["X-Page-Cache"] == "kept"  # never under half
    monkeypatch.setattr(time, "monotonic", lambda: now + seconds + 1)
    assert client.get("/catalog/browse").headers["X-Page-Cache"] == "drawn"  # never over all
