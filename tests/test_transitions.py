"""The allowed moves of every aggregate, written out by hand from the product rules (not
read from the models' TRANSITIONS), checked against what change_state does: every pair of
states is tried, so a table entry too many or too few fails here."""

import pytest

from marketplace.extensions import db
from marketplace.services import projects as project_svc
from marketplace.services import quotes as quote_svc
from marketplace.services import review
from marketplace.services.errors import InvalidTransition, NotAllowed
from marketplace.services.workflow import change_state, events_for
from models import Project

ORGANISATION_STATES = ("pending", "approved", "rejected", "suspended", "removed")
ORGANISATION_MOVES = {
    ("pending", "approved"),  # an official vets the provider
    ("pending", "rejected"),
    ("rejected", "pending"),  # the provider edits and resubmits
    ("approved", "suspended"),
    ("approved", "removed"),  # 清退
    ("suspended", "approved"),  # reinstated
    ("suspended", "removed"),
}

PRODUCT_STATES = ("draft", "pending", "approved", "rejected", "suspended", "removed")
PRODUCT_MOVES = {
    ("draft", "pending"),  # submitted for review
    ("pending", "approved"),
    ("pending", "rejected"),
    ("rejected", "pending"),  # resubmitted after changes
    ("approved", "pending"),  # an edit of an approved product goes back to review
    ("approved", "suspended"),
    ("approved", "removed"),
    ("suspended", "approved"),
    ("suspended", "removed"),
}

NEED_STATES = ("open", "awarded", "closed")
NEED_MOVES = {
    ("open", "awarded"),  # a quote was accepted
    ("open", "closed"),
    ("awarded", "closed"),
    ("awarded", "open"),
    ("closed", "open"),  # reopened
}

QUOTE_REQUEST_STATES = ("requested", "quoted", "declined", "accepted", "not_selected", "withdrawn")
QUOTE_REQUEST_MOVES = {
    ("requested", "quoted"),
    ("requested", "declined"),
    ("requested", "withdrawn"),
    ("requested", "not_selected"),  # another provider was chosen before this one answered
    ("quoted", "quoted"),  # a revised quote
    ("quoted", "accepted"),
    ("quoted", "not_selected"),
    ("quoted", "withdrawn"),
}

PROJECT_STATES = (
    "draft",
    "filed",
    "returned",
    "district_approved",
    "in_progress",
    "acceptance_requested",
    "materials_returned",
    "materials_checked",
    "under_assessment",
    "assessed",
    "rectifying",
    "passed",
    "failed",
    "subsidy_pending",
    "subsidy_confirmed",
    "paid",
    "cancelled",
)
PROJECT_MOVES = {
    ("draft", "filed"),
    ("draft", "cancelled"),
    ("filed", "district_approved"),
    ("filed", "returned"),  # 退回修改 by the district
    ("returned", "filed"),
    ("returned", "cancelled"),
    ("district_approved", "in_progress"),  # city approval
    ("district_approved", "returned"),  # 退回修改 by the city
    ("in_progress", "acceptance_requested"),
    ("acceptance_requested", "materials_checked"),  # 板块初审: the district finds them complete
    ("acceptance_requested", "materials_returned"),  # … or returns them, saying what is missing
    ("materials_returned", "acceptance_requested"),  # the enterprise completes and resubmits
    ("materials_checked", "under_assessment"),  # the city assigns the assessment agency
    ("under_assessment", "assessed"),  # the agency submits its assessment
    ("assessed", "passed"),  # the city's verdict on the assessment
    ("assessed", "rectifying"),
    ("assessed", "failed"),
    ("rectifying", "acceptance_requested"),
    ("rectifying", "failed"),
    ("passed", "subsidy_confirmed"),  # at or below the estimate
    ("passed", "subsidy_pending"),  # above it: waits for a second city official
    ("subsidy_pending", "subsidy_confirmed"),  # approved by the second official
    ("subsidy_pending", "passed"),  # rejected: confirmed anew
    ("subsidy_confirmed", "paid"),
}

