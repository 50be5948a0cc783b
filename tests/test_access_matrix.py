"""Role × endpoint × expected status, for every page that needs no object id.

302 for an anonymous visitor means "sent to the login page"; 403 means the role may not
use the page at all. Object-level checks (another organisation's need → 404) are tested
with each feature.
"""

import pytest

ROLES = ("anonymous", "enterprise", "provider", "official", "admin")

# path: expected status for anonymous, enterprise, provider, official, admin
MATRIX = {
    "/": (200, 302, 302, 302, 302),
    "/catalog/browse": (200, 200, 200, 200, 200),
    "/catalog/my-products": (302, 403, 200, 403, 403),
    "/catalog/products/new": (302, 403, 200, 403, 403),
    "/account/profile": (302, 200, 200, 403, 403),
    "/needs/my-needs": (302, 200, 403, 403, 403),
    "/needs/new": (302, 200, 403, 403, 403),
    "/needs/leads": (302, 403, 200, 403, 403),
    "/quotes/inbox": (302, 403, 200, 403, 403),
    "/quotes/enterprise-requests": (302, 200, 403, 403, 403),
    "/projects/": (302, 200, 200, 200, 200),
    "/projects/my-file": (302, 302, 403, 403, 403),  # to the enterprise's own file
    "/projects/assessment": (302, 200, 403, 403, 403),
    "/projects/policy": (302, 200, 200, 200, 200),  # subsidy policies are public to users
    "/projects/assigned": (302, 403, 403, 403, 403),  # an assessment agency's home only
    "/projects/budget": (302, 403, 403, 200, 200),  # the city's subsidy budget
    "/supervision/review-queue": (302, 403, 403, 200, 200),
    "/supervision/enterprises": (302, 403, 403, 200, 200),
    "/supervision/providers": (302, 403, 403, 200, 200),
    "/supervision/products": (302, 403, 403, 200, 200),
    "/supervision/needs": (302, 403, 403, 200, 200),
    "/supervision/activity": (302, 403, 403, 200, 200),
    "/supervision/dashboard": (302, 403, 403, 200, 200),
    "/account/security": (302, 200, 200, 200, 200),  # own password and API tokens
    "/accounts/": (302, 403, 403, 200, 200),  # the fixture's official is city-level
    "/api/v1/pilots": (200, 200, 200, 200, 200),
    "/api/v1/openapi.json": (200, 200, 200, 200, 200),
}

CASES = [
    pytest.param(path, role, expected[i], id=f"{role}-{path}")
    for path, expected in MATRIX.items()
    for i, role in enumerate(ROLES)
]


@pytest.fixture
def as_role(make_user, login):
    def sign_in(role: str):
        if role != "anonymous":
            login(make_user(role))

    return sign_in


@pytest.mark.parametrize(("path", "role", "expected"), CASES)
def test_role_endpoint_access(client, as_role, path, role, expected):
    as_role(role)
    response = client.get(path)
    assert response.status_code == expected
    if expected == 302 and role == "anonymous":
        assert "/account/login" in response.headers["Location"]
