"""An enterprise's needs: posting, editing, closing and reopening, and what the need pages
show (its ranked matches, the quote requests sent for it, its event log)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.match_diversity import others_by_provider
from marketplace.services.matching import Match
from marketplace.services.ranked_matches import (
    match_counts,
    stored_leads,
    stored_matches,
    stored_matches_and_rest,
)
from marketplace.services.ranking_log import IMPRESSION_WINDOW, record_ranking, record_rankings
from marketplace.services.workflow import change_state, record_event
from models import Need, NeedMatchView, QuoteRequest, utcnow
from models.stages import STAGES

MATCH_LIMIT = 10
LEVELS = (2, 3, 4)
EDITABLE_FIELDS = (
    "title",
    "description",
    "stages",
    "budget_min",
    "budget_max",
    "expected_start",
    "duration_days",
    "target_level",
    "pain_points",
    "transformation_plan",
    "support_wanted",
)
# the need's structure (福州): each optional, each at most Need.STRUCTURE_MAX characters
STRUCTURE_FIELDS = ("pain_points", "transformation_plan", "support_wanted")


@dataclass
class NeedRow:
    """One line of the enterprise's need list."""

    need: Need
    match_count: int
    request_count: int
    quoted_count: int


def check_need_fields(fields: dict, today: date | None = None) -> None:
    """The rules the forms also check, enforced again here for every other caller."""
    today = today or date.today()
    if not (fields.get("title") or "").strip():
        raise InvalidInput("title_required")
    if not (fields.get("description") or "").strip():
        raise InvalidInput("description_required")
    unknown = set(fields.get("stages") or ()) - set(STAGES)
    if unknown:
        raise InvalidInput("unknown_stage", stages=sorted(unknown))
    low, high = fields.get("budget_min"), fields.get("budget_max")
    if any(v is not None and Decimal(v) < 0 for v in (low, high)):
        raise InvalidInput("budget_negative")
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        raise InvalidInput("budget_order")
    start = fields.get("expected_start")
    if start is not None and start < today:
        raise InvalidInput("start_in_past")
    duration = fields.get("duration_days")
    if duration is not None and duration < 1:
        raise InvalidInput("duration_positive")
    level = fields.get("target_level")
    if level is not None and level not in LEVELS:
        raise InvalidInput("target_level")
    if _too_long(fields, "pain_points"):
        raise InvalidInput("pain_points_too_long")
    if _too_long(fields, "transformation_plan"):
        raise InvalidInput("plan_too_long")
    if _too_long(fields, "support_wanted"):
        raise InvalidInput("support_too_long")


def _too_long(fields: dict, name: str) -> bool:
    return len((fields.get(name) or "").strip()) > Need.STRUCTURE_MAX


def post_need(actor, **fields) -> Need:
    """A new open need of the actor's enterprise; stages may be empty (the matcher infers)."""
    enterprise = actor.organisation
    if enterprise is None or not enterprise.is_enterprise:
        raise NotAllowed("enterprise_only")
    check_need_fields(fields)
    need = Need(enterprise=enterprise, status=Need.OPEN_STATUS)
    _assign(need, fields)
    db.session.add(need)
    db.session.flush()
    record_event(need, None, need.status, actor)
    return need


def update_need(need: Need, actor, **fields) -> Need:
    if not need.is_owned_by(actor):
        raise NotAllowed("not_owner")
    if not need.is_open:
        raise NotAllowed("need_not_open")
    # a field not given keeps its value (the API's PATCH names only what changes)
    fields = {
        name: list(need.stages) if name == "stages" else getattr(need, name)
        for name in EDITABLE_FIELDS
    } | fields
    # a start date already in the past stays acceptable if it was not changed
    check_need_fields(
        fields,
        today=min(date.today(), need.expected_start) if need.expected_start else None,
    )
    _assign(need, fields)
    db.session.flush()
    return need


def _assign(need: Need, fields: dict) -> None:
    for name in EDITABLE_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name == "stages":
            need.stages = [s for s in STAGES if s in set(value or ())]
        elif name in STRUCTURE_FIELDS:  # optional: blank is none
            setattr(need, name, (value or "").strip() or None)
        elif isinstance(value, str):
            setattr(need, name, value.strip())
        else:
            setattr(need, name, value)


def close_need(need: Need, actor, reason: str) -> Need:
    """Close the need; the requests still waiting for an answer or a decision are withdrawn."""
    if not need.is_owned_by(actor):
        raise NotAllowed("not_owner")
    if not (reason or "").strip():
        raise InvalidInput("reason_required")
    change_state(need, "closed", actor, reason.strip())
    for quote_request in open_requests_of(need):
        change_state(quote_request, "withdrawn", actor, reason.strip())
    db.session.flush()
    return need


