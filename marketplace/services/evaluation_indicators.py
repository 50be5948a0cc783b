"""The raw figures of the performance evaluation, one function per indicator code of
marketplace/data/evaluation_rubric.json, each read from the platform's own records of one
provider in one city over [start, end) (UTC days). Each returns (raw, count): the figure (None
when there is nothing to compute it from) and how many records it rests on."""

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import or_, select

from marketplace.extensions import db
from marketplace.services.ratings import shrunk_average
from models import (
    Complaint,
    Event,
    Need,
    Organisation,
    Project,
    ProjectParty,
    ProviderRating,
    QuoteRequest,
    SpotCheck,
)

VERDICTS = ("passed", "rectifying", "failed")


@dataclass(frozen=True)
class Window:
    """Whose records, where and when: the provider, the city, the period and the day the
    figures are taken on (deadlines not yet passed on that day count for nobody)."""

    provider_id: int
    pilot_id: int
    starts_on: date
    ends_on: date  # the first day after
    as_of: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.starts_on, time(), UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.ends_on, time(), UTC)


def _counted_requests(w: Window) -> list[QuoteRequest]:
    """Quote requests of the city's needs sent to the provider in the period, less those the
    enterprise withdrew before any answer."""
    requests = db.session.scalars(
        select(QuoteRequest)
        .join(Need, QuoteRequest.need_id == Need.id)
        .join(Organisation, Need.enterprise_id == Organisation.id)
        .where(
            QuoteRequest.provider_id == w.provider_id,
            Organisation.pilot_id == w.pilot_id,
            QuoteRequest.created_at >= w.start,
            QuoteRequest.created_at < w.end,
        )
    )
    return [r for r in requests if not (r.status == "withdrawn" and r.responded_at is None)]


def quote_response_rate(w: Window):
    requests = _counted_requests(w)
    if not requests:
        return None, 0
    answered = sum(1 for r in requests if r.responded_at is not None)
    return round(answered / len(requests), 4), len(requests)


def median_first_quote_hours(w: Window):
    hours = []
    for request in _counted_requests(w):
        quote = request.quote
        if quote is None:
            continue
        first = min([quote.submitted_at, *(v.submitted_at for v in quote.earlier)])
        hours.append((first - request.created_at).total_seconds() / 3600)
    if not hours:
        return None, 0
    return round(statistics.median(hours), 1), len(hours)


def _provider_projects(w: Window):
    return select(Project.id).where(
        Project.pilot_id == w.pilot_id,
        or_(
            Project.provider_id == w.provider_id,
            Project.parties.any(ProjectParty.organisation_id == w.provider_id),
        ),
    )


def acceptance_pass_rate(w: Window):
    verdicts = list(
        db.session.scalars(
            select(Event.to_state).where(
                Event.subject_type == Project.__tablename__,
                Event.subject_id.in_(_provider_projects(w)),
                Event.to_state.in_(VERDICTS),
                Event.at >= w.start,
                Event.at < w.end,
            )
        )
    )
    if not verdicts:
        return None, 0
    return round(verdicts.count("passed") / len(verdicts), 4), len(verdicts)


def bayesian_rating(w: Window):
    ratings = list(
        db.session.scalars(
            select(ProviderRating).where(
                ProviderRating.provider_id == w.provider_id,
                ProviderRating.project_id.in_(_provider_projects(w)),
                ProviderRating.created_at >= w.start,
                ProviderRating.created_at < w.end,
            )
        )
    )
    total = sum(r.average for r in ratings)
    return round(shrunk_average(total, len(ratings)), 2), len(ratings)


def _complaints(w: Window) -> list[Complaint]:
    return list(
        db.session.scalars(
            select(Complaint).where(
                Complaint.provider_id == w.provider_id,
                Complaint.pilot_id == w.pilot_id,
                Complaint.created_at >= w.start,
                Complaint.created_at < w.end,
            )
        )
    )


def upheld_complaints(w: Window):
    complaints = _complaints(w)
    return sum(1 for c in complaints if c.status == "upheld"), len(complaints)


def overdue_complaint_responses(w: Window):
    """Complaints whose deadline passed before the day of the figures with no answer by it."""
    complaints = _complaints(w)
    late = sum(
        1
        for c in complaints
        if c.respond_by < w.as_of
        and (c.responded_at is None or c.responded_at.astimezone(UTC).date() > c.respond_by)
    )
    return late, len(complaints)


def spot_check_findings(w: Window, serious_counts: int = 2):
    outcomes = list(
        db.session.scalars(
            select(SpotCheck.outcome).where(
                SpotCheck.project_id.in_(_provider_projects(w)),
                SpotCheck.checked_on >= w.starts_on,
                SpotCheck.checked_on < w.ends_on,
            )
        )
    )
    findings = outcomes.count("warning") + serious_counts * outcomes.count("serious")
    return findings, len(outcomes)


INDICATORS = {
    "quote_response_rate": quote_response_rate,
    "median_first_quote_hours": median_first_quote_hours,
    "acceptance_pass_rate": acceptance_pass_rate,
    "bayesian_rating": bayesian_rating,
    "upheld_complaints": upheld_complaints,
    "overdue_complaint_responses": overdue_complaint_responses,
    "spot_check_findings": spot_check_findings,
}


def raw_figure(indicator: dict, window: Window):
    function = INDICATORS[indicator["code"]]
    if indicator["code"] == "spot_check_findings":
        return function(window, int(indicator.get("serious_counts", 2)))
    return function(window)
