"""Offline evaluation on a labelled set (products.jsonl, needs.jsonl, qrels.tsv), indexed in a
temporary folder: nDCG@10, Recall@10 and MRR@10 for bm25, dense and hybrid."""

import json
import math
import os
import tempfile

from search_index.engine import Query, SearchEngine
from search_index.lexical import Document
from search_index.ranker import FormulaRanker

GENERIC = "generic"
METHODS = ("bm25", "dense", "hybrid")
K = 10


def read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_qrels(path: str) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[2].strip():
                grade = int(parts[2])
                if grade >= 1:
                    qrels.setdefault(parts[0], {})[parts[1]] = grade
    return qrels


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    return len(set(ranked[:k]) & set(grades)) / len(grades) if grades else 0.0


def mrr(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    return next((1.0 / (i + 1) for i, d in enumerate(ranked[:k]) if d in grades), 0.0)


def product_document(row: dict) -> Document:
    scopes = [str(s) for s in row.get("sub_industries") or []]
    return Document(
        id=str(row["id"]),
        name=row.get("name", ""),
        summary=row.get("summary", ""),
        description=row.get("description", ""),
        stages=list(row.get("stages") or []),
        scopes=scopes,
    )


def need_query(row: dict) -> Query:
    sub_industry = row.get("sub_industry")
    return Query(
        text=row["text"],
        stages=list(row.get("stages") or []),
        scopes=[str(sub_industry), GENERIC] if sub_industry else None,
        exact_scopes=[str(sub_industry)] if sub_industry else [],
    )


def rank_hybrid(engine: SearchEngine, query: Query, ranker=None, limit: int = K) -> list[str]:
    """The production ranking: hybrid retrieval, then the re-ranker (absent fields neutral)."""
    ranker = ranker or FormulaRanker()
    hits = engine.hybrid(query, limit=max(limit, 50))
    scored = sorted(hits, key=lambda h: -ranker.score(h.features))
    return [h.id for h in scored[:limit]]


def evaluate_dir(folder: str, encoder, stage_model=None) -> dict:
    products = read_jsonl(os.path.join(folder, "products.jsonl"))
    needs = read_jsonl(os.path.join(folder, "needs.jsonl"))
    qrels = read_qrels(os.path.join(folder, "qrels.tsv"))
    with tempfile.TemporaryDirectory(prefix="match-eval-") as tmp:
        engine = SearchEngine(tmp, encoder, stage_model)
        engine.index([product_document(p) for p in products], fresh=True)
        totals = {m: {"ndcg@10": 0.0, "recall@10": 0.0, "mrr@10": 0.0} for m in METHODS}
        judged = [n for n in needs if qrels.get(str(n["id"]))]
        for need in judged:
            grades = qrels[str(need["id"])]
            query = need_query(need)
            vector = engine.encode_query(query.text)
            rankings = {
                "bm25": [d for d, _ in engine.bm25(query.text, query.scopes, K)],
                "dense": [d for d, _ in engine.dense(query.text, query.scopes, K, vector)],
                "hybrid": rank_hybrid(engine, query),
            }
            for method, ranked in rankings.items():
                totals[method]["ndcg@10"] += ndcg(ranked, grades)
                totals[method]["recall@10"] += recall(ranked, grades)
                totals[method]["mrr@10"] += mrr(ranked, grades)
        engine.lexical.close()
    count = max(len(judged), 1)
    return {
        "n_needs": len(judged),
        "n_products": len(products),
        "methods": {
            m: {name: round(v / count, 4) for name, v in scores.items()}
            for m, scores in totals.items()
        },
    }


def judged_rows(folder: str, encoder, stage_model=None, depth: int = 20):
    """(need key, retrieval features, grade) for the `depth` best hybrid candidates of each
    judged need of FOLDER (unjudged candidates grade 0): graded judgements the re-ranker can
    learn from where the marketplace's own feedback is thin. Fields the set does not have
    (price, timeline, city, record) are left out, so they read as neutral."""
    name = os.path.basename(os.path.normpath(folder))
    products = read_jsonl(os.path.join(folder, "products.jsonl"))
    needs = read_jsonl(os.path.join(folder, "needs.jsonl"))
    qrels = read_qrels(os.path.join(folder, "qrels.tsv"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="match-judged-") as tmp:
        engine = SearchEngine(tmp, encoder, stage_model)
        engine.index([product_document(p) for p in products], fresh=True)
        for need in needs:
            grades = qrels.get(str(need["id"]))
            if not grades:
                continue
            for hit in engine.hybrid(need_query(need), limit=depth):
                features = {f: hit.features[f] for f in ("retrieval", "stage", "scope_exact")}
                rows.append((f"{name}:{need['id']}", features, grades.get(hit.id, 0)))
        engine.lexical.close()
    return rows
