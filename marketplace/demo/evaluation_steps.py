"""Demo step: 厦门's provider performance evaluation of the last complete quarter, computed
from the demo records and published three days before the load day (the appeal window still
open): one provider's appeal decided (dismissed, with the reason), another's waiting for the
city. Made through services/evaluation.py, then dated into the story (every event before the
load day)."""

from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import evaluation
from marketplace.services.workflow import events_for
from models import User

CITY = "xiamen"
PUBLISHED_DAYS_AGO = 3
APPEALS = (
    (
        "我司本季度有两条询价因企业撤回需求未能报价，请核减后重新计算询价响应率。",
        "dismissed",
        "经核对平台记录，企业撤回且贵司未答复的询价已不计入；计入的询价均在撤回前收到，维持原等级。",
    ),
    ("首次报价用时按自然日计算，含周末和国庆假期，请按工作日核算后重新评分。", None, None),
)


def _first_user(org_id: int) -> User:
    return db.session.scalar(
        select(User).where(User.organisation_id == org_id).order_by(User.id).limit(1)
    )


def last_complete_quarter(today) -> str:
    quarter = (today.month - 1) // 3  # the quarter before today's (0: last year's Q4)
    return f"{today.year - 1}Q4" if quarter == 0 else f"{today.year}Q{quarter}"


def add_evaluation_story(builder) -> None:
    pilot, official = builder.pilots[CITY], builder.officials[CITY]
    today = builder.today
    published_on = today - timedelta(days=PUBLISHED_DAYS_AGO)
    period = evaluation.create_period(official, pilot, last_complete_quarter(today), today)
    evaluation.compute_period(period, official, today=published_on)
    evaluation.publish_period(period, official, today=published_on)
    results = evaluation.period_results(period)
    # the two lowest scores appeal (results run from the highest score down)
    appellants = [r for r in reversed(results) if r.grade != "removal"][: len(APPEALS)]
    for result, (text, decision, reason) in zip(appellants, APPEALS, strict=False):
        provider_user = _first_user(result.provider_id)
        evaluation.appeal(result, provider_user, text, today=published_on + timedelta(days=1))
        if decision is not None:
            evaluation.decide_appeal(result, official, decision, reason)
    db.session.flush()
    _date_story(builder, period, results)


def _date_story(builder, period, results) -> None:
    """Created and computed five days before the load day, published three days before,
    appeals the next day and decisions the day after."""
    created = builder.moment(PUBLISHED_DAYS_AGO + 2, 30)
    period.created_at = period.computed_at = created
    for step, event in enumerate(events_for(period)):
        event.at = created + timedelta(days=0 if step < 2 else 2, minutes=step)
    for result in results:
        for step, event in enumerate(events_for(result)):
            event.at = builder.moment(PUBLISHED_DAYS_AGO - step, 60 + step)
        if result.appealed_at is not None:
            result.appealed_at = builder.moment(PUBLISHED_DAYS_AGO - 1, 61)
        if result.decided_at is not None:
            result.decided_at = builder.moment(PUBLISHED_DAYS_AGO - 2, 62)
