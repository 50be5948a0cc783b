"""Every one-click decision on a project page (and an admission application) asks for
confirmation before it is sent (`data-confirm`, read by static/js/page-actions.js), and each
decision form comes after the evidence it decides on in the page."""

import re

from sqlalchemy import select

from marketplace.extensions import db
from models import User
from tests.admission_chain import district_official_of, walk
from tests.conftest import first_user, pilot
from tests.project_chain import district_official


def _district(project) -> User:
    email = f"district.{project.id}@example.cn"
    return db.session.scalar(select(User).where(User.email == email)) or district_official(project)


def _form(page: str, action: str) -> str:
    """The opening tag of the form that posts to `action`."""
    match = re.search(r'<form method="post" action="' + re.escape(action) + r'"[^>]*>', page)
    assert match, f"no form posting to {action}"
    return match.group(0)


def _after(page: str, evidence: str, action: str) -> None:
    """The form posting to `action` comes after every occurrence of `evidence`."""
    form_at = page.index(f'action="{action}"')
    assert evidence in page, evidence
    assert page.rindex(evidence) < form_at, f"{evidence!r} comes after the form {action}"


def test_the_district_review_asks_and_comes_after_the_filing_and_its_documents(
    client, login, make_project
):
    project = make_project("filed")
    login(_district(project))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    action = f"/projects/{project.id}/district-review"
    assert 'data-confirm="确认提交初审意见？"' in _form(page, action)
    _after(page, "立项信息", action)
    _after(page, "HT-TEST-001", action)  # the contract number of the filing
    _after(page, 'id="documents"', action)
    assert 'href="#filing-review"' in page  # the notice at the top points down to it


def test_the_city_review_asks_and_comes_after_the_filing(client, login, make_project, reviewer):
    project = make_project("district_approved")
    login(reviewer(pilot("xiamen")))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    action = f"/projects/{project.id}/city-review"
    assert 'data-confirm="确认提交复核意见？"' in _form(page, action)
    _after(page, "预算明细", action)
    _after(page, 'id="documents"', action)


def test_the_materials_check_asks_and_comes_after_the_acceptance_request(
    client, login, make_project
):
    project = make_project("acceptance_requested")
    login(_district(project))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    action = f"/projects/{project.id}/materials-check"
    assert "data-confirm=" in _form(page, action)
    _after(page, "已按计划上线", action)  # the enterprise's self-evaluation
    _after(page, "发票与付款记录", action)
    _after(page, 'id="documents"', action)  # every file of the project, invoices included


def test_the_verdict_asks_and_comes_after_the_assessment(client, login, make_project, reviewer):
    project = make_project("assessed")
    login(reviewer(pilot("xiamen")))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    action = f"/projects/{project.id}/acceptance-result"
    assert "data-confirm=" in _form(page, action)
    _after(page, "达到改造方案目标", action)  # the agency's findings
    _after(page, "评估报告.pdf", action)


def test_confirming_the_subsidy_and_the_benchmark_ask(client, login, make_project, reviewer):
    project = make_project("passed")
    login(reviewer(pilot("xiamen")))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    confirm = f"/projects/{project.id}/subsidy/confirm"
    assert "data-confirm=" in _form(page, confirm)
    _after(page, "验收结论", confirm)
    benchmark = f"/projects/{project.id}/benchmark"
    if f'action="{benchmark}"' in page:  # only where the city's policy has a benchmark item
        assert "data-confirm=" in _form(page, benchmark)


def test_recording_a_payment_asks(client, login, make_project, reviewer):
    project = make_project("subsidy_confirmed")
    login(reviewer(pilot("xiamen")))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    payment = project.payments[0]
    assert "data-confirm=" in _form(page, f"/projects/payments/{payment.id}/paid")


def test_admission_decisions_ask_on_each_button(client, login, make_organisation, reviewer):
    enterprise = make_organisation("enterprise")
    application = walk(enterprise, "submitted", first_user(enterprise), reviewer(pilot("xiamen")))
    login(district_official_of(enterprise))
    page = client.get(f"/admission/applications/{application.id}").get_data(as_text=True)
    assert 'value="pass" data-confirm="确认初审通过？"' in page
    assert 'value="refuse" data-confirm="确认退回补充？"' in page
    _after(page, "申报材料", f"/admission/applications/{application.id}/check")
