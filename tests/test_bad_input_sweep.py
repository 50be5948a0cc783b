"""Every HTML GET page of the app, fed absurd ids, pages, numbers and long text, as a visitor and
as each role, answers with a page or a 4xx, never a 5xx.

The rules come from app.url_map, so a new page is swept without editing this file. The
/api/v1 blueprint has its own sweep.
"""

import re
from urllib.parse import quote, urlencode

from flask import g

from marketplace.extensions import db
from tests.conftest import pilot

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
            and rule.endpoint != "static"
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
