"""What an official may see, in one place: scoped select()s for enterprises, providers,
products, needs and quote requests, the review queue, and the activity figures.

Scoping rule: models/access.py (the jurisdiction and each aggregate's `in_jurisdiction` /
`visible_to`). Here a scope is that jurisdiction (an admin may narrow it to one city) with
the user it belongs to; providers are listed when they serve the city and the user may see
them. Anything out of scope is absent from lists and counts and 404 on object pages.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, func, or_, select, true
from sqlalchemy.orm import aliased, selectinload

from marketplace.extensions import db
from marketplace.services.errors import NotAllowed
from models import (
    ENTERPRISE,
    PROVIDER,
    District,
    Event,
    MatchResult,
    Need,
    NeedStage,
    Organisation,
    PilotCity,
    Product,
    ProductStage,
    Project,
    Quote,
    QuoteRequest,
    SubIndustry,
)
from models.access import Jurisdiction
from models.organisation import provider_pilots
from models.product import product_sub_industries

PER_PAGE = 20
STALE_NEED_DAYS = 14
SLOW_PROVIDER_DAYS = 7


@dataclass(frozen=True)
class Scope:
    """The slice of the platform a staff user works in, and the user (for what they vet)."""

    jurisdiction: Jurisdiction
    user: object = None

    @property
    def pilot_id(self) -> int | None:
        return self.jurisdiction.pilot_id

    @property
    def district_id(self) -> int | None:
        return self.jurisdiction.district_id

    @property
    def is_all_cities(self) -> bool:
        return self.jurisdiction.is_all_cities

    def may_see(self, model) -> ColumnElement[bool]:
        """The user's visibility clause for `model` (a scope without a user sees it all)."""
        return true() if self.user is None else model.visible_to(self.user)

    @property
    def vetting(self) -> Jurisdiction:
        """Whose providers the user vets; an admin's is the scope (every city, or the one
        they narrowed to)."""
        if self.user is None or self.user.role == "admin":
            return self.jurisdiction
        return Jurisdiction.for_vetting(self.user)


def scope_of(user, pilot_id: int | None = None) -> Scope:
    """The user's scope; an admin may narrow theirs to one city with `pilot_id`."""
    jurisdiction = Jurisdiction.of(user, pilot_id)
    if jurisdiction is None:
        raise NotAllowed()
    return Scope(jurisdiction, user)


def scope_pilots(scope: Scope) -> list[PilotCity]:
    query = select(PilotCity).order_by(PilotCity.id)
    if scope.pilot_id is not None:
        query = query.where(PilotCity.id == scope.pilot_id)
    return list(db.session.scalars(query))


def scope_districts(scope: Scope) -> list[District]:
    query = select(District).order_by(District.pilot_id, District.id)
    if scope.pilot_id is not None:
        query = query.where(District.pilot_id == scope.pilot_id)
    if scope.district_id is not None:
        query = query.where(District.id == scope.district_id)
    return list(db.session.scalars(query))


def scope_sub_industries(scope: Scope) -> list[SubIndustry]:
    query = select(SubIndustry).order_by(SubIndustry.pilot_id, SubIndustry.id)
    if scope.pilot_id is not None:
        query = query.where(SubIndustry.pilot_id == scope.pilot_id)
    return list(db.session.scalars(query))


# --- the scoped selects: every list, count, export and object page starts here ---------


def enterprise_ids(scope: Scope) -> Select:
    return select(Organisation.id).where(
        Organisation.kind == ENTERPRISE, Organisation.in_jurisdiction(scope.jurisdiction)
    )


def provider_ids(scope: Scope) -> Select:
    """Providers based in or serving the scope's city that the user may see (the public
    supply list, and those they vet in any state)."""
    query = select(Organisation.id).where(
        Organisation.kind == PROVIDER, scope.may_see(Organisation)
    )
    if scope.pilot_id is not None:
        serving = select(provider_pilots.c.provider_id).where(
            provider_pilots.c.pilot_id == scope.pilot_id
        )
        query = query.where(
            or_(Organisation.pilot_id == scope.pilot_id, Organisation.id.in_(serving))
        )
    return query


