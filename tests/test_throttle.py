"""Password guessing and search flooding are throttled with state in the database, so every
worker and host counts the same failures: 5 wrong passwords for one email or 20 from one
address within 15 minutes lock it for 15 minutes; known and unknown emails are answered alike;
the catalog search allows 60 searches per address per minute."""

import statistics
import time
from datetime import timedelta

import werkzeug.security
from flask import g
from sqlalchemy import func, select

import models.user
from marketplace import create_app
from marketplace.extensions import db
from models import ThrottleMark, User
from tests.conftest import PASSWORD

LOCKED_ZH = "登录失败次数过多"


def sign_in(client, email, password="wrong-password", address="10.0.0.1"):
    g.pop("_login_user", None)
    return client.post(
        "/account/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def age_marks(minutes: int) -> None:
    """Move every stored throttle time `minutes` into the past (instead of sleeping)."""
    for mark in db.session.scalars(select(ThrottleMark)):
        mark.at -= timedelta(minutes=minutes)
    db.session.commit()


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client, make_user):
    user = make_user("enterprise")
    for _ in range(5):
        response = sign_in(client, user.email)
        assert response.status_code == 200
        assert "邮箱或密码不正确" in response.get_data(as_text=True)

    refused = sign_in(client, user.email, PASSWORD)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert LOCKED_ZH in page
    assert "15 分钟后再试" in page
    assert client.get("/account/profile").status_code == 302  # not signed in
    assert db.session.get(User, user.id).last_login_at is None


