"""Self-registration of enterprises and providers: one service call creates the organisation
and its first user, or nothing at all."""

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services.credit_code import make_credit_code
from marketplace.services.pilots import pilot_by_code
from marketplace.services.workflow import events_for
from models import Organisation, User


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def enterprise_form(**changes) -> dict:
    xiamen = pilot_by_code("xiamen")
    form = {
        "name": "厦门鹭岛精密电子有限公司",
        "credit_code": make_credit_code(9001),
        "pilot_id": xiamen.id,
        "district_id": xiamen.districts[0].id,
        "sub_industry_id": xiamen.sub_industries[0].id,
        "is_above_scale": "1",
        "specialised_status": "specialised",
        "self_assessed_level": "2",
        "contact_name": "林晓峰",
        "contact_phone": "13906001234",
        "person_name": "林晓峰",
        "email": "lin@ludao.cn",
        "password": "secret-pass",
        "confirm": "secret-pass",
    }
    form.update(changes)
    return form


def provider_form(**changes) -> dict:
    xiamen, fuzhou = pilot_by_code("xiamen"), pilot_by_code("fuzhou")
    form = {
        "name": "福建云帆工业互联网科技有限公司",
        "credit_code": make_credit_code(9002, "350100"),
        "provider_type": "平台服务商",
        "pilot_id": fuzhou.id,
        "served_pilot_ids": [xiamen.id],
        "sub_industry_ids": [xiamen.sub_industries[0].id, fuzhou.sub_industries[1].id],
        "local_service": "厦门、福州均设实施团队，4小时响应",
        "introduction": "专注离散制造业的设备联网与生产管控。",
        "contact_name": "陈思远",
        "contact_phone": "0591-87654321",
        "person_name": "陈思远",
        "email": "chen@yunfan.cn",
        "password": "secret-pass",
        "confirm": "secret-pass",
    }
    form.update(changes)
    return form


def test_enterprise_registers_approved_and_signed_in(client):
    response = client.post("/account/register/enterprise", data=enterprise_form())
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "lin@ludao.cn"))
    org = user.organisation
    assert (user.role, org.kind, org.status) == ("enterprise", "enterprise", "approved")
    assert org.sub_industry.name == "电子器件制造"
    assert (org.is_above_scale, org.specialised_status, org.self_assessed_level) == (
        True,
        "specialised",
        2,
    )
    assert user.check_password("secret-pass")
    assert user.password_hash != "secret-pass"
    assert [(e.from_state, e.to_state, e.actor_id) for e in events_for(org)] == [
        (None, "approved", user.id)
    ]
    page = client.get("/account/profile")
    assert "厦门鹭岛精密电子有限公司" in page.get_data(as_text=True)


def test_provider_registers_pending_with_served_cities_and_industries(client):
    response = client.post("/account/register/provider", data=provider_form())
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation).where(Organisation.name.like("福建云帆%")))
    assert org.status == "pending"
    assert {p.code for p in org.served_pilots} == {"xiamen", "fuzhou"}
    assert len(org.served_sub_industries) == 2
    assert events_for(org)[0].to_state == "pending"
    page = client.get("/account/profile").get_data(as_text=True)
    assert "待审核" in page


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350200MA2XY", "统一社会信用代码应为18位，您输入了 13 位"),
        ("91350200MA2XYZ1234", "只能由数字和大写字母组成"),
        ("91110000802100433C", "校验位不正确"),
    ],
)
@pytest.mark.parametrize("kind", ["enterprise", "provider"])
def test_bad_credit_code_is_explained_and_creates_nothing(client, kind, code, message):
    form = (
        enterprise_form(credit_code=code)
        if kind == "enterprise"
        else provider_form(credit_code=code)
    )
    before = (count(Organisation), count(User))
    response = client.post(f"/account/register/{kind}", data=form)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert (count(Organisation), count(User)) == before


def test_duplicate_credit_code_is_refused(client, make_organisation):
    existing = make_organisation("enterprise")
    before = count(Organisation)
    response = client.post(
        "/account/register/enterprise", data=enterprise_form(credit_code=existing.credit_code)
    )
    assert "该统一社会信用代码已注册" in response.get_data(as_text=True)
    assert count(Organisation) == before


def test_duplicate_email_is_refused(client, make_user):
    user = make_user("enterprise")
    before = count(Organisation)
    response = client.post("/account/register/provider", data=provider_form(email=user.email))
    assert "该邮箱已注册" in response.get_data(as_text=True)
    assert count(Organisation) == before


@pytest.mark.parametrize(
    ("field", "foreign", "message"),
    [
        ("district_id", lambda city: city.districts[0].id, "所选区县不属于所选试点城市"),
        (
            "sub_industry_id",
            lambda city: city.sub_industries[0].id,
            "所选细分行业不属于所选试点城市",
        ),
    ],
    ids=["district", "sub_industry"],
)
def test_district_or_sub_industry_of_another_city_is_refused(client, field, foreign, message):
    zhuhai = pilot_by_code("zhuhai")
    response = client.post(
        "/account/register/enterprise", data=enterprise_form(**{field: foreign(zhuhai)})
    )
    assert message in response.get_data(as_text=True)
    assert count(Organisation) == 0


def test_provider_sub_industry_outside_served_cities_is_refused(client):
    shenyang = pilot_by_code("shenyang")
    response = client.post(
        "/account/register/provider",
        data=provider_form(sub_industry_ids=[shenyang.sub_industries[0].id]),
    )
    assert "须属于您服务的试点城市" in response.get_data(as_text=True)
    assert count(Organisation) == 0


@pytest.mark.parametrize("phone", ["1380000", "23800000000", "abc"])
def test_bad_phone_is_refused(client, phone):
    response = client.post(
        "/account/register/enterprise", data=enterprise_form(contact_phone=phone)
    )
    assert "请填写11位手机号" in response.get_data(as_text=True)
    assert count(Organisation) == 0


def test_password_confirmation_must_match(client):
    response = client.post("/account/register/enterprise", data=enterprise_form(confirm="other"))
    assert "两次输入的密码不一致" in response.get_data(as_text=True)
    assert count(User) == 0
