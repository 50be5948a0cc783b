"""`flask evaluation compute --city xiamen --period 2026Q3`: the city's performance-evaluation
draft computed from the platform's records (the period is created when it does not exist yet;
a draft is recomputed). Publishing stays with a city-level official on the page."""

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import evaluation as svc
from marketplace.services.errors import DomainError
from marketplace.services.evaluation_rules import normalise_period_code
from marketplace.wording import error as error_message
from marketplace.wording.evaluation import evaluation_term
from models import EvaluationPeriod, PilotCity


@click.group("evaluation")
def evaluation() -> None:
    """Provider performance evaluation (服务商绩效评价)."""


@evaluation.command("compute")
@click.option("--city", "city_code", required=True, help="pilot city code, e.g. xiamen")
@click.option("--period", "period_code", required=True, help="a quarter 2026Q3 or a year 2026")
@with_appcontext
def compute(city_code: str, period_code: str) -> None:
    """Compute (or recompute) the draft and print each provider's score and grade."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        pilot = db.session.scalar(select(PilotCity).where(PilotCity.code == city_code))
        if pilot is None:
            _fail(_("未知的试点城市：%(city)s", city=city_code))
        try:
            period = db.session.scalar(
                select(EvaluationPeriod).where(
                    EvaluationPeriod.pilot_id == pilot.id,
                    EvaluationPeriod.code == normalise_period_code(period_code),
                )
            ) or svc.create_period(None, pilot, period_code)
            svc.compute_period(period, None)
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            _fail(error_message(err))
        results = svc.period_results(period)
        for result in results:
            grade = evaluation_term("grade", result.grade)
            click.echo(f"{result.score:>7}  {grade}  {result.provider.name}")
        click.echo(
            _(
                "%(city)s %(period)s：已计算 %(n)s 家服务商（草稿，待发布）",
                city=pilot.name,
                period=period.code,
                n=len(results),
            )
        )


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)
