"""Panel review of a provider's or a product's application, in the cities whose data says
`review_mode: panel` (services/expert_rules.py):

form_panel (3–5 experts of the city's pool, none with a declared conflict with the applicant,
drawn or picked by the vetting official) → score_application (each seated expert, on the
city's criteria, with a comment) → decide_application (the official, with every score in
view) → in a city with a notice period, 公示: file_objection by anyone signed in,
resolve_objection by the official (upheld: the listing is blocked) → close_publicity at the
end of the period (the official, or `flask experts close-publicity` as the system).

The applicant stays `pending` until the listing goes live; every step is an event on the
review (and the decisions on the applicant too), through services/workflow.py.
"""

import random
from datetime import date, timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import notifications
from marketplace.services.errors import InvalidInput, InvalidTransition, NotAllowed
from marketplace.services.expert_rules import (
    SCORE_MAX,
    SCORE_MIN,
    city_review,
    criteria_for,
    weighted_total,
)
from marketplace.services.experts import eligible_experts, expert_of, expertise_overlap
from marketplace.services.workflow import (
    change_state,
    record_event,
    require_action,
    require_transition,
)
from models import (
    Expert,
    ExpertReview,
    Nomination,
    Organisation,
    PanelSeat,
    Product,
    PublicityObjection,
)
from models.access import Who, may
from models.base import utcnow

COMMENT_LIMIT = 1000
OBJECTION_LIMIT = 1000
SUBJECT_MODELS = {"organisations": Organisation, "products": Product, "nominations": Nomination}


def applicant_of(subject: Organisation | Product) -> Organisation:
    return subject.provider if isinstance(subject, Product) else subject


def uses_panel(subject: Organisation | Product) -> bool:
    return city_review(applicant_of(subject).pilot.code).is_panel


def subject_of(review: ExpertReview) -> Organisation | Product:
    return db.session.get(SUBJECT_MODELS[review.subject_type], review.subject_id)


def reviews_of(subject) -> list[ExpertReview]:
    return list(
        db.session.scalars(
            select(ExpertReview)
            .where(
                ExpertReview.subject_type == subject.__tablename__,
                ExpertReview.subject_id == subject.id,
            )
            .order_by(ExpertReview.id)
        )
    )


def open_review_of(subject) -> ExpertReview | None:
    return next((r for r in reviews_of(subject) if r.status in ExpertReview.OPEN_STATUSES), None)


def form_panel(
    subject: Organisation | Product, actor, expert_ids=None, size: int | None = None
) -> ExpertReview:
    """A panel for the pending application: the experts picked (`expert_ids`) or `size` drawn
    from those eligible, those covering the application's fields first. Raises InvalidInput
    when the size is out of the city's bounds or the pool cannot make the panel, NotAllowed
    for a picked expert with a conflict or from another pool."""
    if isinstance(subject, Organisation) and not subject.is_provider:
        raise NotAllowed()
    if not may(actor, subject, Who.VETTER):
        raise NotAllowed("not_vetter")
    applicant = applicant_of(subject)
    rules = city_review(applicant.pilot.code)
    if not rules.is_panel:
        raise InvalidInput("city_reviews_single")
    if subject.status != "pending":
        raise InvalidTransition(
            subject=subject.__tablename__, from_state=subject.status, to_state="scoring"
        )
    if open_review_of(subject) is not None:
        raise InvalidInput("panel_exists")
    criteria = criteria_for(applicant.pilot.code, subject.__tablename__)
    return seat_panel(subject, applicant, criteria, actor, expert_ids, size)


def seat_panel(subject, applicant, criteria, actor, expert_ids=None, size=None, city_level=False):
    """The review of `subject` with its panel: the experts picked or drawn from those of the
    applicant's city with no conflict with it, within the city's panel size. A city-level
    review (a selection round's) is in no district, so only city-level staff run it."""
    rules = city_review(applicant.pilot.code)
    eligible = eligible_experts(applicant.pilot_id, applicant)
    if expert_ids:
        experts = _picked(expert_ids, eligible, applicant)
    else:
        experts = _drawn(subject, eligible, size or rules.panel_min, rules)
    if not rules.panel_min <= len(experts) <= rules.panel_max:
        raise InvalidInput("panel_size", min=rules.panel_min, max=rules.panel_max)
    review = ExpertReview(
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        provider_id=applicant.id,
        pilot_id=applicant.pilot_id,
        district_id=None if city_level else applicant.district_id,
        criteria=[{"key": c["key"], "weight": c["weight"]} for c in criteria],
        created_by_id=actor.id,
        seats=[PanelSeat(expert=e) for e in experts],
    )
    db.session.add(review)
    db.session.flush()
    record_event(
        review,
        None,
        "scoring",
        actor,
        reason_code="panel_formed",
        reason_args={"experts": "、".join(e.name for e in experts)},
    )
    return review


