"""catalog blueprint: the public catalog, product pages, and a provider's own products
(one at a time, or in bulk through the Excel template)."""

from urllib.parse import quote

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import wording
from marketplace.catalog.forms import BrowseForm, CatalogImportForm, ProductForm
from marketplace.extensions import db
from marketplace.page_cache import render_private, render_public
from marketplace.page_views import record_view
from marketplace.pagination import paginate
from marketplace.permissions import get_visible_or_404, role_required
from marketplace.services import catalog, product_sheets, products, throttle
from marketplace.services.errors import DomainError
from marketplace.services.exports import xlsx_bytes
from marketplace.services.ratings import rating_summary
from marketplace.services.workflow import events_for
from marketplace.wording import catalog_sheet
from models import Product
from models.product import DELIVERY_MODES, PRICE_UNITS

bp = Blueprint("catalog", __name__, url_prefix="/catalog")

STATUS_TABS = ("draft", "pending", "approved", "rejected", "suspended")


@bp.get("/browse")
def browse():
    # a search runs the sentence encoder: limited per client address, kept page or not
    if request.args.get("q", "").strip():
        record_view(throttle.spend, "search_address", request.remote_addr)

    def draw():  # the filter form too: a kept page skips building it (its lists are queries)
        form = BrowseForm(formdata=request.args)
        form.validate()
        reversed_prices = form.price_range_reversed()
        filters = catalog.CatalogFilter(
            keyword=form.value("q") or "",
            pilot_id=form.value("pilot"),
            sub_industry_id=form.value("sub_industry"),
            stage=form.value("stage"),
            delivery_mode=form.value("delivery_mode"),
            price_min=None if reversed_prices else form.value("price_min"),
            price_max=None if reversed_prices else form.value("price_max"),
        )
        page = paginate(catalog.browse_query(filters))
        return render_template(
            "catalog/browse.html",
            form=form,
            page=page,
            filters=filters,
            price_order_error=reversed_prices,
        )

    return render_public(draw)


@bp.get("/products/<int:product_id>")
def product_detail(product_id: int):
    def draw():
        product = get_visible_or_404(Product, product_id)
        is_owner = (
            current_user.is_authenticated and current_user.organisation_id == product.provider_id
        )
        return render_template(
            "catalog/product_detail.html",
            product=product,
            is_owner=is_owner,
            events=events_for(product) if is_owner else [],
            ratings=rating_summary(product.provider_id),
        )

    return render_public(draw)


@bp.get("/my-products")
@role_required("provider")
def my_products():
    status = request.args.get("status")
    query = products.products_of(
        current_user.organisation, status if status in STATUS_TABS else None
    )
    return render_private(
        lambda: render_template(
            "catalog/my_products.html",
            page=paginate(query),
            status=status,
            tabs=STATUS_TABS,
            org=current_user.organisation,
        )
    )


@bp.route("/products/new", methods=["GET", "POST"])
@role_required("provider")
def new_product():
    form = ProductForm(current_user.organisation)
    if form.validate_on_submit():
        try:
            product = products.create_product(
                current_user.organisation, _product_data(form), current_user
            )
        except DomainError:
            db.session.rollback()
            flash(_("产品信息有误，请检查后重新提交"), "danger")
        else:
            db.session.commit()
            flash(_("产品草稿已保存。确认无误后请“提交审核”。"), "success")
            return redirect(url_for("catalog.product_detail", product_id=product.id))
    return render_template("catalog/product_form.html", form=form, product=None)


@bp.route("/products/<int:product_id>/edit", methods=["GET", "POST"])
@role_required("provider")
def edit_product(product_id: int):
    product = get_visible_or_404(Product, product_id, "can_edit")
    form = ProductForm(product.provider, obj=product, **_form_defaults(product))
    if form.validate_on_submit():
        was_approved = product.status == "approved"
        try:
            products.update_product(product, _product_data(form), current_user)
        except DomainError:
            db.session.rollback()
            flash(_("该产品当前不能修改（已暂停的产品请联系工信部门）"), "danger")
        else:
            db.session.commit()
            if was_approved:
                flash(_("修改已保存，产品已重新进入审核，审核通过前暂不在目录中展示"), "warning")
            else:
                flash(_("修改已保存"), "success")
            return redirect(url_for("catalog.my_products"))
    return render_template("catalog/product_form.html", form=form, product=product)


@bp.post("/products/<int:product_id>/submit")
@role_required("provider")
def submit_product(product_id: int):
    product = get_visible_or_404(Product, product_id, "can_edit")
    products.submit_product(product, current_user)
    db.session.commit()
    flash(_("已提交审核：%(name)s", name=product.name), "success")
    return redirect(url_for("catalog.my_products"))


def _form_defaults(product: Product) -> dict:
    cases = [{"customer": c.customer, "content": c.content} for c in product.cases]
    return {
        "stages": list(product.stages),
        "sub_industry_ids": [s.id for s in product.sub_industries],
        "cases": cases,
    }


def _product_data(form: ProductForm) -> products.ProductData:
    return products.ProductData(
        name=form.name.data,
        summary=form.summary.data,
        description=form.description.data,
        stages=form.stages.data,
        sub_industry_ids=form.sub_industry_ids.data,
        is_generic=form.is_generic.data,
        delivery_mode=form.delivery_mode.data,
        list_price=form.list_price.data,
        pilot_price=form.pilot_price.data,
        price_unit=form.price_unit.data,
        deployment_days=form.deployment_days.data,
        cases=form.case_pairs(),
    )


# --- 批量导入 / 导出 -------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(rows, filename: str) -> Response:
    columns = product_sheets.COLUMNS
    notes = catalog_sheet.notes_rows(columns, DELIVERY_MODES, PRICE_UNITS)
    body = xlsx_bytes(
        [
            (catalog_sheet.SHEET_PRODUCTS, catalog_sheet.headers(columns), rows),
            (catalog_sheet.SHEET_NOTES, [str(h) for h in catalog_sheet.NOTES_HEADERS], notes),
        ]
    )
    response = Response(body, mimetype=XLSX)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@bp.get("/my-products/template.xlsx")
@role_required("provider")
def catalog_template():
    return _workbook([], f"{_('产品批量导入模板')}.xlsx")


@bp.get("/my-products/export.xlsx")
@role_required("provider")
def catalog_export():
    rows = product_sheets.catalog_rows(
        current_user.organisation, wording.cell("yes"), wording.cell("no")
    )
    return _workbook(rows, f"{_('我的产品')}-{current_user.organisation_id}.xlsx")


@bp.route("/my-products/import", methods=["GET", "POST"])
@role_required("provider")
def catalog_import():
    form = CatalogImportForm()
    report, file_error = None, None
    if form.validate_on_submit():
        try:
            report = product_sheets.import_products(
                current_user.organisation,
                form.file.data.read(),
                current_user,
                catalog_sheet.accepted_headers(),
            )
        except DomainError as error:
            db.session.rollback()
            file_error = catalog_sheet.file_problem(error)
        else:
            db.session.commit()
    return render_template(
        "catalog/import.html",
        form=form,
        report=report,
        file_error=file_error,
        problem=catalog_sheet.problem,
    )
