"""complaints blueprint: file (from a quote request or a project), the lists (an enterprise's
own, those against a provider, an official's queue), the page with its actions, the files.
Routes only; the work is in services/complaints.py."""

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.complaints.forms import ComplaintForm, HandleForm, ResponseForm
from marketplace.pagination import paginate
from marketplace.permissions import get_or_404, get_visible_or_404, role_required
from marketplace.routing import id_arg
from marketplace.services import attachments as attachment_service
from marketplace.services import complaints as svc
from marketplace.services.ratings import rateable_providers
from marketplace.services.workflow import events_for
from marketplace.submission import attempt, flash_form_errors
from models import Complaint, ComplaintFile, Project, QuoteRequest

bp = Blueprint("complaints", __name__, url_prefix="/complaints")


@bp.get("/")
@login_required
def index():
    status = request.args.get("status")
    status = status if status in (*Complaint.STATUSES, "overdue") else None
    page = paginate(svc.visible_complaints(current_user, status))
    return render_template("complaints/index.html", page=page, status=status)


def _subject():
    """The quote request (?request=) or project (?project=) complained about, or 404."""
    project_id, request_id = id_arg("project"), id_arg("request")
    if project_id:
        return get_visible_or_404(Project, project_id)
    if request_id:
        return get_visible_or_404(QuoteRequest, request_id)
    abort(404)


@bp.route("/new", methods=["GET", "POST"])
@role_required("enterprise")
def new():
    subject = _subject()
    is_project = isinstance(subject, Project)
    providers = rateable_providers(subject) if is_project else [subject.provider]
    form = ComplaintForm(providers)
    if form.is_submitted():
        if not form.validate():
            flash_form_errors(form)
        else:
            complaint = attempt(
                svc.file_complaint,
                subject,
                form.provider_id.data,
                current_user,
                form.category.data,
                form.description.data,
                request.files.getlist(form.files.name),
            )
            if complaint is not None:
                flash(_("投诉已提交，服务商须在期限内答复"), "success")
                return redirect(url_for("complaints.detail", complaint_id=complaint.id))
    return render_template("complaints/new.html", form=form, subject=subject)


@bp.get("/<int:complaint_id>")
@login_required
def detail(complaint_id: int):
    complaint = get_visible_or_404(Complaint, complaint_id)
    return render_template(
        "complaints/detail.html",
        complaint=complaint,
        steps=svc.available_steps(complaint, current_user),
        response_form=ResponseForm(),
        handle_form=HandleForm(),
        events=events_for(complaint),
    )


@bp.post("/<int:complaint_id>/respond")
@role_required("provider")
def respond(complaint_id: int):
    complaint = get_visible_or_404(Complaint, complaint_id)
    form = ResponseForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(svc.respond_to_complaint, complaint, current_user, form.response.data):
        flash(_("答复已提交"), "success")
    return redirect(url_for("complaints.detail", complaint_id=complaint.id))


@bp.post("/<int:complaint_id>/handle")
@role_required("official")
def handle(complaint_id: int):
    complaint = get_visible_or_404(Complaint, complaint_id)
    form = HandleForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(
        svc.handle_complaint, complaint, current_user, form.outcome.data, form.reason.data
    ):
        flash(_("处理结果已记录"), "success")
    return redirect(url_for("complaints.detail", complaint_id=complaint.id))


@bp.get("/files/<int:file_id>")
@login_required
def download(file_id: int):
    complaint_file = get_or_404(ComplaintFile, file_id)
    if not complaint_file.complaint.can_view(current_user):
        abort(404)  # a complaint's files go with the complaint
    attachment = complaint_file.attachment
    return send_file(
        attachment_service.attachment_path(attachment),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )
