"""Four eyes on money: an amount above the computed estimate needs a typed reason and a
second, different city official's approval before it takes effect; at or below the estimate
it takes effect at once. The expected figures are written by hand."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.subsidy_confirmation import confirm_subsidy, decide_subsidy_approval
from models import SubsidyApproval, SubsidyPayment, User
from tests.conftest import pilot


def passed_project(make_project):
    """A passed xiamen project whose estimate is known by hand: 40% of the quote's 软件…"""
    return make_project("passed")


def payments_of(project):
    return db.session.scalars(
        select(SubsidyPayment).where(SubsidyPayment.project_id == project.id)
    ).all()


def test_equal_or_below_the_estimate_takes_effect_at_once(app, make_project, reviewer):
    city = reviewer(pilot("xiamen"))
    equal = passed_project(make_project)
    estimate = equal.subsidy_estimate
    confirm_subsidy(equal, city, estimate)
    assert equal.status == "subsidy_confirmed"
    assert equal.subsidy_confirmed == estimate
    below = passed_project(make_project)
    confirm_subsidy(below, city, below.subsidy_estimate - 1000, "核减培训费")
    assert below.status == "subsidy_confirmed"
    assert sum(p.amount for p in payments_of(below)) == below.subsidy_estimate - 1000
    assert db.session.scalars(select(SubsidyApproval)).all() == []


def test_above_the_estimate_needs_a_reason(app, make_project, reviewer):
    project = passed_project(make_project)
    city = reviewer(pilot("xiamen"))
    with pytest.raises(InvalidInput) as refused:
        confirm_subsidy(project, city, project.subsidy_estimate + 1, "  ")
    assert refused.value.code == "excess_reason_required"
    db.session.rollback()
    assert project.status == "passed"
    assert payments_of(project) == []


def test_above_the_estimate_waits_for_a_second_official(app, make_project, reviewer, make_user):
    project = passed_project(make_project)
    first = reviewer(pilot("xiamen"))
    estimate = project.subsidy_estimate
    confirm_subsidy(project, first, estimate + Decimal("5000"), "另行采购的网关纳入支持范围")
    db.session.commit()
    assert project.status == "subsidy_pending"
    assert project.subsidy_confirmed is None
    assert payments_of(project) == []
    (approval,) = project.subsidy_approvals
    assert (approval.status, approval.amount, approval.estimate, approval.proposed_by_id) == (
        "pending",
        estimate + Decimal("5000"),
        estimate,
        first.id,
    )
    # the proposer cannot approve it, nor confirm again, nor can a district official
    with pytest.raises(NotAllowed) as refused:
        decide_subsidy_approval(project, first, True)
    assert refused.value.code == "own_subsidy_excess"
    db.session.rollback()
    with pytest.raises(InvalidInput) as refused:
        confirm_subsidy(project, first, estimate)
    assert refused.value.code == "approval_pending"
    db.session.rollback()
    district = db.session.scalar(
        select(User).where(User.email == f"district.{project.id}@example.cn")
    )
    with pytest.raises(NotAllowed):
        decide_subsidy_approval(project, district, True)
    db.session.rollback()
    assert project.status == "subsidy_pending"
    second = make_user("official", "xiamen")
    decide_subsidy_approval(project, second, True, "核对发票无误")
    db.session.commit()
    assert project.status == "subsidy_confirmed"
    assert project.subsidy_confirmed == estimate + Decimal("5000")
    assert sum(p.amount for p in payments_of(project)) == estimate + Decimal("5000")
    assert (approval.status, approval.decided_by_id) == ("approved", second.id)


def test_a_rejected_excess_goes_back_to_be_confirmed_anew(app, make_project, reviewer, make_user):
    project = passed_project(make_project)
    first = reviewer(pilot("xiamen"))
    confirm_subsidy(project, first, project.subsidy_estimate + 100, "额外培训")
    second = make_user("official", "xiamen")
    with pytest.raises(InvalidInput) as refused:
        decide_subsidy_approval(project, second, False, "")
    assert refused.value.code == "reason_required"
    db.session.rollback()
    decide_subsidy_approval(project, second, False, "培训不在支持范围")
    db.session.commit()
    assert project.status == "passed"
    assert project.subsidy_approvals[0].status == "rejected"
    assert payments_of(project) == []
    confirm_subsidy(project, first)
    assert project.status == "subsidy_confirmed"


def test_the_proposer_gets_no_approval_form_and_a_post_changes_nothing(
    app, client, login, make_project, reviewer, make_user
):
    project = make_project("subsidy_pending")  # proposed by the city's reviewer
    proposer = reviewer(pilot("xiamen"))
    login(proposer)
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "提交复核意见" not in page
    assert "须由另一位市级工信部门人员复核" in page
    client.post(f"/projects/{project.id}/subsidy/approval", data={"sa-decision": "approve"})
    db.session.refresh(project)
    assert project.status == "subsidy_pending"
    login(make_user("official", "xiamen"))
    assert "提交复核意见" in client.get(f"/projects/{project.id}").get_data(as_text=True)
    response = client.post(
        f"/projects/{project.id}/subsidy/approval", data={"sa-decision": "approve"}
    )
    assert response.status_code == 302
    db.session.refresh(project)
    assert project.status == "subsidy_confirmed"


def test_the_city_confirms_and_pays_through_the_project_page(client, login, make_project, reviewer):
    """The forms of the project page reach the services (a broken view is a 500 here)."""
    project = passed_project(make_project)
    login(reviewer(pilot("xiamen")))
    estimate = project.subsidy_estimate
    response = client.post(f"/projects/{project.id}/subsidy/confirm", data={"cs-amount": estimate})
    assert response.status_code == 302
    db.session.expire_all()
    assert project.status == "subsidy_confirmed"
    for payment in payments_of(project):
        response = client.post(
            f"/projects/payments/{payment.id}/paid",
            data={"pay-voucher_no": f"XMCZ-{payment.id}", "pay-paid_on": "2026-11-30"},
        )
        assert response.status_code == 302
    db.session.expire_all()
    assert project.status == "paid"
