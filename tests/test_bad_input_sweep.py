"""Every HTML GET page of the app, fed absurd ids, pages, numbers and long text, as a visitor and
as each role, answers with a page or a 4xx, never a 5xx.

The rules come from app.url_map, so a new page is swept without editing this file. The
/api/v1 blueprint has its own sweep; /healthz is left out because its 503 is a real answer (no
search index in a test app), tested in test_production.py.
"""

import re
from urllib.parse import quote, urlencode

import pytest
from flask import g

from marketplace import wording
from marketplace.extensions import db
from marketplace.services import indexing
from marketplace.services.errors import InvalidInput
from marketplace.services.indexing import search_product_ids
from tests.conftest import pilot
from tests.test_i18n import switch_language

BAD_IDS = ("0", "-1", str(10**25), "abc", "999999")
BAD_NUMBERS = ("0", "-1", str(10**25), "abc")
LONG_TEXT = "数字化转型" * 1000  # 5,000 characters
# every query-string argument an HTML view or filter bar reads
QUERY_NAMES = (
    "pilot",
    "product_id",
    "need_id",
    "status",
    "edition",
    "format",
    "table",
    "tab",
    "sub_industry",
    "sub_industry_id",
    "district_id",
    "stage",
    "delivery_mode",
    "price_min",
    "price_max",
    "provider_type",
    "above_scale",
    "specialised_status",
    "level",
    "date_from",
    "date_to",
    "next",
)
ARGUMENT = re.compile(r"<(?:\w+(?:\([^)]*\))?:)?\w+>")


def html_get_rules(app):
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods
            and rule.endpoint not in ("static", "health.healthz")  # 503 is /healthz's answer
            and not rule.endpoint.startswith("api.")
        ),
        key=lambda rule: rule.rule,
    )


def sweep_urls(app) -> list[str]:
    urls = []
    for rule in html_get_rules(app):
        if rule.arguments:
            for value in (*BAD_IDS, LONG_TEXT):
                urls.append(ARGUMENT.sub(quote(value), rule.rule))
            continue
        urls.append(rule.rule)
        urls.extend(f"{rule.rule}?page={value}" for value in BAD_NUMBERS)
        urls.append(f"{rule.rule}?{urlencode({'q': LONG_TEXT})}")
        urls.extend(
            f"{rule.rule}?{urlencode(dict.fromkeys(QUERY_NAMES, value))}" for value in BAD_NUMBERS
        )
    return urls


def sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
    g.pop("_login_user", None)  # the test's app context outlives requests


def people(make_user) -> dict:
    """One user of each role (None: a visitor), made once for the whole sweep."""
    xiamen = pilot("xiamen")
    return {
        "visitor": None,
        "enterprise": make_user("enterprise"),
        "provider": make_user("provider"),
        "official": make_user("official"),
        "district official": make_user("official", district=xiamen.districts[0]),
        "admin": make_user("admin"),
    }


def get_all(client, users: dict, urls: list[str]) -> tuple[int, list[str]]:
    """GET every url as every user: (requests made, failures as 'role url → what')."""
    failures, count = [], 0
    for role, user in users.items():
        sign_in(client, user)
        for url in urls:
            count += 1
            try:
                status = client.get(url).status_code
            except Exception as error:  # TESTING propagates what would be a 500
                db.session.rollback()
                failures.append(f"{role} {url[:120]} → {type(error).__name__}: {str(error)[:160]}")
                continue
            if status >= 500:
                failures.append(f"{role} {url[:120]} → {status}")
    return count, failures


def test_no_html_page_answers_absurd_input_with_a_server_error(app, client, make_user):
    urls = sweep_urls(app)
    count, failures = get_all(client, people(make_user), urls)
    print(f"bad-input sweep: {count} requests, {len(failures)} server errors")
    assert not failures, f"{len(failures)} of {count} requests failed:\n" + "\n".join(failures)


def test_the_sweep_covers_every_html_page(app):
    endpoints = {rule.endpoint for rule in html_get_rules(app)}
    assert {"catalog.browse", "catalog.product_detail", "supervision.needs"} <= endpoints
    assert not any(endpoint.startswith("api.") for endpoint in endpoints)
    assert len(sweep_urls(app)) > 5 * len(endpoints)


def product_names(client, url: str, names) -> set[str]:
    page = client.get(url).get_data(as_text=True)
    return {name for name in names if name in page}


def test_a_page_number_out_of_range_shows_the_first_or_the_last_page(app, client, make_product):
    app.config["PER_PAGE"] = 2
    names = ["设备联网网关", "能耗监测平台", "仓储条码系统"]
    for name in names:
        make_product(name=name)
    first = product_names(client, "/catalog/browse?page=1", names)
    last = product_names(client, "/catalog/browse?page=2", names)
    assert len(first) == 2
    assert len(last) == 1
    for value in ("0", "-1", "abc", ""):
        assert product_names(client, f"/catalog/browse?page={value}", names) == first
    for value in ("3", "999", str(10**25)):
        assert product_names(client, f"/catalog/browse?page={value}", names) == last


