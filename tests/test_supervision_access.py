"""Role × endpoint access for the officials' pages."""

import pytest

LIST_ENDPOINTS = [
    "/supervision/review-queue",
    "/supervision/enterprises",
    "/supervision/providers",
    "/supervision/products",
    "/supervision/needs",
    "/supervision/activity",
    "/supervision/dashboard",
]


@pytest.fixture
def objects(make_product, make_need):
    product = make_product()
    need = make_need()
    return {
        "product": f"/supervision/products/{product.id}",
        "provider": f"/supervision/providers/{product.provider_id}",
        "need": f"/supervision/needs/{need.id}",
        "enterprise": f"/supervision/enterprises/{need.enterprise_id}",
    }


def all_urls(objects):
    return LIST_ENDPOINTS + list(objects.values())


def test_anonymous_is_sent_to_login(client, objects):
    for url in all_urls(objects):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", ["enterprise", "provider"])
def test_enterprise_and_provider_are_forbidden(client, login, make_user, objects, role):
    login(make_user(role))
    for url in all_urls(objects):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["official", "admin"])
def test_official_and_admin_open_every_page(client, login, make_user, objects, role):
    login(make_user(role))
    for url in all_urls(objects):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["enterprise", "provider"])
def test_review_actions_are_forbidden_to_non_officials(
    client, login, make_user, make_product, role
):
    product = make_product(status="pending")
    login(make_user(role))
    response = client.post(f"/supervision/products/{product.id}/approve")
    assert response.status_code == 403
    assert product.status == "pending"
