"""Filters and globals the templates share."""

from decimal import Decimal

from flask import current_app, request, url_for
from flask_babel import format_date, format_datetime, get_locale

from marketplace.services.subsidy import estimate_subsidy
from marketplace.wording import CATALOGUE
from marketplace.wording.data_text import said
from marketplace.wording.levels import level_label, score_text
from marketplace.wording.terms import per_unit, term
from models.stages import STAGE_ENGLISH, STAGE_GROUPS, STAGES


def money(value, unit: str = "元") -> str:
    """To the 元 when whole, to the 分 otherwise: 35000 → '¥35,000', 12345.5 → '¥12,345.50';
    None → '—'."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"))
    if amount == amount.to_integral_value():
        return f"¥{amount:,.0f}"
    return f"¥{amount:,.2f}"


def wan(value) -> str:
    """Yuan shown in 万元 (ten-thousands), the unit of the pilots' subsidy rules."""
    if value is None:
        return "—"
    amount = (Decimal(value) / Decimal(10000)).quantize(Decimal("0.01"))
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"  # like money: 25 万元, not 25.00
    return f"{amount:,.2f}"


def stage_label(stage: str) -> str:
    if str(get_locale()) == "en":
        return STAGE_ENGLISH.get(stage, stage)
    return stage


def url_with(**changes) -> str:
    """The current URL with some query arguments changed (pagination, filters)."""
    args = request.args.to_dict()
    args.update({k: v for k, v in changes.items() if v is not None})
    for key in [k for k, v in changes.items() if v is None]:
        args.pop(key, None)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def subsidy_estimate_for(quote, level=None):
    """The estimate box on quote pages (templates/projects/_subsidy_estimate.html)."""
    return estimate_subsidy(quote.request.need.enterprise, quote, level)


def unread_notifications() -> int:
    """The count in the top bar (0 for a visitor), counted once per request (the bar shows
    it twice: in the menu and, on phones, beside the folded menu)."""
    from flask import request
    from flask_login import current_user

    from marketplace.services.notifications import unread_count

    if not current_user.is_authenticated:
        return 0
    kept = request.environ  # this request's own (an app context can outlive a request)
    if "unread_notifications" not in kept:
        kept["unread_notifications"] = unread_count(current_user)
    return kept["unread_notifications"]


def register(app) -> None:
    app.jinja_env.filters.update(
        money=money,
        wan=wan,
        stage_label=stage_label,
        term=term,
        per_unit=per_unit,
        level=level_label,
        said=said,
        score=score_text,
        datetime=lambda v, fmt="yyyy-MM-dd HH:mm": format_datetime(v, fmt) if v else "—",
        date=lambda v, fmt="yyyy-MM-dd": format_date(v, fmt) if v else "—",
    )
    app.jinja_env.globals.update(
        STAGE_GROUPS=STAGE_GROUPS,
        STAGES=STAGES,
        url_with=url_with,
        wording=CATALOGUE,
        get_locale=get_locale,
        languages=lambda: current_app.config["LANGUAGES"],
        subsidy_estimate_for=subsidy_estimate_for,
        unread_notifications=unread_notifications,
    )
