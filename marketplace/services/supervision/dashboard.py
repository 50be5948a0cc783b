"""The supervision dashboard: the matchmaking funnel (overall, by sub-industry, by
district), providers by enterprises served, stale needs, slow providers and the digital
level figures, with the weekly activity and the project figures beside them."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from marketplace.extensions import db
from marketplace.services.complaints import overdue_complaints
from marketplace.services.supervision.activity import Activity, activity
from marketplace.services.supervision.admission_figures import admission_figures
from marketplace.services.supervision.lists import filter_needs
from marketplace.services.supervision.projects import project_figures
from marketplace.services.supervision.scope import (
    Scope,
    count_in_scope,
    enterprise_conditions,
    of_needs_in_scope,
    place_names,
    scope_pilots,
)
from models import MatchResult, Need, NeedMatchView, Organisation, Project, Quote, QuoteRequest

STALE_NEED_DAYS = 14
SLOW_PROVIDER_DAYS = 7
RESPONDED_STATUSES = ("quoted", "accepted", "not_selected", "declined")


@dataclass
class Dashboard:
    activity: Activity
    totals: dict
    by_sub_industry: list[dict]
    by_district: list[dict]
    providers: list[dict]
    stale_needs: list[Need]
    slow_providers: list[dict]
    projects: dict  # see project_figures
    levels: dict
    admission: dict = field(default_factory=dict)  # see admission_figures
    # complaints unanswered past the city's deadline (services/complaints.py), as plain rows
    overdue_complaints: list[dict] = field(default_factory=list)


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _pct(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _responded(request) -> bool:
    return request.status in RESPONDED_STATUSES or request.submitted_at is not None


def _request_rows(scope: Scope, sub_industry_id=None, district_id=None) -> list:
    """One row per quote request from an enterprise in the scope, with its quote's
    submission and the enterprise's places."""
    ent = aliased(Organisation)
    query = (
        select(
            QuoteRequest.id.label("id"),
            QuoteRequest.need_id.label("need_id"),
            QuoteRequest.provider_id.label("provider_id"),
            QuoteRequest.status.label("status"),
            QuoteRequest.created_at.label("created_at"),
            Quote.submitted_at.label("submitted_at"),
            ent.id.label("enterprise_id"),
            ent.sub_industry_id.label("sub_industry_id"),
            ent.district_id.label("district_id"),
        )
        .join(Need, QuoteRequest.need_id == Need.id)
        .outerjoin(Quote, Quote.request_id == QuoteRequest.id)
    )
    return list(
        db.session.execute(of_needs_in_scope(query, ent, scope, sub_industry_id, district_id))
    )


def _need_rows(scope: Scope, sub_industry_id=None, district_id=None) -> list:
    """One row per need of an enterprise in the scope: its places and whether the
    enterprise opened its matches: the recorded view (services/needs.py record_match_view),
    or, for views from before it was recorded, a ranking logged as shown to the enterprise."""
    ent = aliased(Organisation)
    viewed = select(NeedMatchView.need_id).union(
        select(MatchResult.need_id).where(MatchResult.audience == "enterprise")
    )
    query = select(
        Need.id.label("id"),
        Need.status.label("status"),
        Need.created_at.label("created_at"),
        ent.sub_industry_id.label("sub_industry_id"),
        ent.district_id.label("district_id"),
        Need.id.in_(viewed).label("viewed"),
    )
    return list(
        db.session.execute(of_needs_in_scope(query, ent, scope, sub_industry_id, district_id))
    )


def _funnel(needs: list, requests: list) -> dict:
    """The matchmaking funnel over the given rows (one row per need / per quote request)."""
    responded = [r for r in requests if _responded(r)]
    first_request: dict[int, datetime] = {}
    first_quote: dict[int, datetime] = {}
    for r in requests:
        if r.need_id not in first_request or r.created_at < first_request[r.need_id]:
            first_request[r.need_id] = r.created_at
        if r.submitted_at and (
            r.need_id not in first_quote or r.submitted_at < first_quote[r.need_id]
        ):
            first_quote[r.need_id] = r.submitted_at
    hours = [
        (first_quote[n] - first_request[n]).total_seconds() / 3600
        for n in first_quote
        if n in first_request
    ]
    median = _median(hours)
    return {
        "needs": len(needs),
        "needs_viewed": sum(1 for n in needs if n.viewed),
        "requests": len(requests),
        "responded": len(responded),
        "response_rate": _pct(len(responded), len(requests)),
        "median_hours_to_first_quote": round(median, 1) if median is not None else None,
        "accepted": sum(1 for r in requests if r.status == "accepted"),
    }


def _funnel_by(needs, requests, column: str, names, drop_empty=False) -> list[dict]:
    """The funnel per place: `column` names the place id on both kinds of row."""
    rows = []
    for key, name in names.items():
        entry = {"id": key, "name": name}
        entry.update(
            _funnel(
                [n for n in needs if n._mapping[column] == key],
                [r for r in requests if r._mapping[column] == key],
            )
        )
        if drop_empty and not (entry["needs"] or entry["requests"]):
            continue
        rows.append(entry)
    return rows