def test_the_lock_is_shared_by_a_second_app_on_the_same_database(app, make_user):
    user = make_user("provider")
    other = create_app(dict(app.config))
    try:
        first, second = app.test_client(), other.test_client()
        for _ in range(5):
            assert sign_in(first, user.email).status_code == 200
        response = second.post(
            "/account/login",
            data={"email": user.email, "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
        )
        assert response.status_code == 429
        assert LOCKED_ZH in response.get_data(as_text=True)
    finally:
        with other.app_context():
            db.engine.dispose()


def test_the_lock_ends_after_fifteen_minutes_and_a_success_clears_the_failures(client, make_user):
    user = make_user("enterprise")
    for _ in range(5):
        sign_in(client, user.email)
    assert sign_in(client, user.email, PASSWORD).status_code == 429
    age_marks(14)
    assert sign_in(client, user.email, PASSWORD).status_code == 429  # a minute still to go
    age_marks(2)
    assert sign_in(client, user.email, PASSWORD).status_code == 302

    client.post("/account/logout")
    for _ in range(4):  # the success forgot the old failures: four more do not lock
        sign_in(client, user.email)
    assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(client, make_user):
    user = make_user("enterprise")
    for _ in range(4):
        sign_in(client, user.email)
    age_marks(16)
    sign_in(client, user.email)
    assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_lock_it_across_emails(client, make_user):
    user = make_user("enterprise")
    for n in range(20):
        assert sign_in(client, f"guess{n}@example.cn", address="10.1.1.1").status_code == 200
    assert sign_in(client, user.email, PASSWORD, address="10.1.1.1").status_code == 429
    # the account itself is not locked: from another address it signs in
    assert sign_in(client, user.email, PASSWORD, address="10.2.2.2").status_code == 302


def test_the_english_message_says_when_to_try_again(client, make_user):
    user = make_user("enterprise")
    client.get("/lang/en")
    for _ in range(5):
        sign_in(client, user.email)
    page = sign_in(client, user.email, PASSWORD).get_data(as_text=True)
    assert "Too many failed sign-ins" in page
    assert "try again in 15 minutes" in page


def test_unknown_and_known_emails_get_the_same_answer(client, make_user):
    user = make_user("enterprise")
    unknown = "nobody.here@example.cn"
    for attempt in range(6):
        known_response = sign_in(client, user.email)
        unknown_response = sign_in(client, unknown)
        assert known_response.status_code == unknown_response.status_code, attempt
        known_page = known_response.get_data(as_text=True).replace(user.email, "EMAIL")
        unknown_page = unknown_response.get_data(as_text=True).replace(unknown, "EMAIL")
        assert known_page == unknown_page, attempt
    assert known_response.status_code == 429  # the sixth: both locked alike


def test_an_unknown_email_takes_about_as_long_as_a_wrong_password(client, make_user, monkeypatch):
    """With the real (slow) password hash, which the other tests replace by a cheap one:
    without the dummy password check an unknown email would answer many times faster (no
    hash computed); with it the two take about the same time."""
    monkeypatch.setattr(
        models.user, "generate_password_hash", werkzeug.security.generate_password_hash
    )
    monkeypatch.setattr(models.user, "_dummy_hash", None)
    users = [make_user("enterprise") for _ in range(2)]
    assert not users[0].password_hash.startswith("pbkdf2:sha256:1$")
    known, unknown = [], []
    for n in range(6):
        started = time.perf_counter()
        sign_in(client, users[n % 2].email, address=f"10.3.0.{n}")
        known.append(time.perf_counter() - started)
        started = time.perf_counter()
        sign_in(client, f"stranger{n}@example.cn", address=f"10.4.0.{n}")
        unknown.append(time.perf_counter() - started)
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.5 < ratio < 2, (known, unknown)


def test_old_marks_are_pruned_as_new_ones_are_written(client, make_user):
    for n in range(3):
        sign_in(client, f"old{n}@example.cn")
    age_marks(120)
    sign_in(client, "new@example.cn")
    # the three old emails' marks (and the address's) are gone; the new attempt's two remain
    assert db.session.scalar(select(func.count(ThrottleMark.id))) == 2


def test_the_catalog_search_is_limited_per_address(client):
    for n in range(60):
        response = client.get(f"/catalog/browse?q=MES{n}", environ_base={"REMOTE_ADDR": "10.5.5.5"})
        assert response.status_code == 200, n
    refused = client.get("/catalog/browse?q=ERP", environ_base={"REMOTE_ADDR": "10.5.5.5"})
    assert refused.status_code == 429
    assert "搜索过于频繁" in refused.get_data(as_text=True)
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # browsing without a search, and searching from elsewhere, still work
    assert (
        client.get("/catalog/browse", environ_base={"REMOTE_ADDR": "10.5.5.5"}).status_code == 200
    )
    assert (
        client.get("/catalog/browse?q=ERP", environ_base={"REMOTE_ADDR": "10.6.6.6"}).status_code
        == 200
    )
    age_marks(1)
    assert (
        client.get("/catalog/browse?q=ERP", environ_base={"REMOTE_ADDR": "10.5.5.5"}).status_code
        == 200
    )


def test_the_api_search_shares_the_limit_and_answers_json(client):
    for n in range(60):
        client.get(f"/catalog/browse?q=MES{n}", environ_base={"REMOTE_ADDR": "10.7.7.7"})
    response = client.get("/api/v1/products?q=MES", environ_base={"REMOTE_ADDR": "10.7.7.7"})
    assert response.status_code == 429
    assert response.json["status"] == 429
    assert "搜索过于频繁" in response.json["message"]
    assert "Retry-After" in response.headers
    assert (
        client.get("/api/v1/products", environ_base={"REMOTE_ADDR": "10.7.7.7"}).status_code == 200
    )


def test_twenty_bad_tokens_from_one_address_lock_it_even_for_a_good_token(
    client, make_user, api_headers
):
    good = api_headers(make_user("official"))
    where = {"REMOTE_ADDR": "10.8.8.8"}
    for n in range(20):
        response = client.get(
            "/api/v1/needs", headers={"Authorization": f"Bearer szt_bad{n}"}, environ_base=where
        )
        assert response.status_code == 401
        assert response.json["message"] == "令牌无效或已吊销"
    refused = client.get("/api/v1/needs", headers=good, environ_base=where)
    assert refused.status_code == 429
    assert "无效令牌尝试次数过多" in refused.json["message"]
    assert (
        client.get(
            "/api/v1/needs", headers=good, environ_base={"REMOTE_ADDR": "10.8.8.9"}
        ).status_code
        == 200
    )


def test_a_refused_attempt_does_not_check_the_password(client, make_user, monkeypatch):
    user = make_user("enterprise")
    for _ in range(5):
        sign_in(client, user.email)
    checks = []
    real = models.user.check_password_hash
    monkeypatch.setattr(models.user, "check_password_hash", lambda *a: checks.append(a) or real(*a))
    assert sign_in(client, user.email, PASSWORD).status_code == 429
    assert checks == []
    assert sign_in(client, "unknown@example.cn", address="10.0.0.99").status_code == 200
    assert len(checks) == 1  # the dummy check: unlocked attempts do check
