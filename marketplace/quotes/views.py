"""quotes blueprint: asking for quotes, answering them, comparing and accepting one."""

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.extensions import db
from marketplace.needs.forms import options
from marketplace.page_cache import render_private
from marketplace.page_views import record_view
from marketplace.pagination import paginate
from marketplace.permissions import get_or_404, get_visible_or_404, role_required
from marketplace.quotes.forms import (
    DeclineForm,
    NewRequestForm,
    QuoteForm,
    RequestQuotesForm,
    error_message,
)
from marketplace.routing import id_arg
from marketplace.services import quotes as quote_service
from marketplace.services.errors import DomainError
from marketplace.services.quote_comparison import compare_quotes
from marketplace.services.workflow import events_for
from models import Need, QuoteRequest

bp = Blueprint("quotes", __name__, url_prefix="/quotes")

STATUS_FILTERS = ("requested", "quoted", "declined", "accepted", "not_selected", "withdrawn")


def _status_filter():
    status = request.args.get("status")
    return status if status in STATUS_FILTERS else None


def _flash_created(created) -> None:
    if created:
        flash(_("已向 %(n)s 家服务商发出询价", n=len(created)), "success")
    else:
        flash(_("所选服务商已就该需求询过价，未重复发送"), "warning")


@bp.post("/need/<int:need_id>/request")
@role_required("enterprise")
def request_for_need(need_id: int):
    need = get_visible_or_404(Need, need_id, "is_owned_by")
    form = RequestQuotesForm()
    posted = request.form.getlist("product_ids", type=int)
    form.product_ids.choices = options(
        (p.id, p.name) for p in quote_service.quotable_products(posted)
    )
    if not form.validate_on_submit():
        for error in form.product_ids.errors + form.message.errors:
            flash(error, "danger")
        return redirect(url_for("needs.detail", need_id=need.id, _anchor="matches"))
    try:
        created = quote_service.request_quotes(
            need, form.product_ids.data, current_user, form.message.data
        )
    except DomainError as error:
        db.session.rollback()
        flash(error_message(error), "danger")
        return redirect(url_for("needs.detail", need_id=need.id, _anchor="matches"))
    db.session.commit()
    _flash_created(created)
    return redirect(url_for("needs.detail", need_id=need.id, _anchor="requests"))


@bp.route("/new", methods=["GET", "POST"])
@role_required("enterprise")
def new_request():
    product_id, need_id = id_arg("product_id"), id_arg("need_id")
    if product_id is None:
        if need_id is None:
            abort(404)
        return redirect(url_for("needs.detail", need_id=need_id, _anchor="matches"))
    products = quote_service.quotable_products([product_id])
    if not products:
        abort(404)
    product = products[0]
    open_needs = quote_service.open_needs_of(current_user.organisation_id)
    form = NewRequestForm(need_id=need_id)
    asked = quote_service.needs_asking(product.provider_id, [n.id for n in open_needs])
    form.need_id.choices = options(
        (n.id, n.title + (_("（已向该服务商询价）") if n.id in asked else "")) for n in open_needs
    )
    if open_needs and form.validate_on_submit():
        need = get_visible_or_404(Need, form.need_id.data, "is_owned_by")
        try:
            created = quote_service.request_quotes(
                need, [product.id], current_user, form.message.data
            )
        except DomainError as error:
            db.session.rollback()
            flash(error_message(error), "danger")
        else:
            db.session.commit()
            _flash_created(created)
            return redirect(url_for("needs.detail", need_id=need.id, _anchor="requests"))
    return render_template(
        "quotes/new_request.html", form=form, product=product, open_needs=open_needs
    )


@bp.get("/inbox")
@role_required("provider")
def inbox():
    outcomes = quote_service.unseen_outcomes(current_user.organisation_id)
    for decided in outcomes:
        if decided.status == "accepted":
            flash(_("好消息：「%(title)s」的报价已被企业接受", title=decided.need.title), "success")
        else:
            flash(_("「%(title)s」未中选：企业已选定其他服务商", title=decided.need.title), "info")
    status = _status_filter()

    def draw():
        page = paginate(
            quote_service.provider_requests_query(current_user.organisation_id, status).options(
                *quote_service.LISTING_LOADS
            )
        )
        counts = quote_service.status_counts(
            quote_service.provider_requests_query(current_user.organisation_id)
        )
        return render_template("quotes/inbox.html", page=page, status=status, counts=counts)

    html = render_private(draw)  # drawn afresh while an outcome is being announced (flash)
    if outcomes:
        record_view(quote_service.mark_outcomes_seen, outcomes)
    return html


@bp.get("/enterprise-requests")
@role_required("enterprise")
def enterprise_requests():
    status = _status_filter()
    page = paginate(quote_service.enterprise_requests_query(current_user.organisation_id, status))
    counts = quote_service.status_counts(
        quote_service.enterprise_requests_query(current_user.organisation_id)
    )
    return render_template(
        "quotes/enterprise_requests.html", page=page, status=status, counts=counts
    )


