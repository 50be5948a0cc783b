"""Actor × object page × expected status, written out by hand (tests/access_world.py holds
the world and the actors; columns follow ACTORS).

HTML: 302 sends an anonymous visitor to the login page; 403 means the role may not use the
page at all; 404 means the object lies outside what the actor may see (ids do not leak).
API: 401 without a token; 403 for a token of a role the endpoint is not for; 404 outside the
jurisdiction. Every role may hold a token (marketplace/services/api_tokens.py).

One test per actor builds the world once and walks the whole table, so a failure lists every
cell that disagrees.
"""

import pytest

from tests.access_world import ACTORS, build_world

# path: anonymous, owner, other_enterprise, provider, other_provider,
#       district_a, district_b, city, fuzhou, admin
HTML = {
    "/needs/{need}": (302, 200, 404, 200, 404, 200, 404, 200, 404, 200),
    "/quotes/{request}": (302, 200, 404, 200, 404, 200, 404, 200, 404, 200),
    # the request is accepted: its provider is sent back to the request, not to the form
    "/quotes/{request}/answer": (302, 403, 403, 302, 404, 403, 403, 403, 403, 403),
    "/quotes/need/{need}/compare": (302, 200, 404, 403, 403, 200, 404, 200, 404, 200),
    "/projects/{project}": (302, 200, 404, 200, 404, 200, 404, 200, 404, 200),
    # 一企一档: the enterprise itself and its officials; a provider is not shown the file
    "/projects/enterprise/{enterprise}": (302, 200, 404, 404, 404, 200, 404, 200, 404, 200),
    "/projects/enterprise/{enterprise_fz}": (302, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    # a pending product: its provider and the staff who vet it (厦门 vets in the district)
    "/catalog/products/{pending}": (404, 404, 404, 200, 404, 200, 404, 200, 404, 200),
    "/catalog/products/{approved}": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "/supervision/needs/{need}": (302, 403, 403, 403, 403, 200, 404, 200, 404, 200),
    "/supervision/needs/{need_b}": (302, 403, 403, 403, 403, 404, 200, 200, 404, 200),
    "/supervision/enterprises/{enterprise}": (302, 403, 403, 403, 403, 200, 404, 200, 404, 200),
    "/supervision/enterprises/{enterprise_fz}": (302, 403, 403, 403, 403, 404, 404, 404, 200, 200),
    # the supply side: what is public (approved) every official of the city sees; what is
    # still being vetted only those who vet it (厦门 vets providers in their district)
    "/supervision/providers/{provider}": (302, 403, 403, 403, 403, 200, 200, 200, 404, 200),
    "/supervision/providers/{provider_pending}": (
        (302, 403, 403, 403, 403, 200, 404, 200, 404, 200)
    ),
    "/supervision/products/{pending}": (302, 403, 403, 403, 403, 200, 404, 200, 404, 200),
    "/supervision/products/{approved}": (302, 403, 403, 403, 403, 200, 200, 200, 404, 200),
}

API = {
    "/api/v1/needs/{need}": (401, 403, 403, 403, 403, 200, 404, 200, 404, 200),
    "/api/v1/needs/{need_b}": (401, 403, 403, 403, 403, 404, 200, 200, 404, 200),
    "/api/v1/projects/{project}": (401, 403, 403, 403, 403, 200, 404, 200, 404, 200),
    "/api/v1/enterprises/{enterprise}": (401, 403, 403, 403, 403, 200, 404, 200, 404, 200),
    "/api/v1/enterprises/{enterprise_fz}": (401, 403, 403, 403, 403, 404, 404, 404, 200, 200),
    "/api/v1/events?subject_type=needs&subject_id={need}": (
        (401, 403, 403, 403, 403, 200, 404, 200, 404, 200)
    ),
    "/api/v1/events?subject_type=quote_requests&subject_id={request}": (
        (401, 403, 403, 403, 403, 200, 404, 200, 404, 200)
    ),
    # the catalog is public and holds only approved products of active providers
    "/api/v1/products/{pending}": (404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "/api/v1/products/{approved}": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "/api/v1/providers/{provider}": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "/api/v1/providers/{provider_pending}": (404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
}

MATRIX_SIZE = (len(HTML) + len(API)) * len(ACTORS)


@pytest.fixture
def world(make_organisation, make_user, make_need, make_quote_request, make_product, reviewer):
    return build_world(
        make_organisation, make_user, make_need, make_quote_request, make_product, reviewer
    )


def column(table: dict, actor: str) -> list[tuple[str, int]]:
    i = ACTORS.index(actor)
    return [(path, expected[i]) for path, expected in table.items()]


def location(response) -> str:
    return response.headers.get("Location", "")


def test_every_row_names_every_actor():
    for path, expected in {**HTML, **API}.items():
        assert len(expected) == len(ACTORS), path


def disagreements(table: dict, actor: str, ids: dict, get, also_wrong) -> list[str]:
    """Every cell of `actor`'s column whose status differs, or whose response `also_wrong`
    (given the expected status) finds at fault."""
    wrong = []
    for template, expected in column(table, actor):
        path = template.format(**ids)
        response = get(path)
        if response.status_code != expected:
            wrong.append(f"{path}: expected {expected}, got {response.status_code}")
        elif fault := also_wrong(expected, response):
            wrong.append(f"{path}: {fault}")
    return wrong


@pytest.mark.parametrize("actor", ACTORS)
def test_html_object_pages(client, login, world, actor):
    ids, users = world
    if users[actor] is not None:
        login(users[actor])

    def not_to_login(expected, response):
        if actor == "anonymous" and expected == 302 and "/account/login" not in location(response):
            return f"redirected to {response.headers['Location']}"
        return None

    wrong = disagreements(HTML, actor, ids, client.get, not_to_login)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("actor", ACTORS)
def test_api_object_endpoints(client, api_headers, world, actor):
    ids, users = world
    headers = api_headers(users[actor]) if users[actor] is not None else {}

    def without_json_error(expected, response):
        if expected != 200 and response.json.get("status") != expected:
            return f"a {expected} without a JSON error body"
        return None

    wrong = disagreements(
        API, actor, ids, lambda path: client.get(path, headers=headers), without_json_error
    )
    assert not wrong, "\n".join(wrong)
