"""Weekly activity: needs posted, quote requests, quotes answered and acceptances, by ISO
week, sub-industry and district."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from marketplace.extensions import db
from marketplace.services.supervision.scope import Scope, of_needs_in_scope, place_names
from models import Event, Need, Organisation, Quote, QuoteRequest

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
    """Rows of (at, sub_industry_id, district_id, subject_id) per activity, scoped and
    filtered; the subject is the need for posted needs, else the provider."""
    ent = aliased(Organisation)
    places = (ent.sub_industry_id.label("sub_industry_id"), ent.district_id.label("district_id"))
    provider = QuoteRequest.provider_id.label("subject_id")

    needs = select(Need.created_at.label("at"), *places, Need.id.label("subject_id"))
    requests = select(QuoteRequest.created_at.label("at"), *places, provider).join(
        Need, QuoteRequest.need_id == Need.id
    )
    answered = (
        select(Quote.submitted_at.label("at"), *places, provider)
        .join(QuoteRequest, Quote.request_id == QuoteRequest.id)
        .join(Need, QuoteRequest.need_id == Need.id)
    )
    accepted = (
        select(Event.at.label("at"), *places, provider)
        .join(QuoteRequest, Event.subject_id == QuoteRequest.id)
        .join(Need, QuoteRequest.need_id == Need.id)
        .where(Event.subject_type == QuoteRequest.__tablename__, Event.to_state == "accepted")
    )
    return {
        name: list(
            db.session.execute(of_needs_in_scope(query, ent, scope, sub_industry_id, district_id))
        )
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
    rows: dict[str, list], column: str, names: dict[int, str], drop_empty: bool = False
) -> list[dict]:
    """Counts per place (`column` of the rows); across all cities the places without any
    activity are left out."""
    counts = {metric: Counter(row._mapping[column] for row in rows[metric]) for metric in rows}
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
        counts = Counter(iso_week(row.at) for row in metric_rows)
        by_week[metric] = [counts.get(key, 0) for key in week_keys]
    sub_names, district_names = place_names(scope, sub_industry_id, district_id)
    return Activity(
        weeks=week_keys,
        by_week=by_week,
        by_sub_industry=_breakdown(rows, "sub_industry_id", sub_names, scope.is_all_cities),
        by_district=_breakdown(rows, "district_id", district_names, scope.is_all_cities),
        totals={metric: len(metric_rows) for metric, metric_rows in rows.items()},
        rows=rows,
    )
