"""supervision blueprint: the officials' review queue, lists, object pages, activity and
dashboard. Routes only; scoping and figures live in services/supervision/, vetting in
services/review.py."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from marketplace import wording
from marketplace.extensions import db
from marketplace.page_cache import render_private
from marketplace.pagination import paginate
from marketplace.permissions import role_required
from marketplace.routing import id_arg
from marketplace.services import scope_changes
from marketplace.services import supervision as sv
from marketplace.services.errors import DomainError
from marketplace.services.ranking_log import ranking_audit
from marketplace.services.review import ACTIONS, available_actions, review, suspension_impact
from marketplace.services.supervision.figures_cache import cached_dashboard
from marketplace.services.workflow import events_for
from marketplace.supervision import charts, tables
from marketplace.supervision.forms import (
    ACTION_DONE,
    ActivityFilterForm,
    EnterpriseFilterForm,
    NeedFilterForm,
    ProductFilterForm,
    ProviderFilterForm,
    ReviewForm,
    fill_place_choices,
    read_filters,
)
from models import ProviderScopeChange

bp = Blueprint("supervision", __name__, url_prefix="/supervision")

official_required = role_required("official")


@bp.context_processor
def chart_helpers():
    return {"bar_chart": charts.bar_chart, "hbar_chart": charts.hbar_chart}


def _scope() -> sv.Scope:
    """The official's scope; an admin may pick one city with ?pilot=<id>."""
    return sv.scope_of(current_user, id_arg("pilot"))


def _in_scope_or_404(scope: sv.Scope, kind: str, object_id: int):
    obj = sv.find_in_scope(scope, kind, object_id)
    if obj is None:
        abort(404)
    return obj


def _filters(form_class, scope):
    form = form_class(formdata=request.args)
    fill_place_choices(
        form, sv.scope_pilots(scope), sv.scope_districts(scope), sv.scope_sub_industries(scope)
    )
    return form, read_filters(form)


def _list(kind: str):
    """supervision/<kind>.html: a filtered, scoped, paginated list, or the same rows as a
    CSV/Excel download."""
    form_class, build, table = LISTS[kind]
    scope = _scope()
    fmt = request.args.get("format")
    if fmt in tables.EXPORT_FORMATS:
        _form, filters = _filters(form_class, scope)
        return tables.export_response([(table, sv.all_rows(build(scope, **filters)))], fmt)

    def draw():
        form, filters = _filters(form_class, scope)
        page = paginate(build(scope, **filters), sv.PER_PAGE)
        return render_template(f"supervision/{kind}.html", form=form, page=page, scope=scope)

    return render_private(draw)


@bp.context_processor
def admin_city_choice():
    """Admins see every city; the filter bars offer them one city at a time."""
    if not current_user.is_authenticated or current_user.role != "admin":
        return {"city_choices": None}
    return {"city_choices": sv.scope_pilots(sv.Scope(sv.Jurisdiction()))}


# --- review -------------------------------------------------------------------------


@bp.get("/review-queue")
@official_required
def review_queue():
    scope = _scope()

    def draw():
        providers, products = sv.review_queue(scope)
        changes = scope_changes.scope_change_queue(scope.vetting)
        first = "providers" if providers and not products else "products"
        tab = request.args.get("tab", "scope" if changes and not (providers or products) else first)
        return render_template(
            "supervision/review_queue.html",
            providers=providers,
            products=products,
            scope_changes=changes,
            tab=tab,
        )

    return render_private(draw)


def _review(kind: str, object_id: int, action: str, detail_endpoint: str):
    if action not in ACTIONS:
        abort(404)
    subject = _in_scope_or_404(_scope(), kind, object_id)
    back = request.form.get("next") or url_for(detail_endpoint, object_id=object_id)
    return _decide(action, back, subject.name, review, subject, action, current_user)


def _decide(action: str, back: str, name: str, call, *args):
    """A review decision with its reason form: checked, `call(*args, reason)` committed,
    and back with the outcome flashed."""
    form = ReviewForm(action)
    if not form.validate_on_submit():
        flash(form.first_error(), "danger")
        return redirect(back)
    try:
        call(*args, form.reason.data)
    except DomainError as error:
        db.session.rollback()
        flash(wording.error(error), "danger")
        return redirect(back)
    db.session.commit()
    flash(f"{name}：{ACTION_DONE[action]}", "success")
    return redirect(back)


