"""The fixtures build objects the way the product does, so the event log of what they build
holds one event per step (who, from, to), as it would after real use."""

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.projects import project_for_quote_request
from marketplace.services.workflow import events_for
from models import (
    Event,
    Expert,
    ExpertReview,
    Need,
    Organisation,
    PilotApplication,
    Product,
    Project,
    QuoteRequest,
)
from tests.conftest import first_user, pilot


def steps(subject) -> list[tuple]:
    return [(e.from_state, e.to_state, e.actor_id) for e in events_for(subject)]


def test_approved_product_logs_its_draft_submission_and_the_officials_approval(
    app, make_product, reviewer
):
    product = make_product()
    owner = first_user(product.provider)
    official = reviewer(pilot("xiamen"))
    assert official.role == "official"
    assert official.pilot_id == product.provider.pilot_id
    assert steps(product) == [
        (None, "draft", owner.id),
        ("draft", "pending", owner.id),
        ("pending", "approved", official.id),
    ]


def test_suspended_product_logs_approval_then_suspension_with_a_reason(app, make_product, reviewer):
    product = make_product(status="suspended")
    official = reviewer(pilot("xiamen"))
    assert steps(product)[2:] == [
        ("pending", "approved", official.id),
        ("approved", "suspended", official.id),
    ]
    assert events_for(product)[-1].reason


def test_rejected_and_draft_products(app, make_product, reviewer):
    rejected = make_product(status="rejected")
    draft = make_product(status="draft")
    official = reviewer(pilot("xiamen"))
    assert [s[:2] for s in steps(rejected)] == [
        (None, "draft"),
        ("draft", "pending"),
        ("pending", "rejected"),
    ]
    assert steps(rejected)[-1][2] == official.id
    assert events_for(rejected)[-1].reason
    assert steps(draft) == [(None, "draft", first_user(draft.provider).id)]


def test_provider_is_registered_then_vetted_by_its_home_city(app, make_organisation, reviewer):
    provider = make_organisation("provider", "fuzhou")
    pending = make_organisation("provider", status="pending")
    official = reviewer(pilot("fuzhou"))
    assert steps(provider) == [
        (None, "pending", first_user(provider).id),
        ("pending", "approved", official.id),
    ]
    assert steps(pending) == [(None, "pending", first_user(pending).id)]


def test_enterprise_is_approved_on_registration(app, make_user):
    user = make_user("enterprise")
    assert steps(user.organisation) == [(None, "approved", user.id)]


def test_closed_need_logs_posting_and_closing_by_its_owner(app, make_need):
    need = make_need(status="closed")
    owner = first_user(need.enterprise)
    assert steps(need) == [(None, "open", owner.id), ("open", "closed", owner.id)]


def test_accepted_quote_logs_request_answer_acceptance_award_and_project(app, accepted_quote):
    request = accepted_quote()
    buyer = first_user(request.need.enterprise)
    seller = first_user(request.provider)
    assert steps(request) == [
        (None, "requested", buyer.id),
        ("requested", "quoted", seller.id),
        ("quoted", "accepted", buyer.id),
    ]
    assert steps(request.need) == [(None, "open", buyer.id), ("open", "awarded", buyer.id)]
    project = project_for_quote_request(request.id)
    assert steps(project) == [(None, "draft", buyer.id)]


def test_declined_request_logs_the_providers_answer(
    app, make_need, make_organisation, make_quote_request
):
    provider = make_organisation("provider")
    request = make_quote_request(make_need(), provider, status="declined")
    assert [s[:2] for s in steps(request)] == [(None, "requested"), ("requested", "declined")]
    assert steps(request)[-1][2] == first_user(provider).id


def test_every_fixture_object_has_an_unbroken_log_ending_in_its_state(
    app, make_user, make_product, make_need, make_quote_request, accepted_quote
):
    """Whatever the fixtures built, each object's events chain from creation (from None)
    to its present state, each step starting where the previous one ended."""
    make_user("provider", status="suspended")
    for status in ("draft", "pending", "approved", "rejected", "suspended", "removed"):
        make_product(status=status)
    make_need(status="closed")
    accepted_quote("fuzhou")
    db.session.commit()
    checked = 0
    # the pilot applications the fixtures walk to admission too, and the expert panels (福州)
    models = (Organisation, Product, Need, QuoteRequest, Project, PilotApplication)
    for model in (*models, Expert, ExpertReview):
        for subject in db.session.scalars(select(model)):
            log = events_for(subject)
            assert log, subject
            assert log[0].from_state is None
            assert all(a.to_state == b.from_state for a, b in zip(log, log[1:], strict=False))
            assert log[-1].to_state == subject.status
            checked += 1
    assert checked == db.session.scalar(
        select(
            db.func.count(
                db.distinct(Event.subject_type + ":" + db.cast(Event.subject_id, db.String))
            )
        )
    )


def test_paid_project_logs_every_step_of_its_lifecycle_with_who_took_it(
    app, make_project, reviewer
):
    project = make_project("paid")
    owner = first_user(project.enterprise)
    city = reviewer(pilot("xiamen"))
    log = events_for(project)
    moves = [(e.from_state, e.to_state) for e in log if e.from_state != e.to_state]
    assert moves == [
        (None, "draft"),
        ("draft", "filed"),
        ("filed", "district_approved"),
        ("district_approved", "in_progress"),
        ("in_progress", "acceptance_requested"),
        ("acceptance_requested", "materials_checked"),
        ("materials_checked", "under_assessment"),
        ("under_assessment", "assessed"),
        ("assessed", "passed"),
        ("passed", "subsidy_confirmed"),
        ("subsidy_confirmed", "paid"),
    ]
    actors = {e.to_state: e.actor for e in log}
    assert actors["filed"] == owner
    assert actors["acceptance_requested"] == owner
    district = actors["district_approved"]
    assert (district.role, district.district_id) == ("official", project.district_id)
    assert actors["materials_checked"] == district
    assert actors["assessed"].organisation_id == project.assessor_id
    assert actors["assessed"].role == "assessor"
    for state in ("under_assessment",):
        assert actors[state] == city
    for state in ("in_progress", "passed", "subsidy_confirmed", "paid"):
        assert actors[state] == city
    instalments = [e for e in log if e.from_state == e.to_state == "subsidy_confirmed"]
    assert len(instalments) == len(project.payments) >= 1


@pytest.mark.parametrize(
    "status",
    [
        "cancelled",
        "returned",
        "in_progress",
        "rectifying",
        "failed",
        "subsidy_confirmed",
        "materials_returned",
        "under_assessment",
        "subsidy_pending",
    ],
)
def test_project_fixture_reaches_each_state_with_an_unbroken_log(app, make_project, status):
    project = make_project(status)
    log = events_for(project)
    assert project.status == status
    assert log[0].from_state is None
    assert all(a.to_state == b.from_state for a, b in zip(log, log[1:], strict=False))
    assert log[-1].to_state == status
