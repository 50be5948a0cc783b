"""一企一档 (one file per enterprise): everything the platform holds on one enterprise, read
for its own page and its CSV/Excel export. Who may read it is the enterprise's own
visibility rule (models/access.py)."""

from decimal import Decimal

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import digital_level
from marketplace.services.workflow import events_for
from models import MatchResult, Need, Product, Project, QuoteRequest


def can_view_enterprise_file(user, enterprise) -> bool:
    """一企一档: the enterprise itself and the staff of its jurisdiction."""
    return enterprise.is_enterprise and enterprise.can_view(user)


def _newest_first(model, *where):
    return list(db.session.scalars(select(model).where(*where).order_by(model.created_at.desc())))


def enterprise_file(enterprise) -> dict:
    """Profile, level history, needs, matches shown, quotes, projects with their documents
    and events, subsidies."""
    needs = _newest_first(Need, Need.enterprise_id == enterprise.id)
    need_ids = [n.id for n in needs] or [-1]
    matches = db.session.execute(
        select(MatchResult, Product)
        .join(Product, Product.id == MatchResult.product_id)
        .where(MatchResult.need_id.in_(need_ids))
        .order_by(MatchResult.shown_at.desc(), MatchResult.rank)
        .limit(200)
    ).all()
    projects = _newest_first(Project, Project.enterprise_id == enterprise.id)
    return {
        "enterprise": enterprise,
        "levels": digital_level.level_history(enterprise),
        "needs": needs,
        "matches": matches,
        "quote_requests": _newest_first(QuoteRequest, QuoteRequest.need_id.in_(need_ids)),
        "projects": projects,
        "events": {p.id: events_for(p) for p in projects},
        "subsidy_confirmed": sum(
            (Decimal(p.subsidy_confirmed or 0) for p in projects), Decimal("0")
        ),
        "subsidy_paid": sum((p.subsidy_paid for p in projects), Decimal("0")),
    }
