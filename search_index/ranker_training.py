"""Training the re-ranker, and deciding whether it replaces the hand-set formula.

Rows are (need key, features, grade): grade 0 nothing followed, 1 a quote request (or a dev-set
judgement "relevant"), 2 an accepted quote (or "highly relevant"). The needs with a relevant
row are split by a stable hash of their key: HOLD_OUT of them (at least one) are held out, the
model is fit on the rows of all the others, and both rankers order each held-out need's rows.
The learned model is put in use only when its mean nDCG@10 over the held-out needs is higher
than the formula's; a tie keeps the formula. The decision is written either way.
"""

import hashlib
import math
from datetime import UTC, datetime

from search_index.ranker import (
    FEATURES,
    FORMULA,
    FORMULA_VERSION,
    LEARNED,
    FormulaRanker,
    fit_model,
    save_decision,
)

HOLD_OUT = 0.25  # share of the needs with a relevant row held out for the comparison
K = 10


def _order(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def held_out_needs(rows) -> set[str]:
    """The held-out need keys: a stable quarter of the needs that have a relevant row."""
    judged = sorted({key for key, _, grade in rows if grade > 0}, key=_order)
    if len(judged) < 2:
        return set()
    return set(judged[: max(1, round(len(judged) * HOLD_OUT))])


def ndcg(grades_in_order: list[int], k: int = K) -> float:
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades_in_order[:k]))
    ideal = sorted(grades_in_order, reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mean_ndcg(ranker, rows, keys: set[str]) -> float | None:
    """Mean nDCG@10 of `ranker` over the needs `keys`, each ranking its own rows (ties keep
    the rows' order)."""
    if not keys:
        return None
    by_need: dict[str, list[tuple[dict, int]]] = {}
    for key, features, grade in rows:
        if key in keys:
            by_need.setdefault(key, []).append((features, grade))
    scores = []
    for pairs in by_need.values():
        ranked = sorted(pairs, key=lambda pair: -ranker.score(pair[0]))
        scores.append(ndcg([grade for _, grade in ranked]))
    return round(sum(scores) / len(scores), 4)


def train_and_decide(rows: list[tuple[str, dict, int]], folder: str, about: dict) -> dict:
    """Fit on the training needs, compare on the held-out ones, persist the decision (and the
    model when it wins) in `folder`. `about` (where the rows came from) is kept with it.
    Returns the decision: in_use, version and weights of the ranker in use, both figures."""
    held = held_out_needs(rows)
    learned = fit_model([(f, g) for key, f, g in rows if key not in held])
    formula = FormulaRanker()
    formula_ndcg = mean_ndcg(formula, rows, held)
    learned_ndcg = mean_ndcg(learned, rows, held) if learned is not None else None
    wins = learned_ndcg is not None and formula_ndcg is not None and learned_ndcg > formula_ndcg
    in_use = learned if wins else formula
    decision = {
        **about,
        "rows": len(rows),
        "positives": sum(1 for _, _, grade in rows if grade > 0),
        "held_out_needs": len(held),
        "ndcg_formula": formula_ndcg,
        "ndcg_learned": learned_ndcg,
        "formula_version": FORMULA_VERSION,
        "learned_version": learned.version if learned is not None else None,
        "learned_weights": learned.weights() if learned is not None else None,
        "in_use": LEARNED if wins else FORMULA,
        "version": in_use.version,
        "weights": in_use.weights(),
        "features": list(FEATURES),
        "decided_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "saved": wins,
    }
    save_decision(folder, decision, learned if wins else None)
    return decision
