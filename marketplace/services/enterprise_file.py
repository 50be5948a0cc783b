"""一企一档 (one file per enterprise): everything the platform holds on one enterprise, read
for its own page and its CSV/Excel export. Who may read it is the enterprise's own
visibility rule (models/access.py)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services import digital_level
from marketplace.services.workflow import events_for
from models import LevelAssessment, MatchResult, Need, Product, Project, QuoteRequest

CERTIFIED = "certified"


@dataclass
class ShownProduct:
    """One product as the enterprise saw it among its needs' matches."""

    product: Product
    first_shown_at: datetime
    last_shown_at: datetime
    times_shown: int  # page views of the matches that listed it
    needs: int  # of the enterprise's needs it was shown for
    quote_asked: bool  # its provider was asked to quote on one of those needs


@dataclass
class CurrentLevel:
    """The enterprise's level as the file states it: the latest certified one, else the
    latest self-assessed one (`kind` says which), else none."""

    level: int | None
    kind: str | None  # "certified" / "self"
    at: datetime | None

    @property
    def is_certified(self) -> bool:
        return self.kind == CERTIFIED


def current_level(enterprise, history: list[LevelAssessment]) -> CurrentLevel:
    """From the level history (oldest first); an enterprise that never answered the
    questionnaire still has the level it declared when registering, as self-assessed."""
    certified = [a for a in history if a.kind == CERTIFIED]
    latest = certified[-1] if certified else (history[-1] if history else None)
    if latest is not None:
        return CurrentLevel(latest.level, CERTIFIED if certified else "self", latest.created_at)
    declared = enterprise.self_assessed_level
    return CurrentLevel(declared, "self" if declared is not None else None, None)


def shown_products(need_ids: list[int]) -> list[ShownProduct]:
    """The distinct products shown to the enterprise on its needs' pages, most recently
    shown first (what officials and providers were shown is not the enterprise's record)."""
    shown = MatchResult.audience == "enterprise", MatchResult.need_id.in_(need_ids)
    rows = db.session.execute(
        select(
            MatchResult.product_id,
            func.min(MatchResult.shown_at),
            func.max(MatchResult.shown_at),
            func.count(),
            func.count(func.distinct(MatchResult.need_id)),
        )
        .where(*shown)
        .group_by(MatchResult.product_id)
    ).all()
    if not rows:
        return []
    products = {
        p.id: p
        for p in db.session.scalars(select(Product).where(Product.id.in_([r[0] for r in rows])))
    }
    shown_on = set(
        db.session.execute(
            select(MatchResult.need_id, MatchResult.product_id).where(*shown).distinct()
        ).all()
    )
    asked = set(
        db.session.execute(
            select(QuoteRequest.need_id, QuoteRequest.provider_id).where(
                QuoteRequest.need_id.in_(need_ids)
            )
        ).all()
    )
    digest = [
        ShownProduct(
            product=products[product_id],
            first_shown_at=first,
            last_shown_at=last,
            times_shown=times,
            needs=needs,
            quote_asked=any(
                (need_id, products[product_id].provider_id) in asked
                for need_id, shown_id in shown_on
                if shown_id == product_id
            ),
        )
        for product_id, first, last, times, needs in rows
    ]
    digest.sort(key=lambda s: (s.last_shown_at, s.product.id), reverse=True)
    return digest


def can_view_enterprise_file(user, enterprise) -> bool:
    """一企一档: the enterprise itself and the staff of its jurisdiction."""
    return enterprise.is_enterprise and enterprise.can_view(user)


def _newest_first(model, *where):
    return list(db.session.scalars(select(model).where(*where).order_by(model.created_at.desc())))


def enterprise_file(enterprise) -> dict:
    """Profile, level history and the one current level, needs, the digest of products
    shown, quotes, projects with their documents and events, subsidies."""
    needs = _newest_first(Need, Need.enterprise_id == enterprise.id)
    need_ids = [n.id for n in needs] or [-1]
    levels = digital_level.level_history(enterprise)
    projects = _newest_first(Project, Project.enterprise_id == enterprise.id)
    return {
        "enterprise": enterprise,
        "levels": levels,
        "current_level": current_level(enterprise, levels),
        "needs": needs,
        "shown_products": shown_products(need_ids),
        "quote_requests": _newest_first(QuoteRequest, QuoteRequest.need_id.in_(need_ids)),
        "projects": projects,
        "events": {p.id: events_for(p) for p in projects},
        "subsidy_confirmed": sum(
            (Decimal(p.subsidy_confirmed or 0) for p in projects), Decimal("0")
        ),
        "subsidy_paid": sum((p.subsidy_paid for p in projects), Decimal("0")),
    }
