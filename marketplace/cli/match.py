"""`flask match …`: evaluate, bench and train the matcher."""

import json

import click
from flask.cli import with_appcontext

METHOD_NAMES = ("bm25", "dense", "hybrid")


@click.group("match")
def match() -> None:
    """Matching: evaluation on labelled sets, benchmarks, re-ranker training."""


def _encoder_and_stages():
    from marketplace.services.indexing import get_encoder, get_stage_model

    encoder = get_encoder()
    return encoder, get_stage_model(encoder)


@match.command("evaluate")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def evaluate(folder: str, as_json: bool) -> None:
    """Rank every need of FOLDER (products.jsonl, needs.jsonl, qrels.tsv) with bm25, dense
    and hybrid in a temporary index; print nDCG@10, Recall@10 and MRR@10."""
    from search_index.evaluate import evaluate_dir

    encoder, stage_model = _encoder_and_stages()
    result = evaluate_dir(folder, encoder, stage_model)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(
        f"needs {result['n_needs']}  products {result['n_products']}  encoder {encoder.name}"
    )
    click.echo(f"{'method':<8}{'nDCG@10':>10}{'Recall@10':>11}{'MRR@10':>9}")
    for name in METHOD_NAMES:
        m = result["methods"][name]
        click.echo(f"{name:<8}{m['ndcg@10']:>10.4f}{m['recall@10']:>11.4f}{m['mrr@10']:>9.4f}")


@match.command("bench")
@click.option("--products", "n_products", type=click.IntRange(1), default=20000, show_default=True)
@click.option("--queries", "n_queries", type=click.IntRange(1), default=200, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def bench(n_products: int, n_queries: int, as_json: bool) -> None:
    """Index a synthetic catalog of N products in a temporary folder and time Q needs."""
    from search_index.bench import run_bench

    encoder, stage_model = _encoder_and_stages()
    if as_json:
        result = run_bench(encoder, stage_model, n_products, n_queries)
        click.echo(json.dumps(result))
        return
    from tqdm import tqdm

    with tqdm(total=n_products, desc="index", unit="products", leave=False) as bar:
        result = run_bench(
            encoder, stage_model, n_products, n_queries, progress=lambda d: bar.update(d - bar.n)
        )
    for key, value in result.items():
        click.echo(f"{key}: {value}")


REGISTER_SETS = ("tests/data/match_standard", "tests/data/match_phone", "tests/data/match_english")


@match.command("stages")
@click.option(
    "--held-out",
    "held_out",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="A need folder with a `stage` answer key, not trained on (default: the register sets).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def stages(held_out: tuple[str, ...], as_json: bool) -> None:
    """Stage inference accuracy per stage for the lexicon alone, the classifier alone and the
    blend: cross-validated by source, and on held-out need folders."""
    import os

    from marketplace.services.indexing import get_encoder
    from search_index.stage_eval import SIGNALS, evaluate_stages

    folders = held_out or tuple(f for f in REGISTER_SETS if os.path.isdir(f))
    names = {os.path.basename(os.path.normpath(f)): f for f in folders}
    result = evaluate_stages(get_encoder(), names)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    tables = [("cross-validated", result["cross_validation"]["all"])]
    if result["held_out"]:
        tables.append(("held out", result["held_out"]["all"]))
    header = "".join(f"{f'{t[:4]} {s[:5]}':>12}" for t, _ in tables for s in SIGNALS)
    click.echo(f"{'stage':<10}{header}")
    stage_names = list(tables[0][1]["signals"]["blend"]["per_stage"])
    for stage in stage_names:
        cells = []
        for _, table in tables:
            for signal in SIGNALS:
                value = table["signals"][signal]["per_stage"][stage]
                cells.append(f"{'-' if value is None else f'{value:.2f}':>12}")
        click.echo(f"{stage:<10}" + "".join(cells))
    for label, key in (("accuracy", "accuracy"), ("answered", "coverage")):
        cells = "".join(
            f"{table['signals'][s][key]:>12.4f}" for _, table in tables for s in SIGNALS
        )
        click.echo(f"{label:<10}{cells}")
    for part in ("cross_validation", "held_out"):
        for name, table in result[part].items():
            if name != "all":
                scores = "  ".join(f"{s} {table['signals'][s]['accuracy']:.4f}" for s in SIGNALS)
                click.echo(f"{part} {name} (n={table['n']}): {scores}")


@match.command("train")
@click.option(
    "--dev-set",
    "dev_sets",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="A judged folder (products.jsonl, needs.jsonl, qrels.tsv) trained on while feedback "
    "is thin (default: tests/data/match_dev and tests/data/match_real).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def train(dev_sets: tuple[str, ...], as_json: bool) -> None:
    """Train the re-ranker on logged feedback (shown → quote requested → accepted), and on
    graded dev-set judgements while the feedback is thin; compare it with the formula by
    nDCG@10 on held-out needs and put it in use only when it wins."""
    from marketplace.services.ranking_log import train_reranker

    report = train_reranker(dev_sets or None)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    click.echo(
        f"feedback: {report['feedback_rows']} shown matches, "
        f"{report['feedback_positives']} led to a quote request"
    )
    if report["thin"]:
        click.echo(
            f"feedback is thin (fewer than {report['thin_threshold']} quote requests): also "
            f"training on {report['dev_rows']} graded dev-set judgements from "
            + (", ".join(report["dev_sets"]) or "no dev set found")
        )
    click.echo(
        f"{report['rows']} rows, {report['positives']} relevant; "
        f"{report['held_out_needs']} needs held out for the comparison"
    )
    click.echo(f"formula {report['formula_version']}: nDCG@10 {_figure(report['ndcg_formula'])}")
    if report["learned_version"]:
        click.echo(
            f"learned {report['learned_version']}: nDCG@10 {_figure(report['ndcg_learned'])}"
        )
    else:
        click.echo("learned: not trained (too few rows, or only one outcome)")
    if report["saved"]:
        click.echo(f"the learned re-ranker wins: {report['version']} is now in use")
    else:
        click.echo(f"the learned re-ranker does not beat the formula: keeping {report['version']}")
    for name, weight in report["weights"].items():
        click.echo(f"  {name:<12}{weight:>8.4f}")


def _figure(value) -> str:
    return "-" if value is None else f"{value:.4f}"