def scoped_enterprises(scope: Scope) -> Select:
    return select(Organisation).where(Organisation.id.in_(enterprise_ids(scope)))


def scoped_providers(scope: Scope) -> Select:
    return select(Organisation).where(Organisation.id.in_(provider_ids(scope)))


def scoped_products(scope: Scope) -> Select:
    return select(Product).where(
        Product.provider_id.in_(provider_ids(scope)), scope.may_see(Product)
    )


def scoped_needs(scope: Scope) -> Select:
    return select(Need).where(Need.in_jurisdiction(scope.jurisdiction))


def scoped_quote_requests(scope: Scope) -> Select:
    return select(QuoteRequest).where(QuoteRequest.in_jurisdiction(scope.jurisdiction))


_SCOPED = {
    "enterprise": (Organisation, scoped_enterprises),
    "provider": (Organisation, scoped_providers),
    "product": (Product, scoped_products),
    "need": (Need, scoped_needs),
    "quote_request": (QuoteRequest, scoped_quote_requests),
}


def find_in_scope(scope: Scope, kind: str, object_id: int):
    """The object if it lies in the scope, else None (the view answers 404)."""
    model, scoped = _SCOPED[kind]
    return db.session.scalar(scoped(scope).where(model.id == object_id))


# --- filtered lists --------------------------------------------------------------------


def _keyword(query: Select, q: str | None, *columns) -> Select:
    q = (q or "").strip()
    if not q:
        return query
    pattern = f"%{q}%"
    return query.where(or_(*(column.ilike(pattern) for column in columns)))


def filter_enterprises(
    scope: Scope,
    *,
    district_id=None,
    sub_industry_id=None,
    above_scale=None,
    specialised_status=None,
    level=None,
    q=None,
    **_,
) -> Select:
    query = scoped_enterprises(scope)
    if district_id:
        query = query.where(Organisation.district_id == district_id)
    if sub_industry_id:
        query = query.where(Organisation.sub_industry_id == sub_industry_id)
    if above_scale in ("1", "0"):
        query = query.where(Organisation.is_above_scale.is_(above_scale == "1"))
    if specialised_status:
        query = query.where(Organisation.specialised_status == specialised_status)
    if level:
        query = query.where(Organisation.self_assessed_level == int(level))
    query = _keyword(query, q, Organisation.name, Organisation.credit_code)
    return query.options(
        selectinload(Organisation.district), selectinload(Organisation.sub_industry)
    ).order_by(Organisation.created_at.desc(), Organisation.id.desc())


def filter_providers(scope: Scope, *, provider_type=None, status=None, q=None, **_) -> Select:
    query = scoped_providers(scope)
    if provider_type:
        query = query.where(Organisation.provider_type == provider_type)
    if status:
        query = query.where(Organisation.status == status)
    query = _keyword(query, q, Organisation.name, Organisation.credit_code)
    return query.options(
        selectinload(Organisation.pilot), selectinload(Organisation.served_pilots)
    ).order_by(Organisation.created_at.desc(), Organisation.id.desc())


