"""Accounts: every user changes their own password (the current one required); city-level
officials (their city's users) and admins disable, re-enable and give temporary passwords,
each with a reason and an event; a temporary password must be changed before anything else."""

import re

import pytest
from flask import g
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.workflow import events_for
from models import User
from tests.conftest import PASSWORD, pilot

NEW = "a-new-password-9"


def post(client, url, **data):
    g.pop("_login_user", None)
    return client.post(url, data=data)


def sign_in(client, email, password=PASSWORD):
    return post(client, "/account/login", email=email, password=password)


def sign_out(client):
    post(client, "/account/logout")


# --- one's own password --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["enterprise", "provider", "official", "admin"])
def test_every_user_changes_their_password(client, login, make_user, role):
    user = login(make_user(role))
    assert client.get("/account/security").status_code == 200
    response = post(client, "/account/password", current=PASSWORD, new=NEW, confirm=NEW)
    assert response.status_code == 302
    sign_out(client)
    assert sign_in(client, user.email).status_code == 200  # the old one no longer works
    assert sign_in(client, user.email, NEW).status_code == 302
    [event] = events_for(db.session.get(User, user.id))
    assert (event.actor_id, event.reason_code) == (user.id, "password_changed")
    assert (event.from_state, event.to_state) == ("enabled", "enabled")


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong-one-1", NEW, NEW, "当前密码不正确"),
        (PASSWORD, "short", "short", "新密码须为8到128位"),
        (PASSWORD, NEW, NEW + "x", "两次输入的新密码不一致"),
        (PASSWORD, PASSWORD, PASSWORD, "新密码不能与当前密码相同"),
        ("", NEW, NEW, "请填写当前密码"),
    ],
)
def test_a_bad_password_change_says_why_and_changes_nothing(
    client, login, make_user, current, new, confirm, message
):
    user = login(make_user("enterprise"))
    before = user.password_hash
    response = post(client, "/account/password", current=current, new=new, confirm=confirm)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == before
    assert events_for(user) == []


def test_guessing_the_current_password_counts_as_failed_sign_ins(client, login, make_user):
    user = login(make_user("enterprise"))
    for _ in range(5):
        post(client, "/account/password", current="guess-guess", new=NEW, confirm=NEW)
    response = post(client, "/account/password", current=PASSWORD, new=NEW, confirm=NEW)
    assert "登录失败次数过多" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)


# --- who manages whose account -------------------------------------------------------------


@pytest.fixture
def people(make_user, make_organisation):
    xiamen = pilot("xiamen")
    return {
        "city": make_user("official", "xiamen"),
        "district": make_user("official", "xiamen", district=xiamen.districts[0]),
        "admin": make_user("admin"),
        "enterprise": make_user("enterprise", "xiamen"),
        "provider": make_user("provider", "xiamen"),
        "peer": make_user("official", "xiamen"),
        "elsewhere": make_user("enterprise", "fuzhou"),
        "other_city_official": make_user("official", "fuzhou"),
    }


# (actor, target, may manage)
MANAGES = [
    ("city", "enterprise", True),
    ("city", "provider", True),
    ("city", "district", True),
    ("city", "peer", True),
    ("city", "elsewhere", False),
    ("city", "other_city_official", False),
    ("city", "admin", False),
    ("city", "city", False),
    ("district", "enterprise", False),
    ("admin", "elsewhere", True),
    ("admin", "other_city_official", True),
    ("admin", "admin", False),
    ("enterprise", "provider", False),
]


@pytest.mark.parametrize(("actor", "target", "allowed"), MANAGES)
def test_who_may_open_and_disable_an_account(client, login, people, actor, target, allowed):
    login(people[actor])
    target_id = people[target].id
    page = client.get(f"/accounts/{target_id}")
    response = post(client, f"/accounts/{target_id}/disable", reason="核实中")
    db.session.expire_all()
    if allowed:
        assert page.status_code == 200
        assert response.status_code == 302
        assert db.session.get(User, target_id).is_enabled is False
    else:
        assert page.status_code in (403, 404)
        assert response.status_code in (403, 404)
        assert db.session.get(User, target_id).is_enabled is True


@pytest.mark.parametrize(("role", "status"), [("enterprise", 403), ("provider", 403)])
def test_the_users_list_is_for_city_officials_and_admins(
    client, login, people, make_user, role, status
):
    login(make_user(role))
    assert client.get("/accounts/").status_code == status
    login(people["district"])
    assert client.get("/accounts/").status_code == 403


def test_the_users_list_shows_the_city_searches_and_filters(client, login, people):
    login(people["city"])
    page = client.get("/accounts/").get_data(as_text=True)
    for name in ("enterprise", "provider", "district", "peer"):
        assert people[name].email in page
    for name in ("elsewhere", "other_city_official", "admin", "city"):
        assert people[name].email not in page
    found = client.get(f"/accounts/?q={people['provider'].email}").get_data(as_text=True)
    assert people["provider"].email in found
    assert people["enterprise"].email not in found
    officials = client.get("/accounts/?role=official").get_data(as_text=True)
    assert people["peer"].email in officials
    assert people["enterprise"].email not in officials
    assert client.get("/accounts/?role=nonsense&page=abc").status_code == 200


