"""`flask subsidy estimate --json CASE.json`: the subsidy rules checked on one enterprise's
projects. Other tools depend on its exact input and output (README, docs/ARCHITECTURE.md)."""

import json
import sys
from decimal import Decimal

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.services.errors import DomainError
from marketplace.services.subsidy import estimate_case
from marketplace.wording import error as error_message
from marketplace.wording.subsidy_notes import subsidy_note


@click.group("subsidy")
def subsidy() -> None:
    """Subsidy rules (奖补政策)."""


@subsidy.command("estimate")
@click.option(
    "--json",
    "case_path",
    required=True,
    metavar="CASE.json",
    help='{"pilot": "xiamen", "projects": [{"level_after": 2, "benchmark": false, '
    '"first_cloud": false, "investment": {"软件": 300000}}, …]}',
)
@with_appcontext
def estimate(case_path: str) -> None:
    """Estimate the subsidy of each project of one enterprise, in order: each earlier project
    counts as accepted at its level with its subsidy confirmed in full. Prints one JSON object;
    a bad case is one line on stderr and exit code 1."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # no request to choose one
        _estimate(case_path)


def _estimate(case_path: str) -> None:
    case = _read_case(case_path)
    try:
        _policy, estimates = estimate_case(case["pilot"], case["projects"])
    except DomainError as err:
        _fail(error_message(err))
    out = {"projects": [_project_out(e) for e in estimates]}
    click.echo(json.dumps(out, ensure_ascii=False))


def _read_case(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as err:
        _fail(_("无法读取文件 %(path)s：%(why)s", path=path, why=getattr(err, "strerror", err)))
    try:
        case = json.loads(text, parse_constant=_no_constant)
    except ValueError as err:
        _fail(_("%(path)s 不是有效的 JSON：%(why)s", path=path, why=str(err)))
    if not isinstance(case, dict) or "pilot" not in case:
        _fail(_('案例须为含 "pilot" 和 "projects" 的 JSON 对象'))
    projects = case.get("projects")
    if not isinstance(projects, list) or not projects:
        _fail(_('"projects" 须为至少含一个项目的列表'))
    return case


def _no_constant(name: str):
    raise ValueError(_("不接受 %(name)s", name=name))  # NaN / Infinity are no amounts


def _project_out(estimate) -> dict:
    return {
        "total": _number(estimate.total),
        "items": [
            {"code": i.code, "label": i.label, "amount": _number(i.amount)} for i in estimate.chosen
        ],
        "notes": [subsidy_note(n) for n in estimate.notes],
    }


def _number(value: Decimal) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _fail(message: str) -> None:
    click.echo(_("错误：%(message)s", message=" ".join(str(message).split())), err=True)
    sys.exit(1)
