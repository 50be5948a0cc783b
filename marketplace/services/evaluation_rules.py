"""The rules of marketplace/data/evaluation_rubric.json: the indicators with their weights and
how each raw figure maps onto points, the grade bands, the hard rules and the appeal window;
and what a period code (2026Q3, 2026) covers. Pure functions over plain figures; loaded once
per process."""

import json
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from marketplace.services.errors import InvalidInput

RUBRIC_FILE = Path(__file__).resolve().parent.parent / "data" / "evaluation_rubric.json"
PERIOD_CODE = re.compile(r"^(?P<year>20\d\d)(?:Q(?P<quarter>[1-4]))?$")
# the rule named when a final 清退 came from the score, not a hard rule
SCORE_RULE = "score_below_band"
# ... and when a city official set it (adjusting the draft, or upholding an appeal)
CITY_RULE = "grade_set_by_city"
HUNDREDTH = Decimal("0.01")


@cache
def rubric() -> dict:
    return json.loads(RUBRIC_FILE.read_text(encoding="utf-8"))


def indicators() -> list[dict]:
    return rubric()["indicators"]


def grades() -> tuple[str, ...]:
    return tuple(band["grade"] for band in rubric()["bands"])


def appeal_days(pilot_code: str | None) -> int:
    days = rubric()["appeal_days"]
    return int(days.get(pilot_code or "", days["default"]))


def period_dates(code: str) -> tuple[date, date]:
    """(first day, first day after) of a quarter 2026Q3 or a year 2026; InvalidInput otherwise."""
    match = PERIOD_CODE.match((code or "").strip().upper())
    if match is None:
        raise InvalidInput("evaluation_period_code")
    year = int(match["year"])
    if match["quarter"] is None:
        return date(year, 1, 1), date(year + 1, 1, 1)
    quarter = int(match["quarter"])
    starts = date(year, 3 * quarter - 2, 1)
    ends = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return starts, ends


def normalise_period_code(code: str) -> str:
    return (code or "").strip().upper()


def _hundredths(value) -> Decimal:
    return Decimal(str(value)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def points(indicator: dict, raw) -> Decimal:
    """The points a raw figure earns under the indicator's mapping (None: no records)."""
    weight = Decimal(str(indicator["weight"]))
    if raw is None:
        return _hundredths(weight * Decimal(str(indicator.get("no_data_share", 0))))
    raw = Decimal(str(raw))
    kind = indicator["map"]
    if kind == "linear":
        low, high = Decimal(str(indicator["from"])), Decimal(str(indicator["to"]))
        share = min(max((raw - low) / (high - low), Decimal(0)), Decimal(1))
        return _hundredths(weight * share)
    if kind == "steps":
        for step in indicator["steps"]:
            if raw <= Decimal(str(step["at_most"])):
                return _hundredths(weight * Decimal(str(step["share"])))
        return Decimal("0.00")
    if kind == "deduct":
        return _hundredths(max(weight - Decimal(str(indicator["per"])) * raw, Decimal(0)))
    raise ValueError(f"unknown mapping {kind!r}")


def band_grade(score: Decimal) -> str:
    for band in rubric()["bands"]:
        if score >= Decimal(str(band["at_least"])):
            return band["grade"]
    return rubric()["bands"][-1]["grade"]


def worse(grade: str, other: str) -> str:
    order = grades()
    return grade if order.index(grade) >= order.index(other) else other


def grade_for(score: Decimal, raw_by_code: dict, pilot_code: str) -> tuple[str, str | None]:
    """(grade, the hard rule that set it or None): the band of the score, lowered by every
    hard rule of the city whose indicator reaches its threshold."""
    grade, rule = band_grade(score), None
    for hard in rubric()["hard_rules"]:
        if hard.get("cities") and pilot_code not in hard["cities"]:
            continue
        raw = raw_by_code.get(hard["indicator"])
        if raw is None or Decimal(str(raw)) < Decimal(str(hard["at_least"])):
            continue
        lowered = worse(grade, hard["grade"])
        if lowered != grade or (rule is None and lowered == hard["grade"]):
            grade, rule = lowered, hard["code"]
    return grade, rule