def filter_products(
    scope: Scope, *, status=None, stage=None, sub_industry_id=None, q=None, **_
) -> Select:
    query = scoped_products(scope)
    if status:
        query = query.where(Product.status == status)
    if stage:
        query = query.where(
            Product.id.in_(select(ProductStage.product_id).where(ProductStage.stage == stage))
        )
    if sub_industry_id:
        linked = select(product_sub_industries.c.product_id).where(
            product_sub_industries.c.sub_industry_id == sub_industry_id
        )
        query = query.where(Product.id.in_(linked))
    query = _keyword(query, q, Product.name, Product.summary)
    return query.options(
        selectinload(Product.provider), selectinload(Product.stage_links)
    ).order_by(Product.updated_at.desc(), Product.id.desc())


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def filter_needs(
    scope: Scope,
    *,
    status=None,
    district_id=None,
    sub_industry_id=None,
    stage=None,
    date_from=None,
    date_to=None,
    q=None,
    **_,
) -> Select:
    query = scoped_needs(scope).join(Organisation, Need.enterprise_id == Organisation.id)
    if status:
        query = query.where(Need.status == status)
    if district_id:
        query = query.where(Organisation.district_id == district_id)
    if sub_industry_id:
        query = query.where(Organisation.sub_industry_id == sub_industry_id)
    if stage:
        query = query.where(Need.id.in_(select(NeedStage.need_id).where(NeedStage.stage == stage)))
    if date_from:
        query = query.where(Need.created_at >= _day_start(date_from))
    if date_to:
        query = query.where(Need.created_at < _day_start(date_to + timedelta(days=1)))
    query = _keyword(query, q, Need.title, Organisation.name)
    return query.options(
        selectinload(Need.enterprise).selectinload(Organisation.district),
        selectinload(Need.enterprise).selectinload(Organisation.sub_industry),
        selectinload(Need.stage_links),
    ).order_by(Need.created_at.desc(), Need.id.desc())


def all_rows(query: Select) -> list:
    return list(db.session.scalars(query))


# --- review queue ----------------------------------------------------------------------


def review_queue(scope: Scope) -> tuple[list[Organisation], list[Product]]:
    """Pending providers the user vets (by the provider's seat: its district, or its city
    where the city vets providers itself), and pending products of such providers.

    Vetting belongs to the provider's home, so a provider serving several cities is
    reviewed once.
    """
    home = select(Organisation.id).where(
        Organisation.kind == PROVIDER, Organisation.in_jurisdiction(scope.vetting)
    )
    providers = db.session.scalars(
        select(Organisation)
        .where(Organisation.id.in_(home), Organisation.status == "pending")
        .order_by(Organisation.created_at, Organisation.id)
    )
    products = db.session.scalars(
        select(Product)
        .where(Product.provider_id.in_(home), Product.status == "pending")
        .options(selectinload(Product.provider), selectinload(Product.stage_links))
        .order_by(Product.updated_at, Product.id)
    )
    return list(providers), list(products)


def count_in_scope(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


# --- activity --------------------------------------------------------------------------

ACTIVITY_METRICS = ("needs", "requests", "answered", "accepted")


def iso_week(moment: datetime | date) -> tuple[int, int]:
    year, week, _ = moment.isocalendar()
    return year, week


def last_weeks(count: int, today: date | None = None) -> list[tuple[int, int]]:
    """The last `count` ISO weeks, oldest first, ending with the current one."""
    today = today or datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday())
    return [iso_week(monday - timedelta(weeks=n)) for n in range(count - 1, -1, -1)]