# Moves that must never exist, whatever else changes in the tables.
MUST_NEVER = {
    "organisation": [("removed", "approved"), ("removed", "pending"), ("rejected", "approved")],
    "product": [
        ("rejected", "approved"),  # only after resubmission and a new review
        ("draft", "approved"),  # never into the catalog unreviewed
        ("removed", "approved"),
        ("suspended", "pending"),
    ],
    "need": [("closed", "awarded")],
    "quote_request": [
        ("accepted", "withdrawn"),
        ("accepted", "not_selected"),
        ("declined", "quoted"),
        ("not_selected", "accepted"),
        ("withdrawn", "quoted"),
    ],
    "project": [
        ("paid", "in_progress"),
        ("paid", "subsidy_confirmed"),
        ("failed", "passed"),
        ("cancelled", "draft"),
        ("draft", "in_progress"),  # no project skips filing and both reviews
        ("filed", "in_progress"),  # nor the district review
        ("in_progress", "passed"),  # nor the acceptance request
        ("passed", "paid"),  # nor the subsidy confirmation
        ("acceptance_requested", "passed"),  # no verdict without the materials checked
        ("acceptance_requested", "rectifying"),
        ("acceptance_requested", "failed"),
        ("materials_checked", "passed"),  # nor without the third-party assessment
        ("under_assessment", "passed"),
        ("materials_returned", "materials_checked"),  # returned materials come back first
        ("subsidy_pending", "paid"),  # nothing is paid before the second approval
    ],
}

EXPECTED = {
    "organisation": (ORGANISATION_STATES, ORGANISATION_MOVES),
    "product": (PRODUCT_STATES, PRODUCT_MOVES),
    "need": (NEED_STATES, NEED_MOVES),
    "quote_request": (QUOTE_REQUEST_STATES, QUOTE_REQUEST_MOVES),
    "project": (PROJECT_STATES, PROJECT_MOVES),
}


@pytest.fixture
def subjects(make_organisation, make_product, make_need, make_quote_request, accepted_quote):
    """One object of each aggregate, built through the services."""
    quote_request = accepted_quote()
    return {
        "organisation": make_organisation("provider"),
        "product": make_product(status="draft"),
        "need": make_need(),
        "quote_request": make_quote_request(make_need(), make_organisation("provider")),
        "project": project_svc.project_for_quote_request(quote_request.id),
    }


def moves_change_state_allows(subject, states) -> set[tuple[str, str]]:
    """Try every (from, to) pair on `subject`: which does change_state carry out, and is
    each carried-out move logged and each refused one left without a trace?"""
    allowed = set()
    for from_state in states:
        for to_state in states:
            subject.status = from_state
            logged = len(events_for(subject))
            try:
                change_state(subject, to_state, None, "transition test")
            except InvalidTransition:
                assert subject.status == from_state
                assert len(events_for(subject)) == logged
                continue
            db.session.flush()
            (event,) = events_for(subject)[logged:]
            assert (event.from_state, event.to_state, subject.status) == (
                from_state,
                to_state,
                to_state,
            )
            allowed.add((from_state, to_state))
    return allowed


@pytest.mark.parametrize("aggregate", list(EXPECTED))
def test_change_state_allows_exactly_the_written_moves(app, subjects, aggregate):
    states, moves = EXPECTED[aggregate]
    assert moves_change_state_allows(subjects[aggregate], states) == moves
    db.session.rollback()


@pytest.mark.parametrize("aggregate", list(MUST_NEVER))
def test_must_never_moves_are_refused(app, subjects, aggregate):
    subject = subjects[aggregate]
    for from_state, to_state in MUST_NEVER[aggregate]:
        subject.status = from_state
        with pytest.raises(InvalidTransition):
            change_state(subject, to_state, None, "transition test")
        assert subject.status == from_state
    db.session.rollback()


def test_written_must_nevers_are_not_among_the_written_moves():
    for aggregate, never in MUST_NEVER.items():
        assert not set(never) & EXPECTED[aggregate][1], aggregate


def test_rejected_product_is_approved_only_after_resubmission(app, make_product, reviewer):
    product = make_product(status="rejected")
    official = reviewer(product.provider.pilot)
    with pytest.raises(InvalidTransition):
        review.review(product, "approve", official)
    assert product.status == "rejected"
    owner = product.provider  # resubmission is the provider's, through the catalog service
    from marketplace.services.products import submit_product
    from tests.conftest import first_user

    submit_product(product, first_user(owner))
    review.review(product, "approve", official)
    assert product.status == "approved"


def test_paid_project_goes_nowhere(app, accepted_quote):
    project = project_svc.project_for_quote_request(accepted_quote().id)
    project.status = "paid"
    for to_state in PROJECT_STATES:
        with pytest.raises(InvalidTransition):
            change_state(project, to_state, None)
    assert project.status == "paid"
    assert isinstance(project, Project)


def test_accepted_request_cannot_be_withdrawn_or_requoted(app, accepted_quote):
    from tests.conftest import first_user

    request = accepted_quote()
    with pytest.raises(NotAllowed):
        quote_svc.withdraw_request(request, first_user(request.need.enterprise))
    with pytest.raises(NotAllowed):
        quote_svc.submit_quote(
            request,
            first_user(request.provider),
            lines=[],
            valid_until=None,
            delivery_days=30,
        )
    assert request.status == "accepted"
