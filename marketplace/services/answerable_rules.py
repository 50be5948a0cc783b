"""The rules of marketplace/data/answerable.json: complaint categories, each city's response
deadline (calendar days after the day a complaint is filed), the blacklist rules and their
default periods. Loaded once per process."""

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "answerable.json"


@cache
def _rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def complaint_categories() -> tuple[str, ...]:
    return tuple(_rules()["complaint_categories"])


def response_days(pilot_code: str | None) -> int:
    days = _rules()["complaint_response_days"]
    return int(days.get(pilot_code or "", days["default"]))


def respond_by(filed_on: date, pilot_code: str | None) -> date:
    """The last day the provider may answer (inclusive)."""
    return filed_on + timedelta(days=response_days(pilot_code))


def blacklist_rules() -> dict[str, dict]:
    return {rule["code"]: rule for rule in _rules()["blacklist_rules"]}


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