def _picked(expert_ids, eligible: list[Expert], applicant: Organisation) -> list[Expert]:
    by_id = {e.id: e for e in eligible}
    picked = []
    for expert_id in dict.fromkeys(int(i) for i in expert_ids):
        expert = by_id.get(expert_id)
        if expert is None:
            other = db.session.get(Expert, expert_id)
            if other is not None and other.pilot_id == applicant.pilot_id:
                raise NotAllowed("expert_conflict", name=other.name)
            raise NotAllowed("expert_not_in_pool")
        picked.append(expert)
    return picked


def _drawn(subject, eligible: list[Expert], size: int, rules) -> list[Expert]:
    if not rules.panel_min <= size <= rules.panel_max:
        raise InvalidInput("panel_size", min=rules.panel_min, max=rules.panel_max)
    if len(eligible) < size:
        raise InvalidInput("panel_pool_too_small", eligible=len(eligible), needed=size)
    stages, sub_ids = _fields(subject)
    shuffled = list(eligible)
    random.SystemRandom().shuffle(shuffled)  # equals in expertise are drawn by lot
    shuffled.sort(key=lambda e: -expertise_overlap(e, stages, sub_ids))
    return shuffled[:size]


def _fields(subject) -> tuple[list[str], list[int]]:
    if isinstance(subject, Product):
        return list(subject.stages), [s.id for s in subject.sub_industries]
    if isinstance(subject, Organisation) and subject.is_provider:
        return [], [s.id for s in subject.served_sub_industries]
    return [], []


def seat_of(review: ExpertReview, user) -> PanelSeat | None:
    expert = expert_of(user)
    if expert is None:
        return None
    return next((s for s in review.seats if s.expert_id == expert.id), None)


def score_application(review: ExpertReview, actor, scores: dict, comment: str) -> PanelSeat:
    """The seated expert's scores (every criterion, SCORE_MIN..SCORE_MAX) and comment; may be
    revised while the panel is scoring."""
    require_action(review, "score", actor)
    if review.status != "scoring":
        raise InvalidTransition(
            subject=review.__tablename__, from_state=review.status, to_state="scoring"
        )
    seat = seat_of(review, actor)
    if seat.expert.conflicts_with(review.provider):
        raise NotAllowed("expert_conflict_declared")
    clean = {}
    for criterion in review.criteria:
        value = scores.get(criterion["key"])
        if not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
            raise InvalidInput("score_range", min=SCORE_MIN, max=SCORE_MAX)
        clean[criterion["key"]] = value
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput("comment_required")
    if len(comment) > COMMENT_LIMIT:
        raise InvalidInput("comment_too_long", limit=COMMENT_LIMIT)
    seat.scores, seat.comment = clean, comment
    seat.total = weighted_total(review.criteria, clean)
    revised = seat.scored_at is not None
    seat.scored_at = utcnow()
    db.session.flush()
    record_event(
        review,
        "scoring",
        "scoring",
        actor,
        reason_code="expert_rescored" if revised else "expert_scored",
        reason_args={"expert": seat.expert.name, "total": seat.total},
    )
    notifications.settle(actor, "panel_seated", review)  # the request to score is answered
    return seat


def average_total(review: ExpertReview) -> float | None:
    totals = [s.total for s in review.seats if s.total is not None]
    return round(sum(totals) / len(totals), 1) if totals else None


def decide_application(
    review: ExpertReview, actor, approve: bool, reason: str | None = None, today=None
):
    """The official's decision once every seated expert has scored. Approval starts the
    notice where the city has one (the applicant stays pending), else lists at once;
    rejection needs a reason and rejects the applicant."""
    today = today or date.today()
    applicant = applicant_of(subject_of(review))
    days = city_review(applicant.pilot.code).publicity_days
    target = ("publicity" if days else "approved") if approve else "rejected"
    require_transition(review, target, actor)
    if review.status != "scoring":
        raise InvalidTransition(
            subject=review.__tablename__, from_state=review.status, to_state=target
        )
    missing = sum(1 for s in review.seats if s.scored_at is None)
    if missing:
        raise InvalidInput("panel_scores_missing", missing=missing)
    reason = (reason or "").strip() or None
    if not approve and reason is None:
        raise InvalidInput("reason_required")
    review.decided_by_id, review.decided_at = actor.id, utcnow()
    args = {"total": average_total(review)}
    if target == "publicity":
        review.publicity_ends_on = today + timedelta(days=days)
        args["until"] = review.publicity_ends_on.isoformat()
        return change_state(
            review, target, actor, reason, reason_code="publicity_started", reason_args=args
        )
    code = "panel_approved" if approve else "panel_rejected"
    change_state(review, target, actor, reason, reason_code=code, reason_args=args)
    return change_state(
        subject_of(review), target, actor, reason, reason_code=code, reason_args=args
    )


