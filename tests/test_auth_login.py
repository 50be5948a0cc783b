"""Signing in and out, the profile page and a rejected provider's resubmission."""

from flask import g
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.workflow import change_state, events_for
from models import User
from tests.conftest import PASSWORD


def sign_in(client, email, password=PASSWORD, next_url=None):
    url = "/account/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def test_login_with_right_password_then_logout(client, make_user):
    user = make_user("enterprise")
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302
    assert client.get("/account/profile").status_code == 200
    assert db.session.get(User, user.id).last_login_at is not None
    assert client.post("/account/logout").status_code == 302
    assert client.get("/account/profile").status_code == 302  # back to login


def test_wrong_password_is_refused(client, make_user):
    user = make_user("provider")
    response = sign_in(client, user.email, "wrong-password")
    assert response.status_code == 200
    assert "邮箱或密码不正确" in response.get_data(as_text=True)
    assert client.get("/account/profile").status_code == 302


def test_disabled_user_cannot_log_in(client, make_user):
    user = make_user("enterprise")
    user.is_enabled = False
    db.session.commit()
    response = sign_in(client, user.email)
    assert "该账号已停用" in response.get_data(as_text=True)
    assert client.get("/account/profile").status_code == 302


def sign_out(client):
    client.post("/account/logout")
    g.pop("_login_user", None)  # the tests' app context outlives requests


def test_login_follows_local_next_only(client, make_user):
    user = make_user("enterprise")
    assert sign_in(client, user.email, next_url="/catalog/browse").location == "/catalog/browse"
    sign_out(client)
    assert sign_in(client, user.email, next_url="//evil.example/x").location == "/"
    sign_out(client)
    assert sign_in(client, user.email, next_url="https://evil.example/").location == "/"


def test_logout_is_post_only(client, make_user, login):
    login(make_user("enterprise"))
    assert client.get("/account/logout").status_code == 405


def profile_form(org, **changes) -> dict:
    """The enterprise profile form as `org` stands, with `changes`."""
    form = {
        "name": org.name,
        "district_id": org.district_id,
        "sub_industry_id": org.sub_industry_id,
        "is_above_scale": "1",
        "specialised_status": "none",
        "self_assessed_level": "1",
        "contact_name": "王五",
        "contact_phone": "13800000000",
    }
    form.update(changes)
    return form


def test_enterprise_edits_profile_but_not_credit_code(client, make_user, login):
    user = login(make_user("enterprise"))
    org = user.organisation
    code = org.credit_code
    district = org.pilot.districts[1]
    response = client.post(
        "/account/profile",
        data=profile_form(
            org,
            name="新名称精密制造有限公司",
            credit_code="91110000802100433B",  # not a field of the form: must be ignored
            district_id=district.id,
            sub_industry_id=org.pilot.sub_industries[1].id,
            is_above_scale="0",
            specialised_status="little_giant",
            self_assessed_level="3",
            contact_phone="0592-5123456",
        ),
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert (org.name, org.district_id, org.is_above_scale, org.self_assessed_level) == (
        "新名称精密制造有限公司",
        district.id,
        False,
        3,
    )
    assert org.credit_code == code


def test_enterprise_cannot_move_to_a_district_of_another_city(client, make_user, login):
    user = login(make_user("enterprise"))
    org = user.organisation
    other = db.session.scalar(select(User).where(User.id == user.id)).organisation.pilot.districts[
        0
    ]
    from marketplace.services.pilots import pilot_by_code

    foreign = pilot_by_code("shenyang").districts[0]
    response = client.post("/account/profile", data=profile_form(org, district_id=foreign.id))
    assert response.status_code == 200
    db.session.refresh(org)
    assert org.district_id == other.id


def test_rejected_provider_edits_and_resubmits(client, make_user, login):
    official = make_user("official")
    user = login(make_user("provider", status="pending"))
    org = user.organisation
    change_state(org, "rejected", official, "本地化服务承诺不具体")
    db.session.commit()
    page = client.get("/account/profile").get_data(as_text=True)
    assert "本地化服务承诺不具体" in page
    assert "重新提交审核" in page
    assert client.post("/account/profile/resubmit").status_code == 302
    db.session.refresh(org)
    assert org.status == "pending"
    assert [e.to_state for e in events_for(org)] == ["pending", "rejected", "pending"]


def test_pending_provider_cannot_resubmit_again(client, make_user, login):
    user = login(make_user("provider", status="pending"))
    assert client.post("/account/profile/resubmit").status_code == 409
    assert user.organisation.status == "pending"


def test_anonymous_user_is_sent_to_login_with_a_chinese_message(client):
    response = client.get("/catalog/my-products")
    assert response.location.startswith("/account/login?next=")
    assert "请先登录" in client.get(response.location).get_data(as_text=True)


def test_profile_form_shows_the_saved_scale(client, make_user, login):
    user = login(make_user("enterprise"))
    user.organisation.is_above_scale = False
    db.session.commit()
    page = client.get("/account/profile").get_data(as_text=True)
    assert '<input checked id="is_above_scale-1" name="is_above_scale" required' in page