def reopen_need(need: Need, actor, reason: str | None = None) -> Need:
    if not need.is_owned_by(actor):
        raise NotAllowed("not_owner")
    change_state(need, "open", actor, (reason or "").strip() or None)
    db.session.flush()
    return need


def open_requests_of(need: Need) -> list[QuoteRequest]:
    return list(
        db.session.scalars(
            select(QuoteRequest).where(
                QuoteRequest.need_id == need.id,
                QuoteRequest.status.in_(QuoteRequest.OPEN_STATUSES),
            )
        )
    )


def requests_of(need: Need) -> list[QuoteRequest]:
    return list(
        db.session.scalars(
            select(QuoteRequest)
            .where(QuoteRequest.need_id == need.id)
            .order_by(QuoteRequest.created_at, QuoteRequest.id)
        )
    )


def request_of_provider(need: Need, provider_id: int) -> QuoteRequest | None:
    return db.session.scalar(
        select(QuoteRequest).where(
            QuoteRequest.need_id == need.id, QuoteRequest.provider_id == provider_id
        )
    )


def enterprise_needs_query(enterprise_id: int, status: str | None = None):
    query = select(Need).where(Need.enterprise_id == enterprise_id)
    if status:
        query = query.where(Need.status == status)
    return query.order_by(Need.created_at.desc(), Need.id.desc())


def need_rows(needs: list[Need]) -> list[NeedRow]:
    """Counts for a page of needs: live matches of the open ones, requests and answers."""
    ids = [n.id for n in needs]
    counts = {
        (need_id, status): n
        for need_id, status, n in db.session.execute(
            select(QuoteRequest.need_id, QuoteRequest.status, func.count())
            .where(QuoteRequest.need_id.in_(ids))
            .group_by(QuoteRequest.need_id, QuoteRequest.status)
        )
    }
    matches = match_counts(needs, MATCH_LIMIT)
    rows = []
    for need in needs:
        by_status = {s: n for (nid, s), n in counts.items() if nid == need.id}
        answered = sum(by_status.get(s, 0) for s in ("quoted", "accepted", "not_selected"))
        rows.append(NeedRow(need, matches.get(need.id, 0), sum(by_status.values()), answered))
    return rows


def rank_matches(need: Need) -> list[Match]:
    """The ranked matches of a need, best first, from its stored ranking (a read: storing
    what was shown is record_matches_shown)."""
    return stored_matches(need, MATCH_LIMIT)


def rank_matches_with_others(need: Need) -> tuple[list[Match], dict[int, list[Match]]]:
    """The matches the need page lists (as rank_matches), and under the first product of
    each provider listed, the provider's other matching products (match_diversity)."""
    shown, ranked = stored_matches_and_rest(need, MATCH_LIMIT)
    return shown, others_by_provider(shown, ranked)


def record_matches_shown(need: Need, matches: list[Match], viewer, audience="enterprise") -> None:
    """Store the ranking as shown to `viewer`, for audit and for training the re-ranker; the
    enterprise opening its own need's matches is also counted (record_match_view)."""
    record_ranking(need, matches, viewer, audience)
    if audience == "enterprise" and need.is_owned_by(viewer):
        record_match_view(need)


def record_match_view(need: Need, at=None) -> NeedMatchView:
    """The enterprise opened its need's matches: the first time is kept, later sittings
    counted. An opening within IMPRESSION_WINDOW of the last counted one is the same sitting
    (a reload, a step back from a product page) and writes nothing, as impressions do.

    Two first views racing both insert; the loser's savepoint is rolled back and it counts
    on the winner's row instead.
    """
    at = at or utcnow()
    view = db.session.get(NeedMatchView, need.id)
    if view is None:
        try:
            with db.session.begin_nested():
                view = NeedMatchView(
                    need_id=need.id, first_viewed_at=at, last_viewed_at=at, view_count=1
                )
                db.session.add(view)
            return view
        except IntegrityError:
            view = db.session.get(NeedMatchView, need.id, populate_existing=True)
    if at - view.last_viewed_at < IMPRESSION_WINDOW:
        return view
    view.view_count += 1
    view.last_viewed_at = at
    db.session.flush()
    return view


def rank_leads(provider, limit: int = 60) -> list[tuple[Need, Match]]:
    """From the stored rankings (services/ranked_matches.py)."""
    return stored_leads(provider, limit)


def record_leads(leads: list[tuple[Need, Match]], viewer) -> None:
    """Store the leads shown; each pairing is stored like an enterprise ranking."""
    record_rankings([(need, [match]) for need, match in leads], viewer, "provider")
