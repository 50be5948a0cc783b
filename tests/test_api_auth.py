"""API tokens: issued by the CLI, stored hashed, revocable; cookie sessions never write."""

import pytest
from flask import g
from flask_login import login_user
from sqlalchemy import select
from werkzeug.exceptions import Unauthorized

from marketplace.api.auth import authenticate
from marketplace.extensions import db
from models import ApiToken, Need

OFFICIAL_ONLY = [
    "/api/v1/enterprises",
    "/api/v1/needs",
    "/api/v1/quote-requests",
    "/api/v1/projects",
    "/api/v1/events?subject_type=needs&subject_id=1",
]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def create_token(runner, email, name="省平台对接"):
    result = runner.invoke(args=["api-token", "create", "--email", email, "--name", name])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_cli_token_is_printed_once_stored_hashed_and_works(runner, client, make_user):
    official = make_user("official")

    token = create_token(runner, official.email)

    row = db.session.scalar(select(ApiToken))
    assert token.startswith("szt_")
    assert len(token) > 40
    assert row.user_id == official.id
    assert row.name == "省平台对接"
    assert token not in (row.token_hash, row.prefix)
    assert row.token_hash != token
    assert row.last_used_at is None
    response = client.get("/api/v1/needs", headers=bearer(token))
    assert response.status_code == 200
    assert response.json["total"] == 0
    assert "Set-Cookie" not in response.headers  # a token request opens no session
    db.session.refresh(row)
    assert row.last_used_at is not None


def test_cli_refuses_unknown_owner(runner):
    result = runner.invoke(
        args=["api-token", "create", "--email", "nobody@example.cn", "--name", "x"]
    )
    assert result.exit_code != 0
    assert "unknown_user" in result.output
    assert db.session.scalar(select(ApiToken)) is None


def test_cli_lists_tokens_without_revealing_them(runner, make_user):
    official = make_user("official")
    token = create_token(runner, official.email)

    result = runner.invoke(args=["api-token", "list"])

    assert result.exit_code == 0
    assert official.email in result.output
    assert "省平台对接" in result.output
    assert token not in result.output


def test_revoked_token_is_refused(runner, client, make_user):
    official = make_user("official")
    token = create_token(runner, official.email)
    assert client.get("/api/v1/needs", headers=bearer(token)).status_code == 200
    token_id = db.session.scalar(select(ApiToken.id))

    result = runner.invoke(args=["api-token", "revoke", str(token_id)])

    assert result.exit_code == 0, result.output
    response = client.get("/api/v1/needs", headers=bearer(token))
    assert response.status_code == 401
    assert response.json["status"] == 401
    assert response.json["error"] == "Unauthorized"
    assert response.headers["WWW-Authenticate"].lower().startswith("bearer")
    # a bad token is refused even where no token is needed, rather than silently ignored
    assert client.get("/api/v1/products", headers=bearer(token)).status_code == 401


def test_token_of_disabled_account_is_refused(client, make_user, api_headers):
    official = make_user("official")
    headers = api_headers(official)
    official.is_enabled = False
    db.session.commit()

    assert client.get("/api/v1/needs", headers=headers).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer szt_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "szt_no_scheme"],
)
def test_malformed_or_unknown_credentials_are_refused(client, header):
    response = client.get("/api/v1/pilots", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.is_json


@pytest.mark.parametrize("path", OFFICIAL_ONLY)
def test_official_endpoints_need_credentials(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.json == {
        "error": "Unauthorized",
        "status": 401,
        "message": response.json["message"],
    }


@pytest.mark.parametrize("role", ["enterprise", "provider"])
@pytest.mark.parametrize("path", OFFICIAL_ONLY)
def test_official_endpoints_refuse_other_roles(client, make_user, api_headers, role, path):
    headers = api_headers(make_user(role))
    assert client.get(path, headers=headers).status_code == 403


@pytest.mark.parametrize("path", ["/api/v1/pilots", "/api/v1/providers", "/api/v1/products"])
def test_public_endpoints_need_no_token(client, path):
    assert client.get(path).status_code == 200


def test_browser_session_may_read(client, login, make_user, make_need):
    make_need()
    login(make_user("official"))

    response = client.get("/api/v1/needs")

    assert response.status_code == 200
    assert response.json["total"] == 1


@pytest.mark.parametrize("csrf_enabled", [True, False])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["/api/v1/needs", "/api/v1/needs/1", "/api/v1/products", "/api/v1/anything"]
)
def test_session_cookie_never_writes_through_the_api(
    app, client, login, make_user, make_need, method, path, csrf_enabled
):
    make_need()
    login(make_user("official"))
    app.config["WTF_CSRF_ENABLED"] = csrf_enabled

    response = getattr(client, method)(path, json={"status": "closed"})

    assert response.status_code in (400, 401, 404, 405)
    assert response.is_json
    assert db.session.scalar(select(Need.status)) == "open"


def test_cookie_session_alone_cannot_authorise_a_write(app, make_user):
    """The guard behind the CSRF exemption, for any write route the API may gain."""
    official = make_user("official")
    with app.test_request_context("/api/v1/needs", method="POST"):
        login_user(official)
        with pytest.raises(Unauthorized):
            authenticate()


def test_token_authorises_a_write_request(app, make_user, api_headers):
    official = make_user("official")
    headers = api_headers(official)
    with app.test_request_context("/api/v1/needs", method="POST", headers=headers):
        authenticate()
        assert g.api_user.id == official.id
        assert g.api_auth == "token"
