"""blacklist blueprint: the city's blacklist (失信名单) for its officials, and the form a
city-level official uses to add an entry. Routes only; the rule is services/blacklist.py."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.blacklist.forms import BlacklistForm
from marketplace.pagination import paginate
from marketplace.permissions import role_required
from marketplace.services import blacklist as svc
from marketplace.submission import attempt, flash_form_errors

bp = Blueprint("blacklist", __name__, url_prefix="/supervision/blacklist")


@bp.get("/")
@role_required("official")
def index():
    return render_template(
        "blacklist/index.html",
        page=paginate(svc.visible_entries(current_user)),
        form=BlacklistForm() if svc.may_blacklist(current_user) else None,
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