def file_objection(review: ExpertReview, actor, text: str, today=None) -> PublicityObjection:
    """An objection during the notice, by anyone signed in (not the applicant itself)."""
    today = today or date.today()
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed()
    if review.status != "publicity" or today > review.publicity_ends_on:
        raise InvalidInput("publicity_closed")
    if actor.organisation_id is not None and actor.organisation_id == review.provider_id:
        raise NotAllowed("own_application")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("objection_required")
    if len(text) > OBJECTION_LIMIT:
        raise InvalidInput("text_too_long", limit=OBJECTION_LIMIT)
    objection = PublicityObjection(review=review, filed_by_id=actor.id, text=text)
    db.session.add(objection)
    db.session.flush()
    record_event(objection, None, "filed", actor)
    return objection


def resolve_objection(objection: PublicityObjection, actor, uphold: bool, reason: str):
    """Uphold (the application is rejected, its listing blocked) or dismiss, with reasons."""
    target = "upheld" if uphold else "dismissed"
    require_transition(objection, target, actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason_required")
    objection.resolved_by_id, objection.resolved_at = actor.id, utcnow()
    event = change_state(objection, target, actor, reason)
    if uphold:
        review = objection.review
        change_state(review, "rejected", actor, reason, reason_code="objection_upheld")
        change_state(subject_of(review), "rejected", actor, reason, reason_code="objection_upheld")
    return event


def open_objections(review: ExpertReview) -> list[PublicityObjection]:
    return [o for o in review.objections if o.status == "filed"]


def close_publicity(review: ExpertReview, actor=None, today=None):
    """The listing goes live after the last day of the notice, when no objection is open
    (an upheld one has already rejected it). `actor` None is the system."""
    today = today or date.today()
    require_transition(review, "approved", actor)
    if review.status != "publicity":
        raise InvalidTransition(
            subject=review.__tablename__, from_state=review.status, to_state="approved"
        )
    if today <= review.publicity_ends_on:
        raise InvalidInput("publicity_running", until=review.publicity_ends_on.isoformat())
    waiting = open_objections(review)
    if waiting:
        raise InvalidInput("objections_open", count=len(waiting))
    change_state(review, "approved", actor, reason_code="publicity_passed")
    return change_state(subject_of(review), "approved", actor, reason_code="publicity_passed")


def close_due_publicity(today=None) -> int:
    """Every notice past its last day with no open objection goes live; returns how many."""
    today = today or date.today()
    due = db.session.scalars(
        select(ExpertReview).where(
            ExpertReview.status == "publicity", ExpertReview.publicity_ends_on < today
        )
    )
    closed = 0
    for review in list(due):
        if not open_objections(review):
            close_publicity(review, None, today)
            closed += 1
    return closed


def in_publicity() -> list[ExpertReview]:
    """Every notice running, for the public 公示 page (newest first)."""
    return list(
        db.session.scalars(
            select(ExpertReview)
            .where(ExpertReview.status == "publicity")
            .order_by(ExpertReview.publicity_ends_on.desc(), ExpertReview.id.desc())
        )
    )


def assignments_of(user) -> list[ExpertReview]:
    """The panels the expert sits on, open ones first."""
    return list(
        db.session.scalars(
            select(ExpertReview)
            .where(ExpertReview.seated_clause(user))
            .order_by(ExpertReview.status != "scoring", ExpertReview.id.desc())
        )
    )


def panel_queue(jurisdiction) -> list[ExpertReview]:
    """The open panel reviews the official vets."""
    if jurisdiction is None:
        return []
    return list(
        db.session.scalars(
            select(ExpertReview)
            .where(
                ExpertReview.status.in_(ExpertReview.OPEN_STATUSES),
                ExpertReview.in_jurisdiction(jurisdiction),
            )
            .order_by(ExpertReview.id)
        )
    )
