"""`flask match evaluate` and `flask match bench`: exact output shapes, and the dev sets."""

import json
import os
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
METRICS = {"ndcg@10", "recall@10", "mrr@10"}
BENCH_KEYS = {
    "index_products_per_s",
    "encode_texts_per_s",
    "query_ms_p50",
    "query_ms_p95",
    "bruteforce_ms_p50",
    "rss_mb",
}


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(runner, folder):
    result = runner.invoke(args=["match", "evaluate", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_evaluate_prints_the_documented_object_and_leaves_the_site_index_alone(app, runner):
    site_index = Path(app.config["SEARCH_INDEX_DIR"])
    before = sorted(p for p in site_index.rglob("*")) if site_index.exists() else []
    report = evaluate(runner, DATA / "match_dev")
    assert set(report) == {"n_needs", "n_products", "methods"}
    assert report["n_needs"] == 24
    assert report["n_products"] == 36
    assert set(report["methods"]) == {"bm25", "dense", "hybrid"}
    for scores in report["methods"].values():
        assert set(scores) == METRICS
        assert all(0 <= v <= 1 for v in scores.values())
    after = sorted(p for p in site_index.rglob("*")) if site_index.exists() else []
    assert after == before


def test_hybrid_is_at_least_as_good_as_each_method_on_the_dev_set(runner):
    methods = evaluate(runner, DATA / "match_dev")["methods"]
    hybrid = methods["hybrid"]["ndcg@10"]
    assert hybrid >= methods["bm25"]["ndcg@10"]
    assert hybrid >= methods["dense"]["ndcg@10"]


def test_hybrid_understands_the_stage_of_real_needs(runner):
    methods = evaluate(runner, DATA / "match_real")["methods"]
    assert methods["hybrid"]["ndcg@10"] >= 0.80
    assert methods["hybrid"]["ndcg@10"] > max(
        m["ndcg@10"] for m in methods.values() if m is not methods["hybrid"]
    )


def test_evaluate_text_output_lists_every_method(runner):
    result = runner.invoke(args=["match", "evaluate", str(DATA / "match_dev")])
    assert result.exit_code == 0, result.output
    for name in ("bm25", "dense", "hybrid", "nDCG@10", "Recall@10", "MRR@10"):
        assert name in result.output


def test_bench_json_has_exactly_the_documented_keys(runner):
    result = runner.invoke(args=["match", "bench", "--products", "300", "--queries", "5", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == BENCH_KEYS
    assert all(isinstance(v, int | float) and v > 0 for v in report.values())


@pytest.mark.parametrize("name", ["match_dev", "match_real", "match_industry"])
def test_dev_set_files_are_consistent(name):
    folder = DATA / name
    products = {row["id"] for row in read_jsonl(folder / "products.jsonl")}
    needs = {row["id"] for row in read_jsonl(folder / "needs.jsonl")}
    with open(folder / "qrels.tsv", encoding="utf-8") as f:
        for line in f:
            need_id, product_id, grade = line.rstrip("\n").split("\t")
            assert need_id in needs
            assert product_id in products
            assert int(grade) >= 1
    assert os.path.getsize(folder / "needs.jsonl") > 0
