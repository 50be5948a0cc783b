"""`flask experts add` (an expert account of a city's pool), `flask experts conflict` (a
declared conflict of interest) and `flask experts close-publicity` (run daily: notices past
their last day with no open objection go live)."""

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from marketplace import wording
from marketplace.extensions import db
from marketplace.services.errors import DomainError
from marketplace.services.pilots import pilot_by_code
from models import Expert, User


def _said(error) -> str:
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # no request to choose one
        return wording.error(error)


@click.group("experts")
def experts() -> None:
    """The expert pool and panel review (专家库、专家评审)."""


@experts.command("add")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--pilot", "pilot_code", required=True, help="Pilot city code, e.g. fuzhou.")
@click.option("--affiliation", default="", help="The expert's organisation or think tank.")
@click.option("--stage", "stages", multiple=True, help="A business scene (业务环节); repeatable.")
@click.option("--sub-industry", "sub_industries", multiple=True, help="Repeatable.")
@click.password_option()
@with_appcontext
def add(email, name, pilot_code, affiliation, stages, sub_industries, password) -> None:
    """Create an expert account in the city's pool (never by public sign-up)."""
    from marketplace.services.experts import create_expert_user

    try:
        expert = create_expert_user(
            email=email,
            name=name,
            password=password,
            pilot=pilot_by_code(pilot_code),
            affiliation=affiliation,
            stages=list(stages),
            sub_industry_names=list(sub_industries),
        )
    except DomainError as error:
        raise click.ClickException(_said(error)) from error
    db.session.commit()
    click.echo(f"已创建评审专家 {expert.user.email}（{expert.pilot.name}专家库）")


@experts.command("conflict")
@click.option("--email", required=True, help="The expert's account.")
@click.option("--credit-code", required=True, help="The organisation's 统一社会信用代码.")
@click.option("--note", default="", help="Why (employer, adviser, shareholder…).")
@with_appcontext
def conflict(email, credit_code, note) -> None:
    """Record a conflict of interest the expert declared (as the expert)."""
    from marketplace.services.experts import declare_conflict

    expert = db.session.scalar(select(Expert).join(Expert.user).where(User.email == email))
    if expert is None:
        raise click.ClickException(f"没有该专家账号：{email}")
    try:
        declare_conflict(expert, credit_code, note, expert.user)
    except DomainError as error:
        raise click.ClickException(_said(error)) from error
    db.session.commit()
    click.echo(f"已记录 {expert.name} 的利益冲突声明：{credit_code}")


@experts.command("close-publicity")
@with_appcontext
def close_publicity() -> None:
    """Put live every listing whose notice has ended without an open objection."""
    from marketplace.services.expert_panels import close_due_publicity

    closed = close_due_publicity()
    db.session.commit()
    click.echo(f"公示期满上线 {closed} 项")
