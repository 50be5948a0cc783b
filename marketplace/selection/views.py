"""selection blueprint: the city's selection rounds (遴选), nominations, the panels that score
them and the published results with their awards. Routes only; the work is in
services/selection_rounds.py (and services/expert_panels.py for the scores)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from marketplace.extensions import db
from marketplace.permissions import get_visible_or_404, role_required
from marketplace.selection.forms import NominationForm, PanelSizeForm, RoundForm
from marketplace.services import expert_panels as panels
from marketplace.services import selection_rounds as svc
from marketplace.services.credit_code import normalise_credit_code
from marketplace.services.errors import InvalidInput
from marketplace.services.expert_rules import selection_categories
from marketplace.submission import attempt, flash_form_errors
from marketplace.wording.experts import SELECTION_CATEGORIES
from models import Nomination, Organisation, Product, SelectionRound

bp = Blueprint("selection", __name__, url_prefix="/selection")
official_required = role_required("official")


@bp.app_template_global()
def selection_category(key: str) -> str:
    return str(SELECTION_CATEGORIES.get(key, key))


def _city():
    return (
        current_user.pilot
        if current_user.pilot_id
        else getattr(current_user.organisation, "pilot", None)
    )


def _round_form() -> RoundForm:
    form = RoundForm()
    city = _city()
    keys = selection_categories(city.code) if city is not None else {}
    form.category.choices = [SelectChoice(k, selection_category(k)) for k in keys]
    return form


@bp.get("/")
@login_required
def index():
    city = _city()
    return render_template(
        "selection/index.html",
        rounds=svc.rounds_of(city.id if city is not None else None),
        form=_round_form(),
        may_open=city is not None and svc.may_open_round(current_user, city),
    )


@bp.post("/")
@official_required
def open_round():
    form = _round_form()
    city = _city()
    if city is None or not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("selection.index"))
    made = attempt(svc.open_round, city, form.category.data, current_user, form.title.data)
    if made is None:
        return redirect(url_for("selection.index"))
    flash(_("遴选已发布，企业和服务商可以申报"), "success")
    return redirect(url_for("selection.detail", round_id=made.id))


@bp.get("/<int:round_id>")
@login_required
def detail(round_id: int):
    selection_round = get_visible_or_404(SelectionRound, round_id)
    staff = svc.may_open_round(current_user, selection_round.pilot)
    rows = svc.ranked(selection_round)
    if not staff and selection_round.status != "published":
        rows = [r for r in rows if r[0].organisation_id == current_user.organisation_id]
    item, cap = svc.award_cap(selection_round)
    return render_template(
        "selection/round.html",
        round=selection_round,
        rows=rows,
        staff=staff,
        form=NominationForm(),
        panel_form=PanelSizeForm(),
        kind=svc.nominee_kind(selection_round),
        award_item=item,
        award_cap=cap,
        average=panels.average_total,
    )


def _nominee(selection_round, form):
    """The organisation nominated: one's own, or for an official the one with the code."""
    if current_user.organisation_id is not None:
        return current_user.organisation
    code = normalise_credit_code(form.credit_code.data or "")
    found = db.session.scalar(select(Organisation).where(Organisation.credit_code == code))
    if found is None:
        raise InvalidInput("nominee_unknown")
    return found


def _do_nominate(selection_round, form):
    organisation = _nominee(selection_round, form)
    product = db.session.get(Product, form.product_id.data) if form.product_id.data else None
    return svc.nominate(selection_round, current_user, organisation, form.statement.data, product)


@bp.post("/<int:round_id>/nominations")
@login_required
def nominate(round_id: int):
    selection_round = get_visible_or_404(SelectionRound, round_id)
    form = NominationForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(_do_nominate, selection_round, form):
        flash(_("申报已提交"), "success")
    return redirect(url_for("selection.detail", round_id=round_id))


@bp.post("/<int:round_id>/close")
@official_required
def close(round_id: int):
    selection_round = get_visible_or_404(SelectionRound, round_id)
    if attempt(svc.close_nominations, selection_round, current_user):
        flash(_("申报已截止，请为每个申报组建专家组"), "success")
    return redirect(url_for("selection.detail", round_id=round_id))


@bp.post("/nominations/<int:nomination_id>/panel")
@official_required
def panel(nomination_id: int):
    nomination = get_visible_or_404(Nomination, nomination_id)
    form = PanelSizeForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("selection.detail", round_id=nomination.round_id))
    made = attempt(svc.form_nomination_panel, nomination, current_user, None, form.size.data)
    if made is None:
        return redirect(url_for("selection.detail", round_id=nomination.round_id))
    flash(_("专家组已组建，专家可在“我的评审”中评分"), "success")
    return redirect(url_for("experts.review", review_id=made.id))


@bp.post("/<int:round_id>/publish")
@official_required
def publish(round_id: int):
    selection_round = get_visible_or_404(SelectionRound, round_id)
    selected = request.form.getlist("selected")
    if not all(value.isdigit() and len(value) < 19 for value in selected):
        abort(400)
    awards = {
        n.id: request.form.get(f"award_{n.id}", "").strip() for n in selection_round.nominations
    }
    if attempt(svc.publish_round, selection_round, current_user, selected, awards):
        flash(_("遴选结果已公布"), "success")
    return redirect(url_for("selection.detail", round_id=round_id))
