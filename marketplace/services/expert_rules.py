"""How each city vets: marketplace/data/expert_review.json (single official or expert panel,
the panel's size, the notice period, the criteria and their weights). Loaded once per process."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "expert_review.json"
SCORE_MIN, SCORE_MAX = 1, 10  # each criterion is scored 1..10, weighted to a total of 100
SUBJECT_KINDS = ("organisations", "products")


@cache
def _rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class CityReview:
    review_mode: str
    publicity_days: int
    panel_min: int
    panel_max: int
    criteria: dict  # subject kind → [{key, weight, text, text_en}]

    @property
    def is_panel(self) -> bool:
        return self.review_mode == "panel"


def city_review(pilot_code: str | None) -> CityReview:
    rules = _rules()
    spec = {**rules["default"], **rules["cities"].get(pilot_code or "", {})}
    return CityReview(
        review_mode=spec["review_mode"],
        publicity_days=int(spec["publicity_days"]),
        panel_min=int(spec["panel_min"]),
        panel_max=int(spec["panel_max"]),
        criteria=spec.get("criteria", {}),
    )


def criteria_for(pilot_code: str | None, subject_kind: str) -> list[dict]:
    return list(city_review(pilot_code).criteria.get(subject_kind, []))


def criterion_text(pilot_code: str | None, key: str) -> dict:
    """The criterion's record (text, text_en) in the city's data, for pages."""
    groups = [*city_review(pilot_code).criteria.values()]
    groups += [c["criteria"] for c in selection_categories(pilot_code).values()]
    for records in groups:
        for record in records:
            if record["key"] == key:
                return record
    return {"text": key}


def selection_categories(pilot_code: str | None) -> dict:
    """The city's selection categories: key → {target, nominee, award_item, criteria}."""
    return dict(_rules().get("selection", {}).get(pilot_code or "", {}))


def weighted_total(criteria: list[dict], scores: dict) -> float:
    """Σ weight × score / SCORE_MAX, over the criteria's weights (out of 100 when they sum
    to 100)."""
    weights = sum(c["weight"] for c in criteria) or 1
    points = sum(c["weight"] * scores[c["key"]] for c in criteria)
    return round(points * 100 / (weights * SCORE_MAX), 1)


def is_panel_city(pilot_code: str | None) -> bool:
    return city_review(pilot_code).is_panel
