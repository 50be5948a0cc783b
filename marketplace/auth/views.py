"""auth blueprint: sign-in, registration of enterprises and providers, the own profile."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from marketplace.auth.forms import (
    EnterpriseProfileForm,
    EnterpriseRegistrationForm,
    LoginForm,
    ProviderEditForm,
    ProviderRegistrationForm,
)
from marketplace.extensions import db
from marketplace.permissions import role_required
from marketplace.security import start_session
from marketplace.services import accounts, profiles, registration
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import events_for

bp = Blueprint("auth", __name__, url_prefix="/account")


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
    if form.validate_on_submit():
        try:
            user = accounts.sign_in(form.email.data, form.password.data)
        except InvalidInput:
            flash(_("邮箱或密码不正确"), "danger")
        except NotAllowed:
            flash(_("该账号已停用，请联系平台管理员"), "danger")
        else:
            db.session.commit()
            start_session(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


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
        update = (
            profiles.update_enterprise_profile
            if org.is_enterprise
            else profiles.update_provider_profile
        )
        try:
            update(org, form.profile_values())
        except InvalidInput:
            db.session.rollback()
            flash(_("资料有误，请检查后重新提交"), "danger")
        else:
            db.session.commit()
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
