"""supply blueprint: each pilot city's published supply list (产品供给清单) and provider pool
(服务商资源池), public like the catalog, with their CSV and Excel downloads."""

from flask import Blueprint, abort, render_template, request

from marketplace.extensions import db
from marketplace.page_cache import render_public
from marketplace.pagination import paginate
from marketplace.services import supply_list
from marketplace.services.pilots import all_pilots, pilot_by_code
from marketplace.supply import tables
from marketplace.supply.forms import SupplyFilterForm
from marketplace.wording import supply as words
from models import Product

bp = Blueprint("supply", __name__, url_prefix="/pilots")

LISTS = {"products": supply_list.PRODUCT_SORTS, "providers": supply_list.PROVIDER_SORTS}


def _city(code: str):
    pilot = pilot_by_code(code)
    if pilot is None:
        abort(404)
    return pilot


def _filters(pilot, list_name: str) -> SupplyFilterForm:
    form = SupplyFilterForm(pilot, LISTS[list_name], formdata=request.args)
    form.validate()
    return form


@bp.get("/")
def index():
    return render_public(lambda: render_template("supply/index.html", pilots=all_pilots()))


@bp.get("/<code>/supply")
def products(code: str):
    return _list_page(code, "products")


@bp.get("/<code>/supply/providers")
def providers(code: str):
    return _list_page(code, "providers")


def _list_page(code: str, list_name: str):
    """One of the two lists, a page of it; a filter that means nothing is a 400 whose page
    says which and shows the list without it."""
    pilot = _city(code)
    form = _filters(pilot, list_name)
    f = form.supply_filter()

    def draw():
        if list_name == "products":
            page = paginate(supply_list.listed_products(pilot, f))
            approved = supply_list.approved_at(Product.__tablename__, [p.id for p in page.items])
            rows = tables.product_rows(pilot, page.items, approved)
        else:
            page = paginate(supply_list.pool_providers(pilot, f))
            rows = supply_list.pool_entries(pilot, page.items)
        return render_template(
            f"supply/{list_name}.html",
            pilot=pilot,
            form=form,
            f=f,
            page=page,
            rows=rows,
            csv_endpoint=f"supply.{list_name}_csv",
            filter_args=_args(f, with_sort=False),
            export_args=_args(f, with_sort=True),
            problem=words.filter_problem,
        )

    return render_public(draw), 400 if form.errors else 200


def _args(f: supply_list.SupplyFilter, with_sort: bool) -> dict:
    """The valid filters as query arguments (links to the other list, downloads)."""
    args = {"sub_industry": f.sub_industry_id, "stage": f.stage}
    if with_sort and f.sort:
        args |= {"sort": f.sort, "order": f.order}
    return {k: v for k, v in args.items() if v}


def _all_products(pilot, f) -> list:
    products = list(db.session.scalars(supply_list.listed_products(pilot, f)))
    approved = supply_list.approved_at(Product.__tablename__, [p.id for p in products])
    return tables.product_rows(pilot, products, approved)


def _all_providers(pilot, f) -> list:
    providers = list(db.session.scalars(supply_list.pool_providers(pilot, f)))
    return supply_list.pool_entries(pilot, providers)


@bp.get("/<code>/supply/products.csv")
def products_csv(code: str):
    pilot = _city(code)
    f = _filters(pilot, "products").supply_filter()
    return tables.csv_download(pilot, "products", _all_products(pilot, f))


@bp.get("/<code>/supply/providers.csv")
def providers_csv(code: str):
    pilot = _city(code)
    f = _filters(pilot, "providers").supply_filter()
    return tables.csv_download(pilot, "providers", _all_providers(pilot, f))


@bp.get("/<code>/supply.xlsx")
def workbook(code: str):
    """Both lists under the same filters, each in its default order."""
    pilot = _city(code)
    f = _filters(pilot, "products").supply_filter()
    f = supply_list.SupplyFilter(sub_industry_id=f.sub_industry_id, stage=f.stage)
    return tables.xlsx_download(pilot, _all_products(pilot, f), _all_providers(pilot, f))
