"""Pilot admission figures for the dashboard: each city's current round with the days left
to its deadlines, applications per step, and what is overdue (applications waiting for a
decision, admitted enterprises that filed nothing by the 立项 deadline, projects not
through acceptance by the acceptance deadline)."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from marketplace.extensions import db
from marketplace.services.rounds import current_round, days_left
from marketplace.services.supervision.scope import Scope, enterprise_conditions, scope_pilots
from models import Organisation, PilotApplication, PilotRound, Project, RoundFiling

# an application waiting longer than this for 初审 or 复核 is overdue
ADMISSION_REVIEW_DAYS = 10
# projects past these are through acceptance, or will never be
ACCEPTANCE_DONE = ("passed", "subsidy_confirmed", "paid", "failed", "cancelled")


def admission_figures(
    scope: Scope, *, sub_industry_id=None, district_id=None, today: date | None = None, **_
) -> dict:
    today = today or date.today()
    ent = aliased(Organisation)
    where = enterprise_conditions(ent, scope, sub_industry_id, district_id)
    applications = db.session.execute(
        select(
            PilotApplication.status,
            PilotApplication.submitted_at,
            PilotApplication.round_id,
            PilotApplication.enterprise_id,
        )
        .join(ent, PilotApplication.enterprise_id == ent.id)
        .where(*where)
    ).all()
    by_status = Counter(row.status for row in applications)
    waiting_since = datetime.now(UTC) - timedelta(days=ADMISSION_REVIEW_DAYS)
    waiting = sum(
        1
        for row in applications
        if row.status in ("submitted", "district_checked")
        and row.submitted_at is not None
        and row.submitted_at < waiting_since
    )
    return {
        "rounds": [_round_row(r, today) for r in _current_rounds(scope, today)],
        "total": len(applications),
        "by_status": [(s, by_status.get(s, 0)) for s in PilotApplication.STATUSES],
        "overdue": {
            "waiting_review": waiting,
            "not_filed": _admitted_without_filing(applications, today),
            "acceptance_overdue": _acceptance_overdue(where, ent, today),
        },
        "review_days": ADMISSION_REVIEW_DAYS,
    }


def _current_rounds(scope: Scope, today: date) -> list[PilotRound]:
    found = (current_round(pilot.id, today) for pilot in scope_pilots(scope))
    return [r for r in found if r is not None]


def _round_row(pilot_round: PilotRound, today: date) -> dict:
    return {
        "round": pilot_round,
        "city": pilot_round.pilot.name,
        "is_open": pilot_round.is_open_on(today),
        "to_close": days_left(pilot_round.closes_on, today),
        "to_filing": days_left(pilot_round.filing_deadline, today),
        "to_acceptance": days_left(pilot_round.acceptance_deadline, today),
    }


def _admitted_without_filing(applications, today: date) -> int:
    """Admitted enterprises of rounds whose 立项 deadline has passed with no project filed."""
    past = set(db.session.scalars(select(PilotRound.id).where(PilotRound.filing_deadline < today)))
    admitted = {
        (row.enterprise_id, row.round_id)
        for row in applications
        if row.status == "admitted" and row.round_id in past
    }
    if not admitted:
        return 0
    filed = set(
        db.session.execute(
            select(Project.enterprise_id, RoundFiling.round_id).join(
                RoundFiling, RoundFiling.project_id == Project.id
            )
        ).all()
    )
    return len({pair for pair in admitted if tuple(pair) not in filed})


def _acceptance_overdue(where, ent, today: date) -> int:
    rows = db.session.scalars(
        select(Project.id)
        .join(ent, Project.enterprise_id == ent.id)
        .join(RoundFiling, RoundFiling.project_id == Project.id)
        .join(PilotRound, RoundFiling.round_id == PilotRound.id)
        .where(*where)
        .where(PilotRound.acceptance_deadline < today, Project.status.not_in(ACCEPTANCE_DONE))
    )
    return len(list(rows))