def provider_service(requests: list, limit: int = 15) -> list[dict]:
    """Providers by enterprises served (an accepted quote), with their responsiveness."""
    per_provider: dict[int, dict] = {}
    for r in requests:
        entry = per_provider.setdefault(
            r.provider_id,
            {"requests": 0, "responded": 0, "accepted": 0, "enterprises": set()},
        )
        entry["requests"] += 1
        if _responded(r):
            entry["responded"] += 1
        if r.status == "accepted":
            entry["accepted"] += 1
            entry["enterprises"].add(r.enterprise_id)
    if not per_provider:
        return []
    names = {
        row.id: row.name
        for row in db.session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(per_provider))
        )
    }
    rows = [
        {
            "id": pid,
            "name": names.get(pid, ""),
            "enterprises": len(entry["enterprises"]),
            "requests": entry["requests"],
            "responded": entry["responded"],
            "accepted": entry["accepted"],
            "response_rate": _pct(entry["responded"], entry["requests"]),
        }
        for pid, entry in per_provider.items()
    ]
    rows.sort(key=lambda row: (-row["enterprises"], -row["accepted"], -row["requests"], row["id"]))
    return rows[:limit]


def stale_needs(
    scope: Scope, *, sub_industry_id=None, district_id=None, now=None, days=STALE_NEED_DAYS, **_
) -> list[Need]:
    """Open needs posted more than `days` ago that no provider was asked to quote on."""
    now = now or datetime.now(UTC)
    asked = select(QuoteRequest.need_id)
    query = filter_needs(
        scope, status=Need.OPEN_STATUS, sub_industry_id=sub_industry_id, district_id=district_id
    )
    query = query.where(Need.created_at <= now - timedelta(days=days), Need.id.not_in(asked))
    return list(db.session.scalars(query.order_by(None).order_by(Need.created_at)))


def slow_providers(
    scope: Scope,
    *,
    sub_industry_id=None,
    district_id=None,
    now=None,
    days=SLOW_PROVIDER_DAYS,
    **_,
) -> list[dict]:
    """Providers with quote requests still unanswered more than `days` after they came in."""
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=days)
    waiting: dict[int, dict] = {}
    for r in _request_rows(scope, sub_industry_id, district_id):
        if r.status != "requested" or r.created_at > cutoff:
            continue
        entry = waiting.setdefault(r.provider_id, {"count": 0, "oldest": r.created_at})
        entry["count"] += 1
        entry["oldest"] = min(entry["oldest"], r.created_at)
    if not waiting:
        return []
    providers = {
        p.id: p
        for p in db.session.scalars(select(Organisation).where(Organisation.id.in_(waiting)))
    }
    rows = [
        {
            "provider": providers[pid],
            "count": entry["count"],
            "oldest": entry["oldest"],
            "days": (now - entry["oldest"]).days,
        }
        for pid, entry in waiting.items()
    ]
    rows.sort(key=lambda row: (-row["days"], -row["count"]))
    return rows


def level_figures(scope: Scope, *, sub_industry_id=None, district_id=None, **_) -> dict:
    """Enterprises at digital level ≥ 2: certified after a project's acceptance (what the
    pilot target counts) and self-assessed, against the cities' targets."""
    in_scope = select(Organisation.id).where(
        *enterprise_conditions(Organisation, scope, sub_industry_id, district_id)
    )
    enterprise_count = count_in_scope(in_scope)
    self_assessed = count_in_scope(in_scope.where(Organisation.self_assessed_level >= 2))
    certified = db.session.scalar(
        select(func.count(func.distinct(Project.enterprise_id))).where(
            Project.enterprise_id.in_(in_scope), Project.certified_level >= 2
        )
    )
    target = sum(p.target_enterprises or 0 for p in scope_pilots(scope))
    return {
        "enterprises": enterprise_count,
        "self_assessed": self_assessed,
        "certified": certified or 0,
        "target": target,
        "target_pct": _pct(certified or 0, target),
    }


def dashboard(
    scope: Scope, *, sub_industry_id=None, district_id=None, today=None, **_
) -> Dashboard:
    needs = _need_rows(scope, sub_industry_id, district_id)
    requests = _request_rows(scope, sub_industry_id, district_id)
    subs, districts = place_names(scope, sub_industry_id, district_id)
    filters = {"sub_industry_id": sub_industry_id, "district_id": district_id}
    across = scope.is_all_cities
    return Dashboard(
        activity=activity(scope, today=today, **filters),
        totals=_funnel(needs, requests),
        by_sub_industry=_funnel_by(needs, requests, "sub_industry_id", subs, across),
        by_district=_funnel_by(needs, requests, "district_id", districts, across),
        providers=provider_service(requests),
        stale_needs=stale_needs(scope, **filters),
        slow_providers=slow_providers(scope, **filters),
        projects=project_figures(scope, **filters),
        levels=level_figures(scope, **filters),
        admission=admission_figures(scope, today=today, **filters),
        overdue_complaints=overdue_complaints(scope.jurisdiction, district_id, today),
    )