def test_an_absurd_id_in_the_path_is_not_found(client, make_product):
    product = make_product()
    assert client.get(f"/catalog/products/{product.id}").status_code == 200
    for value in ("0", "-1", str(10**25), str(2**63), str(2**31), "abc"):
        assert client.get(f"/catalog/products/{value}").status_code == 404


def test_an_absurd_id_in_the_query_string_is_named_in_the_users_language(client, login, make_user):
    login(make_user("admin"))
    response = client.get(f"/supervision/enterprises?pilot={10**25}")
    assert response.status_code == 400
    assert "链接中的参数“pilot”无效" in response.get_data(as_text=True)
    assert client.get("/supervision/enterprises?pilot=").status_code == 200  # 全部
    switch_language(client, "en")
    response = client.get("/supervision/enterprises?pilot=abc")
    assert response.status_code == 400
    assert "The link's parameter “pilot” is not valid" in response.get_data(as_text=True)


def test_a_keyword_too_long_to_search_is_refused_with_a_message(client, make_product):
    make_product(name="设备联网网关")
    page = client.get("/catalog/browse", query_string={"q": "网关" * 2500})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "关键词不超过100字" in text
    assert "设备联网网关" in text  # the catalog is shown unfiltered


# --- free text in the query string is capped at one length everywhere -----------------------

AT_CAP = "网" * 100  # the longest keyword any page or the API takes
OVER_CAP = "网" * 101


def test_the_catalog_never_searches_an_over_long_keyword(client, make_product, monkeypatch):
    make_product(name="设备联网网关")

    def must_not_search(*args, **kwargs):
        raise AssertionError("the search index was asked about an over-long keyword")

    monkeypatch.setattr(indexing, "product_engine", must_not_search)
    page = client.get("/catalog/browse", query_string={"q": OVER_CAP})
    assert page.status_code == 200
    assert "关键词不超过100字，请缩短后再搜索" in page.get_data(as_text=True)
    switch_language(client, "en")
    english = client.get("/catalog/browse", query_string={"q": OVER_CAP}).get_data(as_text=True)
    assert "Keywords can be at most 100 characters" in english


def test_the_search_service_refuses_an_over_long_text_before_the_encoder(app):
    with pytest.raises(InvalidInput) as refused:
        search_product_ids(OVER_CAP)
    assert refused.value.code == "keyword_too_long"
    with app.test_request_context():
        assert wording.error(refused.value) == "关键词不超过100字，请缩短后再搜索"


def test_a_keyword_at_the_cap_is_searched(client, make_product):
    make_product(name="设备联网网关")
    page = client.get("/catalog/browse", query_string={"q": AT_CAP})
    assert page.status_code == 200
    assert "关键词不超过" not in page.get_data(as_text=True)


def test_supervision_filters_refuse_an_over_long_keyword_with_a_message(
    client, login, make_user, make_organisation
):
    make_organisation("enterprise", name="鹭岛精密制造有限公司")
    login(make_user("admin"))
    for list_page in ("enterprises", "providers", "products", "needs"):
        response = client.get(f"/supervision/{list_page}", query_string={"q": OVER_CAP})
        assert response.status_code == 200
        assert "关键词不超过100字，请缩短后再搜索" in response.get_data(as_text=True)
    # the filter is left out, as the catalog does: the list is shown unfiltered
    page = client.get("/supervision/enterprises", query_string={"q": OVER_CAP})
    assert "鹭岛精密制造有限公司" in page.get_data(as_text=True)
    at_cap = client.get("/supervision/enterprises", query_string={"q": AT_CAP})
    assert "关键词不超过" not in at_cap.get_data(as_text=True)


def test_the_api_refuses_an_over_long_keyword_naming_it(client):
    response = client.get("/api/v1/products", query_string={"q": OVER_CAP})
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["q"]
    assert response.json["errors"]["q"] == ["最长 100 个字符"]
    assert client.get("/api/v1/products", query_string={"q": AT_CAP}).status_code == 200


# --- and holds no control characters (PostgreSQL cannot even compare a NUL) ----------------

WITH_NUL = "网关\x00\x17"


def test_a_keyword_with_control_characters_is_refused_everywhere(
    client, login, make_user, make_product
):
    make_product(name="设备联网网关")
    page = client.get("/catalog/browse", query_string={"q": WITH_NUL})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "关键词含有无法识别的控制字符，请重新输入" in text
    assert "设备联网网关" in text  # shown unfiltered
    api = client.get("/api/v1/products", query_string={"q": WITH_NUL})
    assert api.status_code == 400
    assert api.json["errors"]["q"] == ["关键词含有无法识别的控制字符，请重新输入"]
    login(make_user("admin"))
    for list_page in ("enterprises", "providers", "products", "needs"):
        response = client.get(f"/supervision/{list_page}", query_string={"q": WITH_NUL})
        assert response.status_code == 200
        assert "控制字符" in response.get_data(as_text=True)
    assert client.get("/api/v1/enterprises", query_string={"q": WITH_NUL}).status_code == 400
