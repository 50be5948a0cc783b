"""API tokens expire (90 days unless asked otherwise, from the UI or `--days` in the CLI), an
expired token is refused with a clear 401, and owners list, issue and revoke their own tokens
on the account page."""

import re
from datetime import timedelta

from flask import g
from sqlalchemy import select

from marketplace.extensions import db
from models import ApiToken, utcnow


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def only_token() -> ApiToken:
    db.session.expire_all()
    return db.session.scalar(select(ApiToken))


def test_a_token_lives_ninety_days_by_default_and_is_refused_once_expired(
    client, make_user, api_headers
):
    headers = api_headers(make_user("official"))
    token = only_token()
    lives = token.expires_at - token.created_at
    assert timedelta(days=90) - timedelta(minutes=1) < lives <= timedelta(days=90)
    assert client.get("/api/v1/needs", headers=headers).status_code == 200

    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get("/api/v1/needs", headers=headers)
    assert response.status_code == 401
    assert response.json["message"] == "令牌已过期，请在“账号与安全”页面签发新令牌"
    assert "Bearer" in response.headers["WWW-Authenticate"]


def test_the_cli_sets_the_expiry_and_lists_it(runner, make_user):
    official = make_user("official")
    result = runner.invoke(
        args=["api-token", "create", "--email", official.email, "--name", "省平台", "--days", "30"]
    )
    assert result.exit_code == 0, result.output
    token = only_token()
    assert timedelta(days=29, hours=23) < token.expires_at - utcnow() <= timedelta(days=30)
    listed = runner.invoke(args=["api-token", "list"]).output
    assert f"{token.expires_at:%Y-%m-%d %H:%M} 过期" in listed
    assert "有效" in listed

    token.expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert "已过期" in runner.invoke(args=["api-token", "list"]).output
    refused = runner.invoke(
        args=["api-token", "create", "--email", official.email, "--name", "x", "--days", "400"]
    )
    assert refused.exit_code != 0
    assert only_token().id == token.id  # nothing issued


def test_an_owner_issues_a_token_on_the_account_page_and_sees_it_once(client, login, make_user):
    login(make_user("official"))
    response = client.post("/account/tokens", data={"name": "省平台对接", "days": "365"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    raw = re.search(r"szt_[A-Za-z0-9_-]{40,}", page).group(0)
    token = only_token()
    assert timedelta(days=364) < token.expires_at - utcnow() <= timedelta(days=365)
    assert raw not in (token.token_hash, token.prefix)
    assert client.get("/api/v1/needs", headers=bearer(raw)).status_code == 200

    listing = client.get("/account/security").get_data(as_text=True)
    assert raw not in listing  # shown once only
    assert token.prefix in listing
    assert "省平台对接" in listing
    assert "从未使用" not in listing  # it was just used


def test_a_bad_token_request_says_why(client, login, make_user):
    login(make_user("provider"))
    for data, message in [
        ({"name": " ", "days": "90"}, "请填写令牌名称"),
        ({"name": "x", "days": "7"}, "不是有效的选择"),
    ]:
        response = client.post("/account/tokens", data=data)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert only_token() is None


def test_an_owner_revokes_their_token_and_nobody_else_can(client, login, make_user, api_headers):
    owner, other = make_user("enterprise"), make_user("enterprise")
    headers = api_headers(owner)
    token = only_token()

    login(other)
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert only_token().is_revoked is False

    g.pop("_login_user", None)
    login(owner)
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    assert only_token().is_revoked is True
    assert client.get("/api/v1/products", headers=headers).status_code == 401
    page = client.get("/account/security").get_data(as_text=True)
    assert "已吊销" in page
