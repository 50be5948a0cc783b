"""The blacklist: a city-level official bars a 统一社会信用代码 under a rule (沈阳: three years
by default) with the paid subsidy to claw back; during the period the code cannot register,
afterwards it can; a blacklisted provider is suspended through the review service."""

from datetime import date, timedelta

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services.credit_code import make_credit_code
from marketplace.services.workflow import events_for, provider_may_act
from models import BlacklistEntry, Organisation
from tests.conftest import first_user
from tests.test_auth_registration import enterprise_form

CODE = make_credit_code(9001)  # the code enterprise_form registers with


def _blacklist(client, **fields):
    data = {
        "credit_code": CODE,
        "name": "厦门鹭岛精密电子有限公司",
        "rule": "fraud_pilot_funds",
        "reason": "虚报改造投入，骗取试点资金",
    } | fields
    return client.post("/supervision/blacklist/", data=data, follow_redirects=True)


def _register(client):
    client.post("/auth/logout")
    with client.session_transaction() as session:
        session.clear()
    return client.post("/account/register/enterprise", data=enterprise_form())


def _organisations() -> int:
    return db.session.scalar(select(func.count(Organisation.id)))


def test_a_blacklisted_code_cannot_register_for_three_years(app, client, login, make_user):
    login(make_user("official"))
    assert "已列入失信名单" in _blacklist(client).get_data(as_text=True)
    entry = db.session.scalar(select(BlacklistEntry))
    assert entry.starts_on == date.today()
    today = date.today()
    three_years = (
        today.replace(year=today.year + 3) if (today.month, today.day) != (2, 29) else None
    )
    assert entry.ends_on == (three_years or date(today.year + 3, 2, 28))
    assert [e.to_state for e in events_for(entry)] == ["in_force"]

    before = _organisations()
    page = _register(client).get_data(as_text=True)
    assert "已被列入失信名单" in page
    assert entry.ends_on.isoformat() in page
    assert _organisations() == before


def test_the_code_registers_again_once_the_period_is_over(app, client, login, make_user):
    login(make_user("official"))
    four_years_ago = date.today() - timedelta(days=4 * 366)
    _blacklist(client, starts_on=four_years_ago.isoformat())  # ended a year ago
    entry = db.session.scalar(select(BlacklistEntry))
    assert entry.ends_on < date.today()

    before = _organisations()
    response = _register(client)
    assert response.status_code == 302
    assert _organisations() == before + 1


def test_a_blacklisted_provider_is_suspended_and_may_no_longer_act(
    app, client, login, make_user, make_organisation
):
    provider = make_organisation("provider")
    login(make_user("official"))
    _blacklist(client, credit_code=provider.credit_code, rule="unresolved_complaints", name="")
    db.session.refresh(provider)
    assert provider.status == "suspended"
    assert events_for(provider)[-1].reason == "虚报改造投入，骗取试点资金"
    assert not provider_may_act(first_user(provider))
    entry = db.session.scalar(select(BlacklistEntry))
    assert (entry.organisation_id, entry.name) == (provider.id, provider.name)


def test_the_clawback_defaults_to_the_subsidy_paid(app, client, login, make_user, make_project):
    project = make_project("paid")
    assert project.subsidy_confirmed > 0
    login(make_user("official"))
    _blacklist(client, credit_code=project.enterprise.credit_code, name="")
    entry = db.session.scalar(select(BlacklistEntry))
    assert entry.clawback_amount == project.subsidy_confirmed  # paid in full

    _blacklist(client, credit_code=make_credit_code(9100), clawback_amount="12345.6")
    other = db.session.scalars(select(BlacklistEntry).order_by(BlacklistEntry.id.desc())).first()
    assert str(other.clawback_amount) == "12345.60"


def test_bad_input_is_explained_and_saves_nothing(app, client, login, make_user):
    login(make_user("official"))
    assert "统一社会信用代码" in _blacklist(client, credit_code="123").get_data(as_text=True)
    unnamed = _blacklist(client, name="").get_data(as_text=True)
    assert "该信用代码未在平台注册，请填写单位名称" in unnamed
    ended = _blacklist(client, starts_on="2026-01-10", ends_on="2026-01-01").get_data(as_text=True)
    assert "限制结束日期须晚于开始日期" in ended
    assert db.session.scalar(select(func.count(BlacklistEntry.id))) == 0


def test_only_city_level_officials_blacklist_and_each_city_sees_its_own(
    app, client, login, make_user, make_organisation
):
    enterprise = make_organisation("enterprise")
    district = make_user("official", district=enterprise.district)
    login(district)
    assert _blacklist(client).status_code == 403
    login(make_user("enterprise"))
    assert client.get("/supervision/blacklist/").status_code == 403

    login(make_user("official"))
    _blacklist(client)
    login(district)  # a district official reads the city's list
    assert CODE in client.get("/supervision/blacklist/").get_data(as_text=True)
    login(make_user("official", pilot_code="shenyang"))
    assert CODE not in client.get("/supervision/blacklist/").get_data(as_text=True)
