"""Looking at a page changes no business data: every main page, as each role, leaves every
table as it was, except the records of what was shown (match impressions, outcomes seen),
which are written on their own and can never fail the page, and the derived rankings."""

import logging

from sqlalchemy import delete, func, select
from sqlalchemy.exc import OperationalError

from marketplace.extensions import db
from marketplace.services import needs as need_service
from marketplace.services import projects as project_service
from models import MatchResult, SubsidyPolicy
from tests.conftest import pilot
from tests.test_bad_input_sweep import html_get_rules, sign_in

# view records: what a page showed to whom; and the derived rankings a page computes once
# when they are missing or stale (services/ranked_matches.py), rebuilt by `flask reindex`
RECORDING_TABLES = {
    "match_results",
    "need_match_views",
    "ranked_matches",
    "need_rankings",
    "lead_candidates",
    "lead_candidate_sets",
    "data_generation",  # counts those recordings too (a kept page then draws once more)
}
RECORDING_COLUMNS = {"quote_requests": {"outcome_seen_at"}, "notifications": {"read_at"}}


def snapshot() -> dict:
    """Every business row of every table, by table, in primary-key order."""
    db.session.expire_all()
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name in RECORDING_TABLES:
            continue
        skip = RECORDING_COLUMNS.get(table.name, set())
        columns = [c for c in table.columns if c.name not in skip]
        query = select(*columns).order_by(*table.primary_key.columns)
        rows[table.name] = [tuple(row) for row in db.session.execute(query)]
    return rows


def world(make_user, make_product, make_need, make_quote_request, make_quote):
    """A need with matching products, quote requests (one accepted, its outcome unseen by
    the provider) and the project made from it; and one user of each role."""
    enterprise = make_user("enterprise")
    provider = make_user("provider")
    product = make_product(provider=provider.organisation)
    need = make_need(enterprise=enterprise.organisation)
    request = make_quote_request(need, provider.organisation)
    make_quote(request)
    request.status = "accepted"
    db.session.commit()
    project = project_service.create_project_from_quote(request, enterprise)
    make_need(enterprise=enterprise.organisation, title="设备联网与能耗监测")  # open, matched
    # a city whose policy has not been loaded yet: its pages show none, they do not seed one
    zhuhai = pilot("zhuhai")
    db.session.execute(delete(SubsidyPolicy).where(SubsidyPolicy.pilot_id == zhuhai.id))
    db.session.commit()
    users = {
        "visitor": None,
        "enterprise": enterprise,
        "provider": provider,
        "official": make_user("official"),
        "district official": make_user("official", district=pilot("xiamen").districts[0]),
        "admin": make_user("admin"),
    }
    objects = {
        "product_id": product.id,
        "need_id": need.id,
        "request_id": request.id,
        "project_id": project.id,
        "org_id": enterprise.organisation_id,
        "zhuhai_id": zhuhai.id,
    }
    return users, objects, need


def main_pages(app, objects, need) -> list[str]:
    pages = [rule.rule for rule in html_get_rules(app) if not rule.arguments]
    pages += [
        "/catalog/products/{product_id}",
        "/needs/{need_id}",
        "/needs/{open_need_id}",
        "/quotes/{request_id}",
        "/quotes/need/{need_id}/compare",
        "/projects/{project_id}",
        "/projects/{project_id}/filing",
        "/projects/enterprise/{org_id}",
        "/supervision/needs/{need_id}",
        "/supervision/enterprises/{org_id}",
        "/projects/policy?pilot={zhuhai_id}",
    ]
    open_need_id = need.id + 1
    return [page.format(open_need_id=open_need_id, **objects) for page in pages]


def test_main_pages_change_no_business_data_for_any_role(
    app, client, make_user, make_product, make_need, make_quote_request, make_quote
):
    users, objects, need = world(make_user, make_product, make_need, make_quote_request, make_quote)
    pages = main_pages(app, objects, need)
    before = snapshot()
    statuses = {}
    for role, user in users.items():
        sign_in(client, user)
        for page in pages:
            statuses[role, page] = client.get(page).status_code
    after = snapshot()
    changed = sorted(name for name in before if before[name] != after[name])
    assert not changed, f"GET requests changed rows of {changed}"
    assert statuses["enterprise", f"/needs/{need.id + 1}"] == 200  # the matches were shown…
    assert statuses["provider", "/needs/leads"] == 200
    assert statuses["official", f"/projects/{objects['project_id']}"] == 200
    assert db.session.scalar(select(func.count(MatchResult.id))) > 0  # …and recorded


def test_the_policy_pages_never_seed_policies(app, client, make_user):
    db.session.execute(delete(SubsidyPolicy))
    db.session.commit()
    for role in ("enterprise", "official", "admin"):
        sign_in(client, make_user(role))
        assert client.get("/projects/policy").status_code == 200
    assert db.session.scalar(select(func.count(SubsidyPolicy.id))) == 0


def test_a_failing_view_record_is_logged_and_the_page_still_shows(
    client, login, make_user, make_need, make_product, monkeypatch, caplog
):
    owner = login(make_user("enterprise"))
    make_product()
    need = make_need(enterprise=owner.organisation)

    def locked(*args):
        raise OperationalError("INSERT INTO match_results", {}, Exception("database is locked"))

    monkeypatch.setattr(need_service, "record_matches_shown", locked)
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/needs/{need.id}")
    assert response.status_code == 200
    assert "轻量化MES生产管控系统" in response.get_data(as_text=True)
    assert "page view not recorded" in caplog.text
    assert db.session.scalar(select(func.count(MatchResult.id))) == 0
