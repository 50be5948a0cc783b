"""Rankings as they were shown, and what the re-ranker learns from them.

Every ranking shown is stored once per sitting (record_rankings), with the features the ranker
saw; `flask match train` fits the re-ranker on those rows, labelled by what followed (a quote
request, an accepted quote).
"""

from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import indexing
from marketplace.services.matching import Match, reset_ranker
from models import MatchResult, Need, Product, QuoteRequest, utcnow

# A viewer reloading a page sees the same ranking again: that is one impression, not one per
# reload. Within this window an identical ranking (same products, ranks and model) shown to the
# same viewer is not stored again, which keeps the audit trail and the re-ranker's training
# data free of repeats and keeps GET pages from writing on every view.
IMPRESSION_WINDOW = timedelta(minutes=30)


def record_ranking(need: Need, matches: list[Match], viewer=None, audience="enterprise") -> None:
    """Store the ranking as shown, for audit and for training the re-ranker."""
    record_rankings([(need, matches)], viewer, audience)


def record_rankings(shown: list[tuple[Need, list[Match]]], viewer=None, audience="enterprise"):
    """Store each (need, ranking) as shown to `viewer`, but not a ranking this viewer was
    shown identically within IMPRESSION_WINDOW."""
    viewer_id = getattr(viewer, "id", None)
    already = _recent_impressions(viewer_id, audience, [need.id for need, _ in shown])
    for need, matches in shown:
        rows = [(need.id, m.product.id, rank, m.model_version) for rank, m in enumerate(matches, 1)]
        if rows and set(rows) <= already:
            continue
        for rank, match in enumerate(matches, start=1):
            db.session.add(
                MatchResult(
                    need_id=need.id,
                    product_id=match.product.id,
                    viewer_id=viewer_id,
                    audience=audience,
                    rank=rank,
                    score=match.score,
                    parts=match.parts,
                    model_version=match.model_version,
                )
            )


def _recent_impressions(viewer_id, audience: str, need_ids: list[int]) -> set[tuple]:
    """(need, product, rank, model) shown to this viewer within IMPRESSION_WINDOW."""
    if viewer_id is None or not need_ids:
        return set()
    rows = db.session.execute(
        select(
            MatchResult.need_id, MatchResult.product_id, MatchResult.rank, MatchResult.model_version
        ).where(
            MatchResult.viewer_id == viewer_id,
            MatchResult.audience == audience,
            MatchResult.need_id.in_(need_ids),
            MatchResult.shown_at >= utcnow() - IMPRESSION_WINDOW,
        )
    )
    return {tuple(row) for row in rows}


def training_rows() -> list[tuple[dict, int]]:
    """(features, label) per (need, product) pair shown: 0 nothing followed, 1 the enterprise
    asked that provider for a quote, 2 its quote was accepted. The last showing counts."""
    shown = db.session.execute(
        select(MatchResult.need_id, MatchResult.product_id, MatchResult.parts, Product.provider_id)
        .join(Product, MatchResult.product_id == Product.id)
        .order_by(MatchResult.id)
    ).all()
    latest = {
        (need_id, product_id): (parts, provider_id)
        for need_id, product_id, parts, provider_id in shown
    }
    requests = {
        (need_id, provider_id): status
        for need_id, provider_id, status in db.session.execute(
            select(QuoteRequest.need_id, QuoteRequest.provider_id, QuoteRequest.status)
        )
    }
    rows = []
    for (need_id, _product_id), (parts, provider_id) in latest.items():
        status = requests.get((need_id, provider_id))
        label = 0 if status is None else 2 if status == "accepted" else 1
        rows.append((dict(parts or {}), label))
    return rows


def train_reranker() -> dict:
    """Fit the re-ranker on the logged feedback; saved under the search folder when there is
    enough, and used from then on (its version is stored with each ranking)."""
    from search_index.ranker import train_ranker

    report = train_ranker(training_rows(), indexing.ranker_folder())
    reset_ranker()
    return report
