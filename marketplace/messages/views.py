"""messages blueprint: the thread of a quote request or a project, its files, and the
providers' interest in leads (表达意向) with the enterprise's answer."""

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace import wording
from marketplace.extensions import db
from marketplace.permissions import get_or_404, get_visible_or_404, role_required
from marketplace.routing import id_arg
from marketplace.services import messages as service
from marketplace.services.attachments import attachment_path
from marketplace.services.errors import DomainError
from models import LeadInterest, Need, Product

bp = Blueprint("messages", __name__, url_prefix="/messages")

THREAD_TYPES = {"quote": "quote_requests", "project": "projects"}


def _thread_or_404(kind: str, thread_id: int):
    """A thread the current user takes part in; 404 for anyone else, so ids do not leak."""
    subject = service.thread_of(THREAD_TYPES.get(kind, ""), thread_id)
    if subject is None or not service.may_take_part(subject, current_user):
        abort(404)
    return subject


@bp.route("/<kind>/<int:thread_id>", methods=["GET", "POST"])
@login_required
def thread(kind: str, thread_id: int):
    subject = _thread_or_404(kind, thread_id)
    if request.method == "POST":
        try:
            service.post_message(
                subject, current_user, request.form.get("body", ""), request.files.get("file")
            )
        except DomainError as error:
            db.session.rollback()
            flash(wording.error(error), "danger")
            return render_template(
                "messages/thread.html",
                kind=kind,
                subject=subject,
                messages=service.messages_of(subject),
                body=request.form.get("body", ""),
            ), 400
        db.session.commit()
        flash(_("消息已发送"), "success")
        return redirect(url_for(".thread", kind=kind, thread_id=thread_id, _anchor="latest"))
    return render_template(
        "messages/thread.html", kind=kind, subject=subject, messages=service.messages_of(subject)
    )


@bp.get("/<kind>/<int:thread_id>/files/<int:attachment_id>")
@login_required
def download(kind: str, thread_id: int, attachment_id: int):
    attachment = service.message_attachment(_thread_or_404(kind, thread_id), attachment_id)
    if attachment is None:
        abort(404)
    return send_file(
        attachment_path(attachment),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )


@bp.route("/interest/new", methods=["GET", "POST"])
@role_required("provider")
def new_interest():
    need_id = id_arg("need_id")
    if need_id is None:
        abort(404)
    need = get_visible_or_404(Need, need_id)
    product_id = id_arg("product_id")
    product = db.session.get(Product, product_id) if product_id else None
    if product is not None and product.provider_id != current_user.organisation_id:
        product = None
    message = request.form.get("message", "")
    if request.method == "POST":
        try:
            interest = service.express_interest(need, current_user, message, product)
        except DomainError as error:
            db.session.rollback()
            flash(wording.error(error), "danger")
        else:
            db.session.commit()
            flash(_("已向企业表达意向；企业接受后，您会收到询价"), "success")
            return redirect(url_for(".interest", interest_id=interest.id))
    existing = service.interest_of(need, current_user.organisation_id)
    return render_template(
        "messages/new_interest.html",
        need=need,
        product=product,
        message=message,
        existing=existing,
    ), (400 if request.method == "POST" else 200)


@bp.get("/interests")
@role_required("enterprise")
def interests():
    pending = service.pending_interests(current_user.organisation_id)
    return render_template("messages/interests.html", interests=pending)


def _interest_or_404(interest_id: int) -> LeadInterest:
    interest = get_or_404(LeadInterest, interest_id)
    if not service.may_see_interest(interest, current_user):
        abort(404)
    return interest


@bp.get("/interest/<int:interest_id>")
@login_required
def interest(interest_id: int):
    return render_template("messages/interest.html", interest=_interest_or_404(interest_id))


@bp.post("/interest/<int:interest_id>/<any(accept, ignore):answer>")
@role_required("enterprise")
def answer_interest(interest_id: int, answer: str):
    interest = _interest_or_404(interest_id)
    try:
        if answer == "accept":
            request_ = service.accept_interest(interest, current_user)
        else:
            service.ignore_interest(interest, current_user)
    except DomainError as error:
        db.session.rollback()
        flash(wording.error(error), "danger")
        return redirect(url_for(".interest", interest_id=interest_id))
    db.session.commit()
    if answer == "accept":
        flash(_("已向该服务商发出询价"), "success")
        return redirect(url_for(".thread", kind="quote", thread_id=request_.id))
    flash(_("已忽略该意向"), "success")
    return redirect(url_for(".interests"))
