"""Project and subsidy figures for the dashboard (models/project.py, models/subsidy.py)."""

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from marketplace.extensions import db
from marketplace.services.subsidy_budget import budget_use
from marketplace.services.supervision.scope import Scope, enterprise_conditions, scope_pilots
from models import Organisation, Project

COMMITTED_STATUSES = ("subsidy_confirmed", "paid")


def _pct(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def project_figures(scope: Scope, *, sub_industry_id=None, district_id=None, **_) -> dict:
    """Projects by stage, subsidy committed and paid against the cities' budgets (and the
    budgets past 80% / 100%), the overdue projects (in progress with a milestone past due)
    and the rectifications past their deadline."""
    ent = aliased(Organisation)
    query = (
        select(Project)
        .join(ent, Project.enterprise_id == ent.id)
        .where(*enterprise_conditions(ent, scope, sub_industry_id, district_id))
        .where(Project.in_jurisdiction(scope.jurisdiction))
    )
    projects = list(
        db.session.scalars(
            query.options(selectinload(Project.payments), selectinload(Project.milestones))
        )
    )
    by_status = Counter(p.status for p in projects)
    committed = sum(
        (float(p.subsidy_confirmed or 0) for p in projects if p.status in COMMITTED_STATUSES),
        0.0,
    )
    paid = sum(
        (float(pay.amount) for p in projects for pay in p.payments if pay.status == "paid"),
        0.0,
    )
    # each city's budget: the version its officials set (services/subsidy_budget.py), else
    # the pilot's published figure
    budgets = [budget_use(p.id) for p in scope_pilots(scope)]
    published = {p.id: float(p.subsidy_budget_wan or 0) * 10000 for p in scope_pilots(scope)}
    budget = sum(
        float(use.budget) if use.budget is not None else published[use.pilot_id] for use in budgets
    )
    overdue = [p for p in projects if p.is_overdue]
    overdue.sort(key=lambda p: min(m.due_on for m in p.overdue_milestones))
    late_rectifications = sorted(
        (p for p in projects if p.is_rectify_overdue), key=lambda p: p.rectify_deadline
    )
    return {
        "total": len(projects),
        "by_status": [(status, by_status.get(status, 0)) for status in Project.STATUSES],
        "committed": committed,
        "paid": paid,
        "budget": budget,
        "committed_pct": _pct(committed, budget),
        "paid_pct": _pct(paid, budget),
        "overdue": overdue,
        # versioned budgets at 80% or more of their amount (warning) or 100% (exhausted)
        "budget_alerts": [use for use in budgets if use.level in ("warning", "exhausted")],
        "overdue_rectifications": late_rectifications,
    }