@bp.get("/<int:request_id>")
@role_required("enterprise", "provider", "official")
def detail(request_id: int):
    quote_request = get_visible_or_404(QuoteRequest, request_id)
    is_provider = current_user.organisation_id == quote_request.provider_id
    is_owner = quote_request.need.is_owned_by(current_user)
    return render_template(
        "quotes/detail.html",
        qr=quote_request,
        quote=quote_request.quote,
        is_provider=is_provider,
        is_owner=is_owner,
        decline_form=DeclineForm(),
        events=events_for(quote_request),
    )


@bp.route("/<int:request_id>/answer", methods=["GET", "POST"])
@role_required("provider")
def answer(request_id: int):
    quote_request = _own_request_or_404(request_id)
    if quote_request.status not in QuoteRequest.OPEN_STATUSES or not quote_request.need.is_open:
        flash(_("该询价已结束，不能再报价"), "warning")
        return redirect(url_for("quotes.detail", request_id=quote_request.id))
    try:
        quote_service.require_active_provider(quote_request)
    except DomainError as error:
        flash(error_message(error), "warning")
        return redirect(url_for("quotes.detail", request_id=quote_request.id))
    form = QuoteForm(obj=quote_request.quote) if request.method == "GET" else QuoteForm()
    form.with_need_stages(quote_request.need.stages)
    if request.method == "GET" and quote_request.quote is None:
        _prefill_new_quote(form, quote_request)
    if form.validate_on_submit():
        try:
            quote_service.submit_quote(
                quote_request,
                current_user,
                lines=quote_service.parse_lines(form.line_rows()),
                valid_until=form.valid_until.data,
                delivery_days=form.delivery_days.data,
                discount_pct=form.discount_pct.data,
                note=form.note.data,
                covered_stages=form.covered_stages.data,
            )
        except DomainError as error:
            db.session.rollback()
            flash(error_message(error), "danger")
        else:
            db.session.commit()
            flash(_("报价已提交，企业可在比价页查看"), "success")
            return redirect(url_for("quotes.detail", request_id=quote_request.id))
    return render_template("quotes/answer.html", form=form, qr=quote_request)


@bp.post("/<int:request_id>/decline")
@role_required("provider")
def decline(request_id: int):
    quote_request = _own_request_or_404(request_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        flash(_("请填写婉拒原因"), "danger")
        return redirect(url_for("quotes.detail", request_id=quote_request.id))
    return _run(
        lambda: quote_service.decline_request(quote_request, current_user, form.reason.data),
        _("已婉拒该询价"),
        url_for("quotes.detail", request_id=quote_request.id),
    )


@bp.post("/<int:request_id>/withdraw")
@role_required("enterprise")
def withdraw(request_id: int):
    quote_request = get_visible_or_404(QuoteRequest, request_id)
    return _run(
        lambda: quote_service.withdraw_request(quote_request, current_user),
        _("询价已撤回"),
        url_for("needs.detail", need_id=quote_request.need_id, _anchor="requests"),
    )


@bp.post("/<int:request_id>/accept")
@role_required("enterprise")
def accept(request_id: int):
    quote_request = get_visible_or_404(QuoteRequest, request_id)
    compare_url = url_for("quotes.compare", need_id=quote_request.need_id)
    try:
        others = quote_service.accept_quote(
            quote_request, current_user, revision=request.form.get("revision", type=int)
        )
    except DomainError as error:
        db.session.rollback()
        flash(error_message(error), "danger")
        return redirect(compare_url)
    db.session.commit()
    flash(
        _(
            "已接受 %(name)s 的报价；其他 %(n)s 家服务商已收到“未中选”通知。改造项目草稿已生成，可进入项目填写立项材料",
            name=quote_request.provider.name,
            n=len(others),
        ),
        "success",
    )
    return redirect(compare_url)


@bp.get("/need/<int:need_id>/compare")
@role_required("enterprise", "official")
def compare(need_id: int):
    need = get_visible_or_404(Need, need_id, "can_compare_quotes")
    return render_private(
        lambda: render_template(
            "quotes/compare.html",
            need=need,
            cmp=compare_quotes(need),
            is_owner=need.is_owned_by(current_user),
            today=quote_service.today(),
        )
    )


def _prefill_new_quote(form: QuoteForm, quote_request: QuoteRequest) -> None:
    while len(form.lines) < 3:
        form.lines.append_entry()
    form.valid_until.data = quote_service.today() + timedelta(days=30)
    form.covered_stages.data = quote_service.default_coverage(
        quote_request.need, quote_request.product
    )
    if quote_request.product is not None:
        form.delivery_days.data = quote_request.product.deployment_days
        form.lines[0].form.description.data = quote_request.product.name


def _own_request_or_404(request_id: int) -> QuoteRequest:
    quote_request = get_or_404(QuoteRequest, request_id)
    if quote_request.provider_id != current_user.organisation_id:
        abort(404)
    return quote_request


def _run(action, success_message: str, target: str):
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        flash(error_message(error), "danger")
    else:
        db.session.commit()
        flash(success_message, "success")
    return redirect(target)