def test_the_admin_sees_every_city(client, login, people):
    login(people["admin"])
    page = client.get("/accounts/?page=1").get_data(as_text=True)
    assert people["elsewhere"].email in page
    assert people["other_city_official"].email in page


# --- disable, re-enable, temporary password -------------------------------------------------


def test_a_disabled_account_cannot_sign_in_or_use_its_token_until_re_enabled(
    client, login, people, api_headers
):
    target, official = people["enterprise"], people["city"]
    headers = api_headers(target)
    login(official)
    assert post(client, f"/accounts/{target.id}/disable", reason="冒用核查").status_code == 302
    sign_out(client)
    assert "该账号已停用" in sign_in(client, target.email).get_data(as_text=True)
    assert client.get("/api/v1/products", headers=headers).status_code == 401

    login(official)
    assert post(client, f"/accounts/{target.id}/enable", reason="核查无误").status_code == 302
    sign_out(client)
    assert sign_in(client, target.email).status_code == 302
    events = events_for(db.session.get(User, target.id))
    assert [(e.from_state, e.to_state, e.reason_code, e.reason, e.actor_id) for e in events] == [
        ("enabled", "disabled", "account_disabled", "冒用核查", official.id),
        ("disabled", "enabled", "account_enabled", "核查无误", official.id),
    ]


def test_disabling_ends_the_sessions_already_open(app, client, login, people):
    target = people["enterprise"]
    login(target)
    assert client.get("/account/profile").status_code == 200
    official_client = app.test_client()
    with official_client.session_transaction() as session:
        session["_user_id"] = str(people["city"].id)
    g.pop("_login_user", None)
    response = official_client.post(f"/accounts/{target.id}/disable", data={"reason": "盗号"})
    assert response.status_code == 302
    g.pop("_login_user", None)
    assert client.get("/account/profile").status_code == 302  # back to the sign-in page


def test_every_action_needs_a_reason(client, login, people):
    target = people["provider"]
    login(people["city"])
    for url in ("disable", "temporary-password"):
        response = post(client, f"/accounts/{target.id}/{url}", reason="  ")
        assert response.status_code == 400
        assert "请填写原因" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, target.id).is_enabled
    assert events_for(target) == []


def test_nobody_disables_themselves(client, login, people):
    admin = login(people["admin"])
    response = post(client, f"/accounts/{admin.id}/disable", reason="试试")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_enabled


def test_a_temporary_password_must_be_changed_before_anything_else(client, login, people):
    target = people["provider"]
    login(people["city"])
    response = post(client, f"/accounts/{target.id}/temporary-password", reason="本人来电忘记密码")
    assert response.status_code == 200
    shown = re.search(
        r'id="temporary-password">.*?<div class="mono"[^>]*>([^<]+)</div>',
        response.get_data(as_text=True),
        re.S,
    )
    temporary = shown.group(1).strip()
    assert len(temporary) >= 8
    assert db.session.scalar(select(User.password_hash).where(User.id == target.id)) != temporary
    sign_out(client)

    assert sign_in(client, target.email).status_code == 200  # the old password is gone
    response = sign_in(client, target.email, temporary)
    assert response.location == "/account/security"
    for url in ("/", "/quotes/inbox", "/catalog/browse", "/account/profile"):
        g.pop("_login_user", None)
        assert client.get(url).location == "/account/security", url
    page = client.get("/account/security").get_data(as_text=True)
    assert "请先修改密码" in page
    assert (
        post(client, "/account/password", current=temporary, new=NEW, confirm=NEW).status_code
        == 302
    )
    g.pop("_login_user", None)
    assert client.get("/quotes/inbox").status_code == 200
    states = [(e.from_state, e.to_state, e.reason_code) for e in events_for(target)]
    assert states == [
        ("enabled", "must_change_password", "temporary_password_set"),
        ("must_change_password", "enabled", "password_changed"),
    ]


def test_a_temporary_password_lifts_a_sign_in_lock(client, login, people):
    target = people["enterprise"]
    for _ in range(5):
        sign_in(client, target.email, "wrong-password")
    assert sign_in(client, target.email).status_code == 429
    login(people["admin"])
    response = post(client, f"/accounts/{target.id}/temporary-password", reason="锁定后重置")
    temporary = re.search(r'<div class="mono"[^>]*>([^<]+)</div>', response.get_data(as_text=True))
    sign_out(client)
    assert sign_in(client, target.email, temporary.group(1).strip()).status_code == 302


def test_the_user_page_shows_the_history_in_english(client, login, people):
    from tests.test_i18n import switch_language

    target = people["enterprise"]
    login(people["city"])
    post(client, f"/accounts/{target.id}/disable", reason="投诉核查")
    switch_language(client, "en")
    page = client.get(f"/accounts/{target.id}").get_data(as_text=True)
    assert "Account disabled" in page
    assert "投诉核查" in page
    assert "Disabled" in page
