"""blacklist blueprint: the city's blacklist (失信名单) for its officials, and the form a
city-level official uses to add an entry. Routes only; the rule is services/blacklist.py."""

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.blacklist.forms import BlacklistForm, LiftForm
from marketplace.pagination import paginate
from marketplace.permissions import get_visible_or_404, role_required
from marketplace.services import blacklist as svc
from marketplace.submission import attempt, flash_form_errors
from models import BlacklistEntry

bp = Blueprint("blacklist", __name__, url_prefix="/supervision/blacklist")


@bp.get("/")
@role_required("official")
def index():
    return render_template(
        "blacklist/index.html",
        page=paginate(svc.visible_entries(current_user)),
        form=BlacklistForm() if svc.may_blacklist(current_user) else None,
        lift_form=LiftForm() if svc.may_blacklist(current_user) else None,
        may_lift=partial(svc.may_lift, current_user),
    )


@bp.post("/")
@role_required("official")
def add():
    if not svc.may_blacklist(current_user):
        abort(403)
    form = BlacklistForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(
        svc.blacklist,
        current_user,
        form.credit_code.data,
        form.rule.data,
        form.reason.data,
        name=form.name.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        clawback_amount=form.clawback_amount.data,
    ):
        flash(_("已列入失信名单"), "success")
    return redirect(url_for("blacklist.index"))


@bp.post("/<int:entry_id>/lift")
@role_required("official")
def lift(entry_id: int):
    entry = get_visible_or_404(BlacklistEntry, entry_id)
    form = LiftForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(svc.lift, entry, current_user, form.reason.data):
        flash(_("已提前解除失信名单限制"), "success")
    return redirect(url_for("blacklist.index"))
