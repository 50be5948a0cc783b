"""accounts blueprint: city officials and admins find the accounts they manage, disable and
re-enable them and give them temporary passwords. Who may manage whom is
`User.manageable_by` (models/user.py); the actions are services/accounts.py."""

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.accounts.forms import AccountActionForm, UserFilterForm
from marketplace.extensions import db
from marketplace.pagination import paginate
from marketplace.permissions import role_required
from marketplace.services import accounts
from marketplace.services.workflow import events_for
from marketplace.submission import attempt
from models import User
from models.access import manages_accounts

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

ACTIONS = {
    "disable": (accounts.disable_account, _l("账号已停用")),
    "enable": (accounts.enable_account, _l("账号已重新启用")),
}


@bp.app_context_processor
def account_helpers():
    return {"manages_accounts": manages_accounts}


@bp.before_request
@role_required("official")
def city_level_only():
    if not manages_accounts(current_user):
        abort(403)


def _managed_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.can_be_managed_by(current_user):
        abort(404)
    return user


@bp.get("/")
def users():
    form = UserFilterForm(formdata=request.args)
    form.validate()
    query = accounts.managed_users_query(current_user, **form.values())
    return render_template("accounts/users.html", form=form, page=paginate(query))


@bp.get("/<int:user_id>")
def user(user_id: int):
    return _user_page(_managed_or_404(user_id))


def _user_page(target: User, temporary_password: str | None = None, form=None):
    return render_template(
        "accounts/user.html",
        target=target,
        form=form or AccountActionForm(formdata=None),
        events=events_for(target),
        temporary_password=temporary_password,
    )


@bp.post("/<int:user_id>/<any(disable, enable):action>")
def set_enabled(user_id: int, action: str):
    target = _managed_or_404(user_id)
    form = AccountActionForm()
    if not form.validate_on_submit():
        flash(form.first_error(), "danger")
        return _user_page(target, form=form), 400
    service, done = ACTIONS[action]
    if attempt(service, target, current_user._get_current_object(), form.reason.data):
        flash(str(done), "success")
    return redirect(url_for("accounts.user", user_id=target.id))


@bp.post("/<int:user_id>/temporary-password")
def temporary_password(user_id: int):
    target = _managed_or_404(user_id)
    form = AccountActionForm()
    if not form.validate_on_submit():
        flash(form.first_error(), "danger")
        return _user_page(target, form=form), 400
    actor = current_user._get_current_object()
    password = attempt(accounts.set_temporary_password, target, actor, form.reason.data)
    if password is None:
        return redirect(url_for("accounts.user", user_id=target.id))
    # shown on this response only (not cached): the official passes it on; never stored in clear
    response = make_response(_user_page(target, temporary_password=password))
    response.headers["Cache-Control"] = "no-store"
    return response