def week_start(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


def _activity_rows(scope: Scope, sub_industry_id=None, district_id=None) -> dict[str, list]:
    """(moment, sub_industry_id, district_id, provider_id) per activity, scoped and filtered."""
    ent = aliased(Organisation)
    enterprise_filter = [ent.id.in_(enterprise_ids(scope))]
    if sub_industry_id:
        enterprise_filter.append(ent.sub_industry_id == sub_industry_id)
    if district_id:
        enterprise_filter.append(ent.district_id == district_id)
    cols = (ent.sub_industry_id, ent.district_id)

    needs = select(Need.created_at, *cols, Need.id).join(ent, Need.enterprise_id == ent.id)
    requests = (
        select(QuoteRequest.created_at, *cols, QuoteRequest.provider_id)
        .join(Need, QuoteRequest.need_id == Need.id)
        .join(ent, Need.enterprise_id == ent.id)
    )
    answered = (
        select(Quote.submitted_at, *cols, QuoteRequest.provider_id)
        .join(QuoteRequest, Quote.request_id == QuoteRequest.id)
        .join(Need, QuoteRequest.need_id == Need.id)
        .join(ent, Need.enterprise_id == ent.id)
    )
    accepted = (
        select(Event.at, *cols, QuoteRequest.provider_id)
        .join(QuoteRequest, Event.subject_id == QuoteRequest.id)
        .join(Need, QuoteRequest.need_id == Need.id)
        .join(ent, Need.enterprise_id == ent.id)
        .where(Event.subject_type == QuoteRequest.__tablename__, Event.to_state == "accepted")
    )
    return {
        name: list(db.session.execute(query.where(*enterprise_filter)))
        for name, query in zip(ACTIVITY_METRICS, (needs, requests, answered, accepted), strict=True)
    }


@dataclass
class Activity:
    weeks: list[tuple[int, int]]
    by_week: dict[str, list[int]]
    by_sub_industry: list[dict]
    by_district: list[dict]
    totals: dict[str, int]
    rows: dict[str, list] = field(repr=False, default_factory=dict)
    metrics: tuple[str, ...] = ACTIVITY_METRICS

    @staticmethod
    def week_start(year: int, week: int) -> date:
        return week_start(year, week)

    def week_labels(self) -> list[str]:
        return [week_start(y, w).strftime("%m-%d") for y, w in self.weeks]


def _breakdown(
    rows: dict[str, list], position: int, names: dict[int, str], drop_empty: bool = False
) -> list[dict]:
    """Counts per place; across all cities the places without any activity are left out."""
    counts = {metric: Counter(row[position] for row in rows[metric]) for metric in rows}
    table = []
    for key, name in names.items():
        entry = {"id": key, "name": name}
        entry.update({metric: counts[metric].get(key, 0) for metric in rows})
        if drop_empty and not any(entry[metric] for metric in rows):
            continue
        table.append(entry)
    return table


def activity(
    scope: Scope, *, sub_industry_id=None, district_id=None, weeks: int = 12, today=None, **_
) -> Activity:
    """Needs posted, quote requests, quotes answered and acceptances, by ISO week (the
    last `weeks`), by sub-industry and by district, with totals over all time."""
    rows = _activity_rows(scope, sub_industry_id, district_id)
    week_keys = last_weeks(weeks, today)
    by_week = {}
    for metric, metric_rows in rows.items():
        counts = Counter(iso_week(row[0]) for row in metric_rows)
        by_week[metric] = [counts.get(key, 0) for key in week_keys]
    sub_names = {s.id: s.name for s in scope_sub_industries(scope)}
    if sub_industry_id:
        sub_names = {k: v for k, v in sub_names.items() if k == int(sub_industry_id)}
    district_names = {d.id: d.name for d in scope_districts(scope)}
    if district_id:
        district_names = {k: v for k, v in district_names.items() if k == int(district_id)}
    if scope.is_all_cities:
        pilots = {p.id: p.name for p in scope_pilots(scope)}
        sub_names = {
            s.id: f"{pilots[s.pilot_id]} · {s.name}"
            for s in scope_sub_industries(scope)
            if s.id in sub_names
        }
        district_names = {
            d.id: f"{pilots[d.pilot_id]} · {d.name}"
            for d in scope_districts(scope)
            if d.id in district_names
        }
    return Activity(
        weeks=week_keys,
        by_week=by_week,
        by_sub_industry=_breakdown(rows, 1, sub_names, scope.is_all_cities),
        by_district=_breakdown(rows, 2, district_names, scope.is_all_cities),
        totals={metric: len(metric_rows) for metric, metric_rows in rows.items()},
        rows=rows,
    )


# --- per-object extras for the detail pages -------------------------------------------


def quote_requests_of_need(need: Need) -> list[QuoteRequest]:
    return list(
        db.session.scalars(
            select(QuoteRequest)
            .where(QuoteRequest.need_id == need.id)
            .options(selectinload(QuoteRequest.provider), selectinload(QuoteRequest.quote))
            .order_by(QuoteRequest.created_at)
        )
    )


def needs_of_enterprise(enterprise: Organisation) -> list[Need]:
    return list(
        db.session.scalars(
            select(Need).where(Need.enterprise_id == enterprise.id).order_by(Need.created_at.desc())
        )
    )


def products_of_provider(provider: Organisation) -> list[Product]:
    return list(
        db.session.scalars(
            select(Product)
            .where(Product.provider_id == provider.id)
            .options(selectinload(Product.stage_links))
            .order_by(Product.updated_at.desc())
        )
    )


def quote_requests_of_provider(scope: Scope, provider: Organisation) -> list[QuoteRequest]:
    """The provider's quote requests from enterprises in the scope (not other cities')."""
    return list(
        db.session.scalars(
            scoped_quote_requests(scope)
            .where(QuoteRequest.provider_id == provider.id)
            .options(selectinload(QuoteRequest.need).selectinload(Need.enterprise))
            .order_by(QuoteRequest.created_at.desc())
        )
    )


def match_views_of_need(need: Need) -> int:
    return db.session.scalar(
        select(func.count(MatchResult.id)).where(
            MatchResult.need_id == need.id, MatchResult.audience == "enterprise"
        )
    )


# --- dashboard -------------------------------------------------------------------------

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


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _enterprise_filter(ent, scope: Scope, sub_industry_id=None, district_id=None) -> list:
    conditions = [ent.id.in_(enterprise_ids(scope))]
    if sub_industry_id:
        conditions.append(ent.sub_industry_id == sub_industry_id)
    if district_id:
        conditions.append(ent.district_id == district_id)
    return conditions


def _request_rows(scope: Scope, sub_industry_id=None, district_id=None) -> list:
    ent = aliased(Organisation)
    return list(
        db.session.execute(
            select(
                QuoteRequest.id,
                QuoteRequest.need_id,
                QuoteRequest.provider_id,
                QuoteRequest.status,
                QuoteRequest.created_at,
                Quote.submitted_at,
                ent.id,
                ent.sub_industry_id,
                ent.district_id,
            )
            .join(Need, QuoteRequest.need_id == Need.id)
            .join(ent, Need.enterprise_id == ent.id)
            .outerjoin(Quote, Quote.request_id == QuoteRequest.id)
            .where(*_enterprise_filter(ent, scope, sub_industry_id, district_id))
        )
    )


def _need_rows(scope: Scope, sub_industry_id=None, district_id=None) -> list:
    ent = aliased(Organisation)
    viewed = select(MatchResult.need_id).where(MatchResult.audience == "enterprise")
    return list(
        db.session.execute(
            select(
                Need.id,
                Need.status,
                Need.created_at,
                ent.sub_industry_id,
                ent.district_id,
                Need.id.in_(viewed),
            )
            .join(ent, Need.enterprise_id == ent.id)
            .where(*_enterprise_filter(ent, scope, sub_industry_id, district_id))
        )
    )


def _funnel(needs: list, requests: list) -> dict:
    """The matchmaking funnel over the given rows (one row per need / per quote request)."""
    responded = [r for r in requests if r.status in RESPONDED_STATUSES or r.submitted_at]
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
        "needs_viewed": sum(1 for n in needs if n[5]),
        "requests": len(requests),
        "responded": len(responded),
        "response_rate": round(100 * len(responded) / len(requests), 1) if requests else None,
        "median_hours_to_first_quote": round(median, 1) if median is not None else None,
        "accepted": sum(1 for r in requests if r.status == "accepted"),
    }


