"""Query-string parsing for the API: a bad value is a 400 with the reason, never a silent default."""

from datetime import UTC, date, datetime, time

from flask import abort, request

from marketplace.extensions import db

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


def int_arg(name: str, default: int | None = None, minimum: int = 1, maximum: int | None = None):
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, f"{name} 应为整数")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"{minimum}–{maximum}" if maximum is not None else f"≥ {minimum}"
        abort(400, f"{name} 应在 {bound} 之间")
    return value


def choice_arg(name: str, choices) -> str | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if value not in choices:
        abort(400, f"{name} 应为以下之一：{'、'.join(choices)}")
    return value


def text_arg(name: str) -> str | None:
    return request.args.get(name, "").strip()[:100] or None


def bool_arg(name: str) -> bool | None:
    value = request.args.get(name, "").strip().lower()
    if not value:
        return None
    if value not in ("true", "false", "1", "0"):
        abort(400, f"{name} 应为 true 或 false")
    return value in ("true", "1")


def date_arg(name: str) -> datetime | None:
    """A date (YYYY-MM-DD), as the start of that day in UTC."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)
    except ValueError:
        abort(400, f"{name} 应为日期，格式 YYYY-MM-DD")


def paginate(query):
    page = int_arg("page", default=1)
    per_page = int_arg("per_page", default=DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE)
    return db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)
