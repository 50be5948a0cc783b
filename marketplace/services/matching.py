"""Ranks approved products for a need (and open needs for a provider), with the reasons.

First matcher: lexical BM25F within the need's sub-industry plus generic products,
re-ranked with stage overlap, price and timeline fit. Every ranking shown is stored.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.services.indexing import GENERIC_SCOPE, product_index
from models import MatchResult, Need, Organisation, Product
from models.product import product_sub_industries

MODEL_VERSION = "formula-v1"
WEIGHTS = {"stage": 0.45, "lexical": 0.35, "price": 0.1, "timeline": 0.1}
GENERIC_FACTOR = 0.9


@dataclass
class Match:
    product: Product
    score: float
    parts: dict[str, float]
    shared_stages: list[str] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)
    price_fit: str = "unknown"  # within / below / above / unknown
    timeline_fit: str = "unknown"  # fits / tight / unknown
    is_generic_match: bool = False


def need_text(need: Need) -> str:
    return f"{need.title}\n{need.description}"


def _candidates(need: Need) -> list[Product]:
    sub_industry_id = need.enterprise.sub_industry_id
    in_scope = select(product_sub_industries.c.product_id).where(
        product_sub_industries.c.sub_industry_id == sub_industry_id
    )
    query = (
        select(Product)
        .join(Organisation, Product.provider_id == Organisation.id)
        .where(Product.status == Product.VISIBLE_STATUS, Organisation.status == "approved")
        .where(Product.id.in_(in_scope) | Product.is_generic)
        .options(selectinload(Product.stage_links), selectinload(Product.sub_industries))
    )
    return list(db.session.scalars(query))


def _price_fit(need: Need, product: Product) -> tuple[str, float]:
    if not need.budget_max:
        return "unknown", 0.5
    price = float(product.pilot_price)
    if price <= float(need.budget_max):
        if need.budget_min and price < float(need.budget_min) * 0.5:
            return "below", 0.8
        return "within", 1.0
    over = price / float(need.budget_max)
    return "above", max(0.0, 1.5 - over)


def _timeline_fit(need: Need, product: Product) -> tuple[str, float]:
    if not need.duration_days:
        return "unknown", 0.5
    if product.deployment_days <= need.duration_days:
        return "fits", 1.0
    return "tight", max(0.0, need.duration_days / product.deployment_days)


def rank_products_for_need(need: Need, limit: int = 20) -> list[Match]:
    candidates = {p.id: p for p in _candidates(need)}
    if not candidates:
        return []
    text = need_text(need)
    scopes = [str(need.enterprise.sub_industry_id), GENERIC_SCOPE]
    lexical = dict(product_index().search(text, limit=500, scopes=scopes))
    top_lexical = max(lexical.values(), default=0.0) or 1.0
    need_stages = set(need.stages)
    matches = []
    for product in candidates.values():
        shared = [s for s in product.stages if s in need_stages]
        stage_score = len(shared) / len(need_stages) if need_stages else 0.0
        lexical_score = lexical.get(product.id, 0.0) / top_lexical
        if not shared and lexical_score == 0:
            continue
        price_fit, price_score = _price_fit(need, product)
        timeline_fit, timeline_score = _timeline_fit(need, product)
        parts = {
            "stage": round(stage_score, 4),
            "lexical": round(lexical_score, 4),
            "price": round(price_score, 4),
            "timeline": round(timeline_score, 4),
        }
        generic = product.is_generic and need.enterprise.sub_industry not in product.sub_industries
        score = sum(WEIGHTS[k] * v for k, v in parts.items()) * (GENERIC_FACTOR if generic else 1)
        matches.append(
            Match(product, round(score, 4), parts, shared, [], price_fit, timeline_fit, generic)
        )
    matches.sort(key=lambda m: (-m.score, m.product.id))
    top = matches[:limit]
    for match in top:
        match.key_terms = product_index().highlights(match.product.id, text)
    return top


def rank_needs_for_provider(provider: Organisation, limit: int = 30) -> list[tuple[Need, Match]]:
    """Leads: open needs of the cities the provider serves, ranked by its best product."""
    pilot_ids = {provider.pilot_id} | {p.id for p in provider.served_pilots}
    needs = db.session.scalars(
        select(Need)
        .join(Organisation, Need.enterprise_id == Organisation.id)
        .where(Need.status == Need.OPEN_STATUS, Organisation.pilot_id.in_(pilot_ids))
        .order_by(Need.created_at.desc())
        .limit(300)
    ).all()
    leads = []
    for need in needs:
        best = next(
            (
                m
                for m in rank_products_for_need(need, limit=50)
                if m.product.provider_id == provider.id
            ),
            None,
        )
        if best is not None:
            leads.append((need, best))
    leads.sort(key=lambda pair: -pair[1].score)
    return leads[:limit]


def record_ranking(need: Need, matches: list[Match], viewer=None, audience="enterprise") -> None:
    """Store the ranking as shown, for audit and for training the re-ranker."""
    for rank, match in enumerate(matches, start=1):
        db.session.add(
            MatchResult(
                need_id=need.id,
                product_id=match.product.id,
                viewer_id=getattr(viewer, "id", None),
                audience=audience,
                rank=rank,
                score=match.score,
                parts=match.parts,
                model_version=MODEL_VERSION,
            )
        )
