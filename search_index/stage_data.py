"""The texts the stage classifier learns from, with their stages and where they come from.

search_index/stage_training.jsonl is built from the repository's labelled data by
`python -m search_index.stage_data` and committed, so fitting needs no file outside the package:
- products: the 152 stage-labelled real products (tests/data/match_real/products.jsonl);
- reference: the per-scene L1–L4 descriptions of 《中小企业数字化水平评测指标》 (2024),
  condensed in ../shared/reference/digital_level.md §3.3;
- dev: the needs of tests/data/match_real and tests/data/match_dev with their stages.
The register sets (match_standard, match_phone, match_english) are left out on purpose: they
are the held-out test of stage inference. The lexicon's own descriptions are added at fit time.

search_index/stage_written.jsonl is written by hand, not built: need-like texts for every stage
in the registers the labelled data lacks, each its own source for grouped cross-validation:
`written-colloquial` (a manager's pain point, no jargon), `written-english` and
`written-scene` (the indicator's way of describing a scene at its levels). None is taken from
a product description or from a set stage inference or matching is evaluated on.
"""

import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
TRAINING_FILE = os.path.join(HERE, "stage_training.jsonl")
WRITTEN_FILE = os.path.join(HERE, "stage_written.jsonl")
PRODUCT_TEXT_CHARS = 400


def load_training(path: str = TRAINING_FILE) -> list[dict]:
    """Rows of {"text", "stages", "source"}."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_written(path: str = WRITTEN_FILE) -> list[dict]:
    """The hand-written rows {"text", "stages", "source"} (see the module docstring)."""
    return load_training(path)


def product_text(row: dict) -> str:
    return f"{row.get('name', '')} {row.get('description', '')}"[:PRODUCT_TEXT_CHARS]


def _read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _reference_rows(path: str, stages: tuple[str, ...]) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 5 and cells[0] in stages:
                for cell in cells[1:]:
                    text = re.sub(r"\*+", "", cell)
                    rows.append({"text": text, "stages": [cells[0]], "source": "reference"})
    return rows


def _dev_rows(repo: str) -> list[dict]:
    sys.path.insert(0, os.path.join(repo, "tests", "data", "match_real"))
    from build import NEEDS  # tests/data/match_real/build.py

    rows = [{"text": text, "stages": [stage], "source": "dev"} for stage, text in NEEDS]
    folder = os.path.join(repo, "tests", "data", "match_dev")
    products = {p["id"]: p for p in _read_jsonl(os.path.join(folder, "products.jsonl"))}
    solving: dict[str, list[str]] = {}
    with open(os.path.join(folder, "qrels.tsv"), encoding="utf-8") as f:
        for line in f:
            need_id, product_id, grade = line.rstrip("\n").split("\t")[:3]
            if int(grade) == 2:
                solving.setdefault(need_id, []).append(product_id)
    for need in _read_jsonl(os.path.join(folder, "needs.jsonl")):
        votes = Counter(s for p in solving.get(need["id"], []) for s in products[p]["stages"])
        if votes:
            top = max(votes.values())
            stages = sorted(s for s, v in votes.items() if v == top)
            rows.append({"text": need["text"], "stages": stages, "source": "dev"})
    return rows


def build(repo: str, reference: str, stages: tuple[str, ...]) -> list[dict]:
    products = _read_jsonl(os.path.join(repo, "tests", "data", "match_real", "products.jsonl"))
    rows = [
        {"text": product_text(p), "stages": list(p["stages"]), "source": "products"}
        for p in products
    ]
    return rows + _reference_rows(reference, stages) + _dev_rows(repo)


if __name__ == "__main__":
    root = os.path.dirname(HERE)
    sys.path.insert(0, root)
    from models.stages import STAGES  # only when building the file, never at run time

    ref = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/digital_level.md"
    with open(TRAINING_FILE, "w", encoding="utf-8") as out:
        for row in build(root, ref, STAGES):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
