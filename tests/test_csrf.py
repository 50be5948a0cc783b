"""CSRF protection is global: a POST without a token is refused and changes nothing."""

import re

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from models import Organisation
from tests.test_auth_registration import enterprise_form


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


def registration(token=None) -> dict:
    return enterprise_form(csrf_token=token) if token else enterprise_form()


def organisations() -> int:
    return db.session.scalar(select(func.count(Organisation.id)))


def test_registration_post_without_token_is_refused(client, csrf_on):
    response = client.post("/account/register/enterprise", data=registration())
    assert response.status_code == 400
    assert organisations() == 0


def test_registration_post_with_the_pages_token_goes_through(client, csrf_on):
    page = client.get("/account/register/enterprise").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/account/register/enterprise", data=registration(token))
    assert response.status_code == 302
    assert organisations() == 1


def test_one_button_action_without_token_is_refused(
    client, csrf_on, make_user, make_product, login
):
    user = login(make_user("provider"))
    product = make_product(provider=user.organisation, status="draft")
    response = client.post(f"/catalog/products/{product.id}/submit")
    assert response.status_code == 400
    db.session.refresh(product)
    assert product.status == "draft"


def test_logout_without_token_keeps_the_session(client, csrf_on, make_user, login):
    login(make_user("enterprise"))
    assert client.post("/account/logout").status_code == 400
    assert client.get("/account/profile").status_code == 200