@bp.post("/scope-changes/<int:object_id>/<action>")
@official_required
def review_scope_change(object_id: int, action: str):
    """Approve or reject a provider's change of served cities or sub-industries."""
    change = db.session.get(ProviderScopeChange, object_id)
    if action not in ("approve", "reject") or change is None:
        abort(404)
    if not change.is_within(_scope().vetting):
        abort(404)
    back = request.form.get("next") or url_for("supervision.provider", object_id=change.provider_id)
    decide = scope_changes.decide_scope_change
    approve = action == "approve"
    return _decide(action, back, change.provider.name, decide, change, current_user, approve)


@bp.post("/providers/<int:object_id>/<action>")
@official_required
def review_provider(object_id: int, action: str):
    return _review("provider", object_id, action, "supervision.provider")


@bp.post("/products/<int:object_id>/<action>")
@official_required
def review_product(object_id: int, action: str):
    return _review("product", object_id, action, "supervision.product")


# --- lists and object pages ---------------------------------------------------------

LISTS = {
    "enterprises": (EnterpriseFilterForm, sv.filter_enterprises, tables.ENTERPRISES),
    "providers": (ProviderFilterForm, sv.filter_providers, tables.PROVIDERS),
    "products": (ProductFilterForm, sv.filter_products, tables.PRODUCTS),
    "needs": (NeedFilterForm, sv.filter_needs, tables.NEEDS),
}


def _need_page(scope, need) -> dict:
    requests = sv.quote_requests_of_need(need)
    return {
        "need": need,
        "requests": requests,
        "request_events": {r.id: events_for(r) for r in requests},
        "match_views": sv.match_views_of_need(need),
        "ranking": ranking_audit(need),
    }


# What each object page shows beside the object's own events: kind → (scope, obj) → context.
OBJECT_PAGES = {
    "enterprise": lambda scope, org: {"org": org, "needs": sv.needs_of_enterprise(org)},
    "provider": lambda scope, org: {
        "org": org,
        "products": sv.products_of_provider(org),
        "requests": sv.quote_requests_of_provider(scope, org),
        "actions": available_actions(current_user, org),
        "impact": suspension_impact(org, current_user),
    },
    "product": lambda scope, item: {
        "product": item,
        "provider_events": events_for(item.provider),
        "actions": available_actions(current_user, item),
    },
    "need": _need_page,
}


def _object_page(kind: str, object_id: int):
    """supervision/<kind>.html for the object if it lies in the scope, else 404."""
    scope = _scope()
    obj = _in_scope_or_404(scope, kind, object_id)
    context = OBJECT_PAGES[kind](scope, obj)
    return render_template(f"supervision/{kind}.html", events=events_for(obj), **context)


@bp.get("/enterprises")
@official_required
def enterprises():
    return _list("enterprises")


@bp.get("/enterprises/<int:object_id>")
@official_required
def enterprise(object_id: int):
    return _object_page("enterprise", object_id)


@bp.get("/providers")
@official_required
def providers():
    return _list("providers")


@bp.get("/providers/<int:object_id>")
@official_required
def provider(object_id: int):
    return _object_page("provider", object_id)


@bp.get("/products")
@official_required
def products():
    return _list("products")


@bp.get("/products/<int:object_id>")
@official_required
def product(object_id: int):
    return _object_page("product", object_id)


@bp.get("/needs")
@official_required
def needs():
    return _list("needs")


@bp.get("/needs/<int:object_id>")
@official_required
def need(object_id: int):
    return _object_page("need", object_id)


# --- activity -----------------------------------------------------------------------


@bp.get("/activity")
@official_required
def activity():
    scope = _scope()
    form, filters = _filters(ActivityFilterForm, scope)
    figures = sv.activity(scope, **filters)
    fmt = request.args.get("format")
    if fmt in tables.EXPORT_FORMATS:
        return tables.export_response(tables.activity_tables(figures), fmt)
    return render_template("supervision/activity.html", form=form, figures=figures)


@bp.get("/dashboard")
@official_required
def dashboard():
    scope = _scope()
    fmt = request.args.get("format")
    if fmt in tables.EXPORT_FORMATS:
        _form, filters = _filters(ActivityFilterForm, scope)
        board, _at = cached_dashboard(scope, **filters)
        return tables.dashboard_export(board, fmt, request.args.get("table"))

    def draw():
        form, filters = _filters(ActivityFilterForm, scope)
        board, figures_at = cached_dashboard(scope, **filters)
        return render_template(
            "supervision/dashboard.html",
            form=form,
            board=board,
            figures_at=figures_at,
            scope=scope,
            pilots=sv.scope_pilots(scope),
            sub_rows=[(row["name"], row["needs"]) for row in board.by_sub_industry],
            project_rows=[
                (wording.status(status, "projects"), count)
                for status, count in board.projects["by_status"]
            ],
        )

    return render_private(draw)
