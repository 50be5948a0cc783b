"""The blacklist beyond registration: while an entry is in force for the credit code of the
enterprise or of a provider of its project, the project is not filed and the enterprise does
not apply to a pilot round; once the period ends, or a city-level official lifts it early
with a reason, both work again and a suspended provider is reinstated through the review
service."""

from datetime import date, timedelta

import pytest

from marketplace.extensions import db
from marketplace.services import admission, projects, review
from marketplace.services import blacklist as svc
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import events_for
from tests.admission_chain import eligible_data, open_round_for
from tests.conftest import first_user
from tests.project_chain import file_project


def _bar(official, organisation, **kwargs):
    entry = svc.blacklist(
        official, organisation.credit_code, "fraud_pilot_funds", "虚报改造投入", **kwargs
    )
    db.session.commit()
    return entry


def test_a_blacklisted_enterprise_cannot_file_its_project(
    app, client, login, make_project, reviewer
):
    project = make_project("draft")
    official = reviewer(project.enterprise.pilot)
    entry = _bar(official, project.enterprise)
    owner = first_user(project.enterprise)
    with pytest.raises(InvalidInput) as refused:
        file_project(project, owner)
    assert refused.value.code == "blacklisted_filing"
    db.session.rollback()
    assert project.status == "draft"
    last_day = (entry.ends_on - timedelta(days=1)).isoformat()
    login(owner)
    page = client.get(f"/projects/{project.id}/filing").get_data(as_text=True)
    assert f"{project.enterprise.name} 已被列入失信名单，限制期至 {last_day}" in page
    assert "期间不能提交立项申请" in page


def test_a_blacklisted_provider_of_the_project_stops_its_filing(app, make_project, reviewer):
    project = make_project("draft")
    owner = first_user(project.enterprise)
    projects.update_filing(  # the filing filled in while the provider could still act
        project,
        owner,
        contract_no="HT-2026-01",
        contract_signed_on=date.today(),
        start_on=date.today(),
        end_on=date.today() + timedelta(days=90),
        plan="上线MES，打通设备数据",
        target_level=2,
        budget={line.kind: line.amount for line in project.budget_lines},
        integrator_id=project.provider_id,
    )
    db.session.commit()
    _bar(reviewer(project.provider.pilot), project.provider)  # also suspends it
    with pytest.raises(InvalidInput) as refused:
        projects.file_project(project, owner)
    assert refused.value.code == "blacklisted_filing"
    assert refused.value.details["name"] == project.provider.name


def test_a_blacklisted_enterprise_cannot_apply_to_a_pilot_round(
    app, client, login, make_organisation, reviewer
):
    enterprise = make_organisation("enterprise")
    official = reviewer(enterprise.pilot)
    open_round_for(enterprise.pilot, official)
    _bar(official, enterprise)
    owner = first_user(enterprise)
    with pytest.raises(InvalidInput) as refused:
        admission.save_application(enterprise, owner, eligible_data(enterprise))
    assert refused.value.code == "blacklisted_application"
    db.session.rollback()
    assert admission.application_of(enterprise) is None
    login(owner)
    fields = eligible_data(enterprise)
    form = {
        "employee_count": str(fields.employee_count),
        "revenue_wan": str(fields.revenue_wan),
        "digital_level": "1",
        "materials": fields.materials,
        "is_independent_legal_person": "y",
        "has_clean_credit": "y",
        "submit": "submit",
    }
    page = client.post("/admission/apply", data=form, follow_redirects=True)
    assert "已被列入失信名单" in page.get_data(as_text=True)
    assert "期间不能申报试点" in page.get_data(as_text=True)
    assert admission.application_of(enterprise) is None


def test_a_draft_application_is_not_submitted_once_blacklisted(app, make_organisation, reviewer):
    enterprise = make_organisation("enterprise")
    official = reviewer(enterprise.pilot)
    open_round_for(enterprise.pilot, official)
    owner = first_user(enterprise)
    application = admission.save_application(enterprise, owner, eligible_data(enterprise))
    db.session.commit()
    _bar(official, enterprise)
    with pytest.raises(InvalidInput) as refused:
        admission.submit_application(application, owner)
    assert refused.value.code == "blacklisted_application"


def test_after_the_period_the_enterprise_files_again(app, make_project, reviewer):
    project = make_project("draft")
    official = reviewer(project.enterprise.pilot)
    four_years_ago = date.today() - timedelta(days=4 * 366)
    _bar(official, project.enterprise, starts_on=four_years_ago)  # ended a year ago
    file_project(project, first_user(project.enterprise))
    assert project.status == "filed"


def test_lifted_early_with_a_reason_the_filing_goes_through(
    app, client, login, make_project, reviewer
):
    project = make_project("draft")
    official = reviewer(project.enterprise.pilot)
    entry = _bar(official, project.enterprise)
    login(official)
    refused = client.post(f"/supervision/blacklist/{entry.id}/lift", data={"reason": ""})
    assert refused.status_code == 302
    db.session.refresh(entry)
    assert entry.is_in_force()
    page = client.post(
        f"/supervision/blacklist/{entry.id}/lift",
        data={"reason": "经复核，虚报系统计口径错误"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "已提前解除失信名单限制" in page
    db.session.refresh(entry)
    assert not entry.is_in_force()
    assert entry.ends_on == date.today()
    lifted = events_for(entry)[-1]
    assert (lifted.from_state, lifted.to_state, lifted.actor_id) == (
        "in_force",
        "lifted",
        official.id,
    )
    assert lifted.reason == "经复核，虚报系统计口径错误"
    file_project(project, first_user(project.enterprise))
    assert project.status == "filed"


def test_only_the_citys_level_officials_lift(
    app, client, login, make_user, make_organisation, reviewer
):
    enterprise = make_organisation("enterprise")
    entry = _bar(reviewer(enterprise.pilot), enterprise)
    with pytest.raises(NotAllowed):
        svc.lift(entry, make_user("official", pilot_code="fuzhou"), "越权解除")
    district = make_user("official", district=enterprise.district)
    with pytest.raises(NotAllowed):
        svc.lift(entry, district, "区县解除")
    login(make_user("official", pilot_code="fuzhou"))
    assert (
        client.post(f"/supervision/blacklist/{entry.id}/lift", data={"reason": "x"}).status_code
        == 404
    )
    db.session.refresh(entry)
    assert entry.is_in_force()


def test_a_suspended_provider_is_reinstated_only_once_the_entry_no_longer_applies(
    app, client, login, make_organisation, reviewer
):
    provider = make_organisation("provider")
    official = reviewer(provider.pilot)
    entry = _bar(official, provider)
    assert provider.status == "suspended"
    with pytest.raises(InvalidInput) as refused:
        review.review(provider, "reinstate", official)
    assert refused.value.code == "reinstate_blacklisted"
    db.session.rollback()
    login(official)
    page = client.post(
        f"/supervision/providers/{provider.id}/reinstate", follow_redirects=True
    ).get_data(as_text=True)
    assert "失信名单限制期内" in page
    db.session.refresh(provider)
    assert provider.status == "suspended"

    svc.lift(entry, official, "已退回违规资金")
    review.review(provider, "reinstate", official)
    db.session.commit()
    assert provider.status == "approved"
    reinstated = events_for(provider)[-1]
    assert (reinstated.from_state, reinstated.to_state, reinstated.actor_id) == (
        "suspended",
        "approved",
        official.id,
    )
