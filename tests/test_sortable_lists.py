"""The officials' and providers' main lists are tables whose headings sort them in the page
(class="sortable", static/js/tables.js), like the supervision lists; columns of actions are not
sortable (data-sort="none") and cells that show words for numbers carry the number."""

import re
from decimal import Decimal

from marketplace.extensions import db
from marketplace.services import subsidy_budget
from tests.admission_chain import walk
from tests.conftest import first_user, pilot
from tests.project_chain import assessor_user


def _table(page: str) -> str:
    match = re.search(r"<table[^>]*>", page)
    assert match, "no table on the page"
    return match.group(0)


def test_the_application_and_round_lists_sort(client, login, make_organisation, reviewer):
    enterprise = make_organisation("enterprise")
    official = reviewer(pilot("xiamen"))
    walk(enterprise, "submitted", first_user(enterprise), official)
    db.session.commit()
    login(official)
    page = client.get("/admission/applications?status=submitted").get_data(as_text=True)
    assert 'class="table cards sortable"' in _table(page)
    assert '<th data-sort="none">操作</th>' in page
    assert 'data-value="1"' in page  # the self-assessed level, sorted as a number
    rounds = client.get("/admission/rounds").get_data(as_text=True)
    assert 'class="table cards sortable"' in _table(rounds)


def test_the_budget_versions_sort(client, login, reviewer):
    official = reviewer(pilot("xiamen"))
    subsidy_budget.set_budget(pilot("xiamen").id, official, Decimal("5000000"), "年度预算")
    db.session.commit()
    login(official)
    page = client.get(f"/projects/budget?pilot={pilot('xiamen').id}").get_data(as_text=True)
    versions = page[page.index("历史版本") :]
    assert 'class="table cards sortable"' in _table(versions)
    assert '<td data-value="1">v1</td>' in versions


def test_an_agencys_assigned_projects_sort(client, login, make_project):
    project = make_project("under_assessment")
    login(assessor_user(project))  # joins the agency the walk assigned
    page = client.get("/projects/assigned").get_data(as_text=True)
    assert project.title in page
    assert 'class="table cards sortable"' in _table(page)


def test_the_lists_already_sortable_stay_so(client, login, make_user, make_product):
    make_product()
    login(make_user("admin"))
    for url in ("/supervision/providers", "/supervision/products", "/accounts/"):
        assert "sortable" in _table(client.get(url).get_data(as_text=True)), url
