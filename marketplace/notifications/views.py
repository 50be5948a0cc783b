"""notifications blueprint: the inbox, marking read, and the email preferences."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.extensions import db
from marketplace.page_views import record_view
from marketplace.pagination import paginate
from marketplace.permissions import get_or_404
from marketplace.services import notifications as service
from marketplace.services.notification_links import link_of
from models import Notification

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def _own_or_404(notification_id: int) -> Notification:
    notification = get_or_404(Notification, notification_id)
    if notification.user_id != current_user.id:
        abort(404)
    return notification


@bp.get("/")
@login_required
def inbox():
    unread_only = request.args.get("unread") == "1"
    page = paginate(service.inbox_query(current_user, unread_only))
    return render_template(
        "notifications/inbox.html", page=page, unread_only=unread_only, link_of=link_of
    )


@bp.get("/<int:notification_id>/open")
@login_required
def open_one(notification_id: int):
    """Follow a notification to its object; following it reads it (a view record, written
    on its own like every record of what a page showed)."""
    notification = _own_or_404(notification_id)
    endpoint, values = link_of(notification)
    record_view(service.mark_read, notification)
    return redirect(url_for(endpoint, **values))


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    service.mark_read(_own_or_404(notification_id))
    db.session.commit()
    return redirect(url_for(".inbox"))


@bp.post("/read-all")
@login_required
def mark_all_read():
    count = service.mark_all_read(current_user)
    db.session.commit()
    flash(_("已将 %(n)s 条通知标为已读", n=count), "success")
    return redirect(url_for(".inbox"))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    if request.method == "POST":
        service.set_email_choices(current_user, request.form.getlist("email"))
        db.session.commit()
        flash(_("通知设置已保存"), "success")
        return redirect(url_for(".preferences"))
    return render_template(
        "notifications/preferences.html", choices=service.email_choices(current_user)
    )