def _funnel_by(
    needs, requests, position_need: int, position_request: int, names, drop_empty=False
) -> list[dict]:
    rows = []
    for key, name in names.items():
        entry = {"id": key, "name": name}
        entry.update(
            _funnel(
                [n for n in needs if n[position_need] == key],
                [r for r in requests if r[position_request] == key],
            )
        )
        if drop_empty and not (entry["needs"] or entry["requests"]):
            continue
        rows.append(entry)
    return rows


def _place_names(scope: Scope, sub_industry_id=None, district_id=None):
    pilots = {p.id: p.name for p in scope_pilots(scope)}

    def label(item):
        return f"{pilots[item.pilot_id]} · {item.name}" if scope.is_all_cities else item.name

    subs = {
        s.id: label(s)
        for s in scope_sub_industries(scope)
        if not sub_industry_id or s.id == int(sub_industry_id)
    }
    districts = {
        d.id: label(d)
        for d in scope_districts(scope)
        if not district_id or d.id == int(district_id)
    }
    return subs, districts


def provider_service(requests: list, limit: int = 15) -> list[dict]:
    """Providers by enterprises served (an accepted quote), with their responsiveness."""
    per_provider: dict[int, dict] = {}
    for r in requests:
        entry = per_provider.setdefault(
            r.provider_id,
            {"requests": 0, "responded": 0, "accepted": 0, "enterprises": set()},
        )
        entry["requests"] += 1
        if r.status in RESPONDED_STATUSES or r.submitted_at:
            entry["responded"] += 1
        if r.status == "accepted":
            entry["accepted"] += 1
            entry["enterprises"].add(r[6])
    if not per_provider:
        return []
    names = dict(
        db.session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(per_provider))
        ).all()
    )
    rows = [
        {
            "id": pid,
            "name": names.get(pid, ""),
            "enterprises": len(entry["enterprises"]),
            "requests": entry["requests"],
            "responded": entry["responded"],
            "accepted": entry["accepted"],
            "response_rate": round(100 * entry["responded"] / entry["requests"], 1),
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
        *_enterprise_filter(Organisation, scope, sub_industry_id, district_id)
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
        "target_pct": round(100 * (certified or 0) / target, 1) if target else None,
    }


def dashboard(
    scope: Scope, *, sub_industry_id=None, district_id=None, today=None, **_
) -> Dashboard:
    needs = _need_rows(scope, sub_industry_id, district_id)
    requests = _request_rows(scope, sub_industry_id, district_id)
    subs, districts = _place_names(scope, sub_industry_id, district_id)
    filters = {"sub_industry_id": sub_industry_id, "district_id": district_id}
    return Dashboard(
        activity=activity(scope, today=today, **filters),
        totals=_funnel(needs, requests),
        by_sub_industry=_funnel_by(needs, requests, 3, 7, subs, scope.is_all_cities),
        by_district=_funnel_by(needs, requests, 4, 8, districts, scope.is_all_cities),
        providers=provider_service(requests),
        stale_needs=stale_needs(scope, **filters),
        slow_providers=slow_providers(scope, **filters),
        projects=project_figures(scope, **filters),
        levels=level_figures(scope, **filters),
    )


# --- projects and subsidies (models/project.py, models/subsidy.py by H6) ---------------


def project_figures(scope: Scope, *, sub_industry_id=None, district_id=None, **_) -> dict:
    """Projects by stage, subsidy committed and paid against the cities' budgets, and the
    overdue projects (in progress with a milestone past due)."""
    ent = aliased(Organisation)
    query = (
        select(Project)
        .join(ent, Project.enterprise_id == ent.id)
        .where(*_enterprise_filter(ent, scope, sub_industry_id, district_id))
    )
    query = query.where(Project.in_jurisdiction(scope.jurisdiction))
    projects = list(
        db.session.scalars(
            query.options(selectinload(Project.payments), selectinload(Project.milestones))
        )
    )
    by_status = Counter(p.status for p in projects)
    committed_statuses = ("subsidy_confirmed", "paid")
    committed = sum(
        (float(p.subsidy_confirmed or 0) for p in projects if p.status in committed_statuses),
        0.0,
    )
    paid = sum(
        (float(pay.amount) for p in projects for pay in p.payments if pay.status == "paid"),
        0.0,
    )
    budget = sum(float(p.subsidy_budget_wan or 0) for p in scope_pilots(scope)) * 10000
    overdue = [p for p in projects if p.is_overdue]
    overdue.sort(key=lambda p: min(m.due_on for m in p.overdue_milestones))
    return {
        "total": len(projects),
        "by_status": [(status, by_status.get(status, 0)) for status in Project.STATUSES],
        "committed": committed,
        "paid": paid,
        "budget": budget,
        "committed_pct": round(100 * committed / budget, 1) if budget else None,
        "paid_pct": round(100 * paid / budget, 1) if budget else None,
        "overdue": overdue,
    }
