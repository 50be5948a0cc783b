"""auth blueprint: sign-in, registration of enterprises and providers, the own profile."""

from urllib.parse import urlsplit

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
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from marketplace import wording
from marketplace.auth.forms import (
    EnterpriseProfileForm,
    EnterpriseRegistrationForm,
    LoginForm,
    PasswordChangeForm,
    ProviderEditForm,
    ProviderRegistrationForm,
    TokenForm,
)
from marketplace.extensions import db
from marketplace.permissions import role_required
from marketplace.security import start_session
from marketplace.services import accounts, api_tokens, profiles, registration
from marketplace.services.errors import DomainError, InvalidInput, NotAllowed, Throttled
from marketplace.services.workflow import events_for
from marketplace.submission import attempt
from models import ApiToken

bp = Blueprint("auth", __name__, url_prefix="/account")

# what a user with a temporary password may still open: the form to replace it, and the exit
WHILE_PASSWORD_MUST_CHANGE = {
    "auth.security",
    "auth.password",
    "auth.logout",
    "main.set_language",
    "health.healthz",
    "static",
}


def safe_next(target: str | None) -> str | None:
    """A local path to go back to after signing in; anything pointing off-site is dropped."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and "\\" not in target else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.sign_in(form.email.data, form.password.data, request.remote_addr)
        except Throttled as error:
            flash(wording.error(error), "danger")
            status = 429
        except InvalidInput:
            db.session.commit()  # the failure is counted for every worker and host
            flash(_("邮箱或密码不正确"), "danger")
        except NotAllowed:
            db.session.commit()
            flash(_("该账号已停用，请联系平台管理员"), "danger")
        else:
            db.session.commit()
            start_session(user, remember=form.remember.data)
            if user.must_change_password:
                flash(_("您正在使用临时密码，请先设置新密码"), "warning")
                return redirect(url_for("auth.security"))
            return redirect(safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("您已安全退出"), "info")
    return redirect(url_for("main.index"))


@bp.get("/register")
def register():
    return render_template("auth/register.html")


@bp.route("/register/enterprise", methods=["GET", "POST"])
def register_enterprise():
    form = EnterpriseRegistrationForm()
    if form.validate_on_submit():
        data = registration.EnterpriseData(
            credit_code=form.credit_code.data,
            pilot_id=form.pilot_id.data,
            **form.profile_values(),
        )
        return _finish_registration(registration.register_enterprise, data, form)
    return render_template("auth/register_enterprise.html", form=form)


@bp.route("/register/provider", methods=["GET", "POST"])
def register_provider():
    form = ProviderRegistrationForm()
    if form.validate_on_submit():
        data = registration.ProviderData(
            credit_code=form.credit_code.data, pilot_id=form.pilot_id.data, **form.profile_values()
        )
        return _finish_registration(registration.register_provider, data, form)
    return render_template("auth/register_provider.html", form=form)


def _finish_registration(register_service, data, form):
    login = registration.Login(form.email.data, form.password.data, form.person_name.data)
    try:
        user = register_service(data, login)
    except InvalidInput:
        db.session.rollback()
        flash(_("注册信息有误，请检查后重新提交"), "danger")
        template = "enterprise" if isinstance(form, EnterpriseRegistrationForm) else "provider"
        return render_template(f"auth/register_{template}.html", form=form)
    db.session.commit()
    start_session(user)
    if user.organisation.status == "pending":
        flash(_("注册成功！服务商资质待工信部门审核，审核通过后产品方可上架。"), "success")
    else:
        flash(_("注册成功，欢迎使用数转通！"), "success")
    return redirect(url_for("auth.profile"))


@bp.route("/profile", methods=["GET", "POST"])
@role_required("enterprise", "provider")
def profile():
    org = current_user.organisation
    if org is None:
        abort(404)
    form = _profile_form(org)
    if form.validate_on_submit():
        if org.is_enterprise:
            saved = attempt(profiles.update_enterprise_profile, org, form.profile_values())
        else:
            saved = attempt(
                profiles.update_provider_profile, org, form.profile_values(), current_user
            )
        if saved is not None:
            if org.is_provider and org.pending_scope_change is not None:
                flash(
                    _("资料已保存；服务城市或细分行业的变更已提交审核，通过前仍按原范围展示"),
                    "success",
                )
            else:
                flash(_("资料已保存"), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", org=org, form=form, events=events_for(org))


def _profile_form(org):
    if org.is_enterprise:
        form = EnterpriseProfileForm(org.pilot, obj=org)
        if not form.is_submitted():  # the radio holds "1"/"0", the column a boolean
            form.is_above_scale.data = "1" if org.is_above_scale else "0"
        return form
    return ProviderEditForm(
        org,
        obj=org,
        served_pilot_ids=[p.id for p in org.served_pilots],
        sub_industry_ids=[s.id for s in org.served_sub_industries],
    )


@bp.post("/profile/resubmit")
@role_required("provider")
def resubmit():
    profiles.resubmit_provider(current_user.organisation, current_user)
    db.session.commit()
    flash(_("已重新提交审核，请耐心等待工信部门审核"), "success")
    return redirect(url_for("auth.profile"))


@bp.before_app_request
def temporary_password_first():
    """A temporary password is replaced before anything else (the API, which answers token
    clients, is left alone)."""
    if (
        request.endpoint not in WHILE_PASSWORD_MUST_CHANGE
        and request.blueprint not in ("api", "api_assets")
        and current_user.is_authenticated
        and current_user.must_change_password
    ):
        return redirect(url_for("auth.security"))
    return None


def _security_page(password_form=None, token_form=None, new_token=None):
    return render_template(
        "auth/security.html",
        password_form=password_form or PasswordChangeForm(formdata=None),
        token_form=token_form or TokenForm(formdata=None),
        tokens=api_tokens.tokens_of(current_user),
        new_token=new_token,
        events=events_for(current_user),
    )


@bp.get("/security")
@login_required
def security():
    return _security_page()


@bp.post("/password")
@login_required
def password():
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return _security_page(password_form=form), 400
    user = current_user._get_current_object()
    try:
        accounts.change_password(user, form.current.data, form.new.data, form.confirm.data)
    except DomainError as error:
        db.session.commit()  # the only write before a refusal: a wrong current password counted
        flash(wording.error(error), "danger")
        return _security_page(password_form=form), 400
    db.session.commit()
    flash(_("密码已修改"), "success")
    return redirect(url_for("auth.security"))


@bp.post("/tokens")
@login_required
def issue_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _security_page(token_form=form), 400
    user = current_user._get_current_object()
    issued = attempt(api_tokens.issue_token, user, form.name.data, form.days.data)
    if issued is None:
        return _security_page(token_form=form), 400
    # shown on this one response only: never stored, never in the session cookie, not cached
    response = make_response(_security_page(new_token=issued[1]))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if attempt(api_tokens.revoke_token, token, current_user._get_current_object()):
        flash(_("令牌“%(name)s”已吊销", name=token.name), "success")
    return redirect(url_for("auth.security"))
