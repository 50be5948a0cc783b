"""The sub-industry dev set (tests/data/match_industry): a need specific to one sub-industry is
answered first by the product made for that sub-industry, then by the generic product of the
same scene, even when the generic product's copy names the sub-industry too."""

import json
from pathlib import Path

import pytest

from marketplace.services.indexing import get_encoder, get_stage_model
from search_index.engine import SearchEngine
from search_index.evaluate import (
    need_query,
    product_document,
    rank_hybrid,
    read_jsonl,
    read_qrels,
)

FOLDER = Path(__file__).parent / "data" / "match_industry"


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    """need id → the hybrid's top 10, on the set's own catalog."""
    encoder = get_encoder("use-multilingual")
    engine = SearchEngine(
        str(tmp_path_factory.mktemp("industry")), encoder, get_stage_model(encoder)
    )
    engine.index([product_document(p) for p in read_jsonl(FOLDER / "products.jsonl")], fresh=True)
    out = {n["id"]: rank_hybrid(engine, need_query(n)) for n in read_jsonl(FOLDER / "needs.jsonl")}
    engine.lexical.close()
    return out


def test_industry_set_pairs_an_exact_product_with_generic_ones():
    products = {p["id"]: p for p in read_jsonl(FOLDER / "products.jsonl")}
    needs = read_jsonl(FOLDER / "needs.jsonl")
    qrels = read_qrels(FOLDER / "qrels.tsv")
    assert len(needs) >= 40
    assert len({n["sub_industry"] for n in needs}) >= 8
    for need in needs:
        grades = qrels[need["id"]]
        exact = [p for p, g in grades.items() if g == 2]
        generic = [p for p, g in grades.items() if g == 1]
        assert len(exact) == 1, need["id"]
        assert generic, need["id"]
        assert products[exact[0]]["sub_industries"] == [need["sub_industry"]]
        assert need["stage"] in products[exact[0]]["stages"]
        assert all(products[p]["sub_industries"] == ["generic"] for p in generic)
        assert not any(need["text"] in p["description"] for p in products.values())


def test_exact_industry_product_outranks_every_generic_one(ranked):
    qrels = read_qrels(FOLDER / "qrels.tsv")
    for need_id, top in ranked.items():
        grades = qrels[need_id]
        exact = next(p for p, g in grades.items() if g == 2)
        assert exact in top, need_id
        for generic in (p for p, g in grades.items() if g == 1):
            if generic in top:
                assert top.index(exact) < top.index(generic), (need_id, top)


def test_exact_industry_product_is_first_for_most_needs(ranked):
    qrels = read_qrels(FOLDER / "qrels.tsv")
    first = sum(
        top[0] == next(p for p, g in qrels[n].items() if g == 2) for n, top in ranked.items()
    )
    assert first / len(ranked) >= 0.9


def test_match_evaluate_on_the_industry_set_puts_hybrid_first(runner):
    result = runner.invoke(args=["match", "evaluate", str(FOLDER), "--json"])
    assert result.exit_code == 0, result.output
    methods = json.loads(result.output)["methods"]
    assert methods["hybrid"]["ndcg@10"] >= 0.92
    assert methods["hybrid"]["ndcg@10"] >= methods["bm25"]["ndcg@10"]
    assert methods["hybrid"]["ndcg@10"] >= methods["dense"]["ndcg@10"]
