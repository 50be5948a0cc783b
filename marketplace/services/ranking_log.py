"""Rankings as they were shown, and what the re-ranker learns from them.

Every ranking shown is stored once per sitting (record_rankings), with the features the ranker
saw; `flask match train` fits the re-ranker on those rows, labelled by what followed (a quote
request, an accepted quote).
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import indexing
from marketplace.services.matching import Match, current_ranker, reset_ranker
from models import MatchResult, Need, NeedRanking, Product, QuoteRequest, utcnow

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
    """(features, label) per (need, product) pair shown (feedback_rows without the need)."""
    return [(features, label) for _, features, label in feedback_rows()]


def feedback_rows() -> list[tuple[str, dict, int]]:
    """(need key, features, label) per (need, product) pair shown: 0 nothing followed, 1 the
    enterprise asked that provider for a quote, 2 its quote was accepted. The last showing
    counts."""
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
        rows.append((f"need:{need_id}", dict(parts or {}), label))
    return rows


# Feedback is thin while fewer shown matches than this led to a quote request: the graded
# dev-set judgements are then trained on too (and the held-out needs include theirs).
THIN_FEEDBACK = 30
DEV_SETS = ("tests/data/match_dev", "tests/data/match_real")


def train_reranker(dev_sets=None) -> dict:
    """Train the re-ranker on the logged feedback (and, while it is thin, on the dev sets'
    judgements), compare it with the formula on held-out needs, and put it in use only where
    it wins (search_index/ranker_training.py); the decision is stored with the model under
    the search folder, and each ranking stores the version that made it."""
    import os

    from search_index.evaluate import judged_rows
    from search_index.ranker_training import train_and_decide

    feedback = feedback_rows()
    positives = sum(1 for _, _, label in feedback if label > 0)
    thin = positives < THIN_FEEDBACK
    used, dev = [], []
    if thin:
        encoder = indexing.get_encoder()
        stage_model = indexing.get_stage_model(encoder)
        root = os.path.dirname(current_app.root_path)  # the checkout the sets ship in
        for name in DEV_SETS if dev_sets is None else dev_sets:
            folder = os.path.join(root, name)  # an absolute name stays as it is
            if os.path.isdir(folder):
                dev += judged_rows(folder, encoder, stage_model)
                used.append(folder)
    about = {
        "feedback_rows": len(feedback),
        "feedback_positives": positives,
        "thin": thin,
        "thin_threshold": THIN_FEEDBACK,
        "dev_sets": used,
        "dev_rows": len(dev),
    }
    report = train_and_decide(feedback + dev, indexing.ranker_folder(), about)
    reset_ranker()
    return report


def ranking_audit(need: Need) -> dict:
    """What the officials' audit of a need's ranking shows: the ranker in use (kind, version,
    feature weights), the last training's decision (None before any), and the version and
    time of the need's stored ranking (None while it has none)."""
    from search_index.ranker import FORMULA, LEARNED, LearnedRanker, read_decision

    ranker = current_ranker()
    stored = db.session.get(NeedRanking, need.id)
    return {
        "kind": LEARNED if isinstance(ranker, LearnedRanker) else FORMULA,
        "version": ranker.version,
        "weights": ranker.weights(),
        "decision": read_decision(indexing.ranker_folder()),
        "stored_version": stored.model_version if stored else None,
        "stored_kind": None if stored is None else _kind_of(stored.model_version),
        "stored_at": stored.computed_at if stored else None,
    }


def _kind_of(version: str) -> str:
    """formula-v2 and its kin are the formula; trained models are versioned lr-…"""
    from search_index.ranker import FORMULA, LEARNED

    return FORMULA if version.startswith(FORMULA) else LEARNED
