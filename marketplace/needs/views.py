"""needs blueprint: an enterprise's needs and their matches; a provider's leads."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.extensions import db
from marketplace.needs.forms import CloseNeedForm, NeedForm, ReopenNeedForm, error_message
from marketplace.page_cache import render_private
from marketplace.page_views import record_view
from marketplace.pagination import paginate, paginate_list
from marketplace.permissions import get_visible_or_404, role_required
from marketplace.quotes.forms import RequestQuotesForm
from marketplace.routing import id_arg
from marketplace.services import needs as need_service
from marketplace.services.errors import DomainError
from marketplace.services.workflow import events_for
from models import Need

bp = Blueprint("needs", __name__, url_prefix="/needs")

STATUS_FILTERS = ("open", "awarded", "closed")


@bp.get("/my-needs")
@role_required("enterprise")
def my_needs():
    status = request.args.get("status") if request.args.get("status") in STATUS_FILTERS else None

    def draw():
        page = paginate(need_service.enterprise_needs_query(current_user.organisation_id, status))
        rows = need_service.need_rows(page.items)
        return render_template("needs/my_needs.html", page=page, rows=rows, status=status)

    return render_private(draw)


@bp.route("/new", methods=["GET", "POST"])
@role_required("enterprise")
def new():
    form = NeedForm()
    product_id = id_arg("product_id")
    if form.validate_on_submit():
        try:
            need = need_service.post_need(current_user, **form.need_fields())
        except DomainError as error:
            flash(error_message(error), "danger")
        else:
            db.session.commit()
            flash(_("需求已发布，下面是为您匹配的产品"), "success")
            if product_id:
                return redirect(
                    url_for("quotes.new_request", product_id=product_id, need_id=need.id)
                )
            return redirect(url_for("needs.detail", need_id=need.id))
    return render_template(
        "needs/form.html", form=form, need=None, today_iso=date.today().isoformat()
    )


@bp.route("/<int:need_id>/edit", methods=["GET", "POST"])
@role_required("enterprise")
def edit(need_id: int):
    need = get_visible_or_404(Need, need_id, "is_owned_by")
    form = NeedForm(obj=need)
    form.previous_start = need.expected_start
    if request.method == "GET":
        form.stages.data = list(need.stages)
    if form.validate_on_submit():
        try:
            need_service.update_need(need, current_user, **form.need_fields())
        except DomainError as error:
            flash(error_message(error), "danger")
        else:
            db.session.commit()
            flash(_("需求已更新"), "success")
            return redirect(url_for("needs.detail", need_id=need.id))
    return render_template("needs/form.html", form=form, need=need, today_iso=None)


@bp.get("/<int:need_id>")
@role_required("enterprise", "provider", "official")
def detail(need_id: int):
    need = get_visible_or_404(Need, need_id)
    return render_private(lambda: _draw_detail(need))


def _draw_detail(need: Need) -> str:
    """The need page; what it showed is recorded as it is drawn (a kept page was recorded
    when drawn, well inside the impression window)."""
    is_owner = need.is_owned_by(current_user)
    matches, others, requests, request_form = [], {}, [], None
    audience = "enterprise" if is_owner else "official"
    if is_owner or current_user.role in ("official", "admin"):
        requests = need_service.requests_of(need)
        if need.is_open:
            matches, others = need_service.rank_matches_with_others(need)
    own_request = None
    if current_user.role == "provider":
        own_request = need_service.request_of_provider(need, current_user.organisation_id)
    if is_owner and need.is_open:
        request_form = RequestQuotesForm()
    asked = {r.provider_id for r in requests}
    html = render_template(
        "needs/detail.html",
        need=need,
        is_owner=is_owner,
        matches=matches,
        others=others,
        requests=requests,
        asked=asked,
        own_request=own_request,
        request_form=request_form,
        close_form=CloseNeedForm(),
        reopen_form=ReopenNeedForm(),
        events=events_for(need),
    )
    if matches:
        record_view(need_service.record_matches_shown, need, matches, current_user, audience)
    return html


@bp.post("/<int:need_id>/close")
@role_required("enterprise")
def close(need_id: int):
    need = get_visible_or_404(Need, need_id, "is_owned_by")
    form = CloseNeedForm()
    if not form.validate_on_submit():
        flash(_("请填写关闭原因"), "danger")
        return redirect(url_for("needs.detail", need_id=need.id))
    try:
        need_service.close_need(need, current_user, form.reason.data)
    except DomainError as error:
        db.session.rollback()
        flash(error_message(error), "danger")
    else:
        db.session.commit()
        flash(_("需求已关闭"), "success")
    return redirect(url_for("needs.detail", need_id=need.id))


@bp.post("/<int:need_id>/reopen")
@role_required("enterprise")
def reopen(need_id: int):
    need = get_visible_or_404(Need, need_id, "is_owned_by")
    form = ReopenNeedForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        need_service.reopen_need(need, current_user, form.reason.data)
    except DomainError as error:
        db.session.rollback()
        flash(error_message(error), "danger")
    else:
        db.session.commit()
        flash(_("需求已重新开放"), "success")
    return redirect(url_for("needs.detail", need_id=need.id))


@bp.get("/leads")
@role_required("provider")
def leads():
    provider = current_user.organisation

    def draw():  # the leads shown are recorded as they are drawn, like a need's matches
        leads = []
        if provider is not None and provider.is_active_provider:
            page = paginate_list(need_service.rank_leads(provider))
            leads = page.items
        else:
            page = paginate_list([])
        html = render_template("needs/leads.html", page=page, leads=leads, provider=provider)
        if leads:
            record_view(need_service.record_leads, leads, current_user)
        return html

    return render_private(draw)
