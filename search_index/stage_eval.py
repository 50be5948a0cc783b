"""How well stage inference names a text's stage, per stage, for the lexicon alone, the
classifier alone and the blend (without catalog neighbours: those depend on an index).

Two tests, neither of which sees the text it scores:
- cross-validation grouped by source: the model is fitted without one source (products,
  reference, dev, lexicon) and scored on it;
- held-out sets: fitted on all the training rows, scored on labelled need folders that are not
  part of them (the register sets).
A prediction is right when its best stage is one of the text's stages; abstaining is wrong.
"""

import json
import os

import numpy as np

from search_index.common_directions import chinese_share
from search_index.stage_classifier import default_rows, training_vectors
from search_index.stage_lexicon import STAGE_DESCRIPTIONS
from search_index.stages import ABSTAIN, NEIGHBOURS, StageModel

SIGNALS = ("lexicon", "classifier", "blend")


def _predictions(
    model: StageModel, texts: list[str], vectors: np.ndarray, catalog=None
) -> dict[str, list]:
    """catalog: (vectors, stages, Chinese shares) of the products the model may use as
    neighbours."""
    out = {s: [] for s in SIGNALS}
    for text, vector in zip(texts, vectors, strict=True):
        neighbours = []
        if catalog is not None and len(catalog[1]):
            sims = model.directions.similarities(
                catalog[0], catalog[2], vector, chinese_share(text)
            )
            order = np.argsort(-sims)[:NEIGHBOURS]
            neighbours = [catalog[1][i] for i in order]
        lexicon = model.lexicon_scores(text)
        out["lexicon"].append(model.names[int(lexicon.argmax())] if lexicon.sum() > 0 else None)
        proba = model.classifier.predict([text], vector)[0]
        best = int(proba.argmax())
        out["classifier"].append(model.names[best] if proba[best] >= ABSTAIN else None)
        weights = model.infer(text, vector, neighbours)
        out["blend"].append(max(weights, key=weights.get) if weights else None)
    return out


def _tally(gold: list[list[str]], predicted: dict[str, list], names) -> dict:
    table = {}
    for signal, guesses in predicted.items():
        per_stage = {s: [0, 0] for s in names}
        answered = 0
        for stages, guess in zip(gold, guesses, strict=True):
            answered += guess is not None
            for s in stages:
                per_stage[s][1] += 1
                per_stage[s][0] += guess in stages
        right = sum(g in stages for stages, g in zip(gold, guesses, strict=True))
        table[signal] = {
            "accuracy": round(right / max(len(gold), 1), 4),
            "coverage": round(answered / max(len(gold), 1), 4),
            "per_stage": {s: round(r / n, 4) if n else None for s, (r, n) in per_stage.items()},
        }
    return {"n": len(gold), "signals": table}


def _catalog(rows: list[dict], vectors: np.ndarray, allowed) -> tuple:
    """The products among the allowed training rows: the catalog whose labels vote."""
    keep = [i for i in allowed if rows[i]["source"] == "products"]
    shares = [chinese_share(rows[i]["text"]) for i in keep]
    return vectors[keep], [rows[i]["stages"] for i in keep], shares


def read_need_folder(folder: str) -> list[dict]:
    """Needs with their answer key (`stage`) as rows {"text", "stages"}."""
    with open(os.path.join(folder, "needs.jsonl"), encoding="utf-8") as f:
        needs = [json.loads(line) for line in f if line.strip()]
    return [{"text": n["text"], "stages": [n["stage"]]} for n in needs if n.get("stage")]


def evaluate_stages(encoder, held_out: dict[str, str] | None = None) -> dict:
    """held_out: name → folder of needs with a `stage` answer key."""
    rows = default_rows(STAGE_DESCRIPTIONS)
    vectors = training_vectors(encoder, [r["text"] for r in rows])
    sources = sorted({r["source"] for r in rows})
    result = {"cross_validation": {}, "held_out": {}}
    gold, predicted = [], {s: [] for s in SIGNALS}
    for source in sources:
        train = [i for i, r in enumerate(rows) if r["source"] != source]
        test = [i for i, r in enumerate(rows) if r["source"] == source]
        model = StageModel(encoder, training=[rows[i] for i in train], vectors=vectors[train])
        guesses = _predictions(
            model, [rows[i]["text"] for i in test], vectors[test], _catalog(rows, vectors, train)
        )
        part_gold = [rows[i]["stages"] for i in test]
        result["cross_validation"][source] = _tally(part_gold, guesses, model.names)
        gold += part_gold
        for s in SIGNALS:
            predicted[s] += guesses[s]
    result["cross_validation"]["all"] = _tally(gold, predicted, model.names)
    if held_out:
        model = StageModel(encoder, training=rows, vectors=vectors)
        gold, predicted = [], {s: [] for s in SIGNALS}
        for name, folder in held_out.items():
            needs = read_need_folder(folder)
            texts = [n["text"] for n in needs]
            catalog = _catalog(rows, vectors, range(len(rows)))
            guesses = _predictions(model, texts, encoder.encode(texts), catalog)
            part_gold = [n["stages"] for n in needs]
            result["held_out"][name] = _tally(part_gold, guesses, model.names)
            gold += part_gold
            for s in SIGNALS:
                predicted[s] += guesses[s]
        result["held_out"]["all"] = _tally(gold, predicted, model.names)
    return result
