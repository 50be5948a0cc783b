"""JSON API for data exchange with provincial/national platforms (read-only, /api/v1).

Routes only: the query strings are schemas in args.py, the objects schemas in schemas.py,
the scoped queries live in queries.py; flask-smorest writes the OpenAPI document from them.
"""

from flask import abort, render_template, request
from flask_smorest import Blueprint
from marshmallow import RAISE
from werkzeug.exceptions import HTTPException

from marketplace import wording
from marketplace.api import args as a
from marketplace.api import queries
from marketplace.api import schemas as s
from marketplace.api.args import ID_CONVERTER
from marketplace.api.auth import api_user, authenticate, enterprise_required, staff_required
from marketplace.api.bodies import NeedBodySchema, NeedChangesSchema
from marketplace.api.errors import json_error
from marketplace.api.queries import Filters
from marketplace.api.spec import document
from marketplace.extensions import csrf, db
from marketplace.page_views import record_view
from marketplace.services import needs as need_service
from marketplace.services import supply_list, throttle
from marketplace.services.errors import Conflict, DomainError, NotAllowed
from marketplace.services.ratings import rating_summary
from models import Need, Organisation, PilotCity

bp = Blueprint("api", __name__, description="数据交换接口")
csrf.exempt(bp)  # token clients carry no form token; auth.authenticate refuses cookie writes
bp.before_request(authenticate)
bp.register_error_handler(HTTPException, json_error)
bp.register_error_handler(500, json_error)  # by code too, or the site-wide HTML 500 page would win

PUBLIC, OFFICIAL, ENTERPRISE = "public", "official", "enterprise"


def operation(summary: str, tag: str, access: str = PUBLIC, description: str = "", **doc):
    """The OpenAPI summary, tag, security and error responses of a view."""
    official = access != PUBLIC  # an official's or an enterprise's token
    security = [{"bearerAuth": []}] if official else [{}, {"bearerAuth": []}]
    extra = {"description": description} if description else {}

    def decorator(view):
        view = bp.doc(summary=summary, tags=[tag], security=security, **extra, **doc)(view)
        view = bp.doc(operationId=view.__name__, **{"x-access": access})(view)
        view = bp.alt_response(401, response="UNAUTHORIZED")(view)
        view = bp.alt_response(429, response="TOO_MANY_REQUESTS")(view)
        if official:
            view = bp.alt_response(403, response="FORBIDDEN")(view)
        return view

    return decorator


def not_found(view):
    return bp.alt_response(404, response="NOT_FOUND")(view)


def query(schema):
    """A query string is exactly its schema: an unknown parameter is refused, not ignored."""
    return bp.arguments(schema, location="query", error_status_code=400, unknown=RAISE)


def body(schema, **options):
    """A JSON body is exactly its schema: an unknown field is refused (400 naming it)."""
    return bp.arguments(schema, location="json", error_status_code=400, unknown=RAISE, **options)


def saved(work):
    """Run a service call and commit; its domain error is a JSON error with the words."""
    try:
        result = work()
    except DomainError as error:
        db.session.rollback()
        status = (
            409 if isinstance(error, Conflict) else 403 if isinstance(error, NotAllowed) else 400
        )
        abort(status, wording.error(error))
    db.session.commit()
    return result


WRITE_ERRORS = {400: "BAD_REQUEST", 403: "FORBIDDEN", 409: "CONFLICT"}


def writes(view):
    for status, name in WRITE_ERRORS.items():
        view = bp.alt_response(status, response=name)(view)
    return view


def found(obj):
    if obj is None:
        abort(404)
    return obj


def page(select, args: dict) -> dict:
    pagination = db.paginate(
        select, page=args["page"], per_page=args["per_page"], error_out=False, count=True
    )
    return {
        "items": pagination.items,
        "page": pagination.page,
        "per_page": pagination.per_page,
        "total": pagination.total,
        "pages": pagination.pages,
    }


PAGING = set(a.PageArgs().fields)


def filters(args: dict) -> Filters:
    return Filters({k: v for k, v in args.items() if k not in PAGING})


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.vary.update(("Authorization", "Cookie"))
    return response


def _body(media_type: str, schema: dict) -> dict:
    return {"200": {"description": "成功", "content": {media_type: {"schema": schema}}}}


@bp.route("/openapi.json")
@operation(
    "OpenAPI 3.1 接口描述文档", "文档", responses=_body("application/json", {"type": "object"})
)
def openapi_document():
    return document()


@bp.route("/docs")
@operation("接口说明页面（HTML）", "文档", responses=_body("text/html", {"type": "string"}))
def docs():
    return render_template("api/docs.html", doc=document())


@bp.route("/pilots")
@operation("试点城市及其区县、细分行业", "试点")
@query(a.PageArgs)
@bp.response(200, s.page_of(s.PilotSchema))
def pilots(args):
    return page(queries.pilots(), args)


SUPPLY_NOTE = (
    "只含审核通过且服务本市的服务商、其审核通过的产品（本市细分行业的或跨行业通用的）；"
    "服务商被暂停或清退、产品被暂停或驳回的，立即从清单中消失。试点城市不存在时返回 404。"
)


def _supply_city(pilot_id: int):
    return found(db.session.get(PilotCity, pilot_id))


def _supply_filter(args: dict) -> supply_list.SupplyFilter:
    return supply_list.SupplyFilter(
        sub_industry_id=args.get("sub_industry_id"), stage=args.get("stage")
    )


@bp.route(f"/pilots/<{ID_CONVERTER}:pilot_id>/supply/products")
@operation(
    "试点城市的产品供给清单", "试点", description=SUPPLY_NOTE + "按服务商名称、产品名称排序。"
)
@not_found
@query(a.SupplyArgs)
@bp.response(200, s.page_of(s.SupplyProductSchema))
def supply_products(args, pilot_id: int):
    pilot = _supply_city(pilot_id)
    result = page(supply_list.listed_products(pilot, _supply_filter(args)), args)
    approved = supply_list.approved_at("products", [p.id for p in result["items"]])
    result["items"] = [s.Extended(p, listed_at=approved.get(p.id)) for p in result["items"]]
    return result


@bp.route(f"/pilots/<{ID_CONVERTER}:pilot_id>/supply/providers")
@operation("试点城市的服务商资源池", "试点", description=SUPPLY_NOTE + "按服务商名称排序。")
@not_found
@query(a.SupplyArgs)
@bp.response(200, s.page_of(s.SupplyProviderSchema))
def supply_providers(args, pilot_id: int):
    pilot = _supply_city(pilot_id)
    result = page(supply_list.pool_providers(pilot, _supply_filter(args)), args)
    result["items"] = [
        s.Extended(
            e.provider,
            **{k: v for k, v in vars(e).items() if k != "provider"},
            admitted_at=e.listed_at,
        )
        for e in supply_list.pool_entries(pilot, result["items"])
    ]
    return result


@bp.route("/providers")
@operation("已通过审核的服务商", "目录")
@query(a.ProviderArgs)
@bp.response(200, s.page_of(s.ProviderSchema))
def providers(args):
    return page(queries.providers(filters(args)), args)


@bp.route(f"/providers/<{ID_CONVERTER}:provider_id>")
@operation("服务商详情（仅已通过审核的）", "目录")
@not_found
@bp.response(200, s.ProviderSchema)
def provider(provider_id: int):
    org = found(db.session.get(Organisation, provider_id))
    return found(org if org.is_active_provider else None)


@bp.route(f"/providers/<{ID_CONVERTER}:provider_id>/ratings")
@operation("服务商的企业评价（仅已通过审核的服务商）", "目录")
@not_found
@bp.response(200, s.ProviderRatingsSchema)
def provider_ratings(provider_id: int):
    org = found(db.session.get(Organisation, provider_id))
    org = found(org if org.is_active_provider else None)
    summary = rating_summary(org.id)
    return s.Extended(
        summary,
        provider=org,
        shrunk_average=summary.shrunk,
        aspects=summary.aspects or None,
    )


@bp.route("/products")
@operation(
    "已上架产品",
    "目录",
    description="只含审核通过且服务商有效的产品；被暂停、驳回或清退的产品立即从结果中消失。"
    "提供 q 时按中文分词全文检索（名称、简介、描述、案例）的相关度排序，否则按编号排序。",
)
@query(a.ProductArgs)
@bp.response(200, s.page_of(s.ProductSchema))
def products(args):
    if args.get("q"):  # the same per-address limit as the catalog's search box
        record_view(throttle.spend, "search_address", request.remote_addr)
    return page(queries.products(filters(args)), args)


@bp.route(f"/products/<{ID_CONVERTER}:product_id>")
@operation("产品详情（含描述与应用案例）", "目录")
@not_found
@bp.response(200, s.ProductDetailSchema)
def product(product_id: int):
    return found(queries.visible_product(product_id))


@bp.route("/enterprises")
@staff_required
@operation("辖区内的企业", "监管", OFFICIAL)
@query(a.EnterpriseArgs)
@bp.response(200, s.page_of(s.EnterpriseSchema))
def enterprises(args):
    return page(queries.enterprises(api_user(), filters(args)), args)


@bp.route(f"/enterprises/<{ID_CONVERTER}:enterprise_id>")
@staff_required
@operation("企业详情", "监管", OFFICIAL)
@not_found
@bp.response(200, s.EnterpriseSchema)
def enterprise(enterprise_id: int):
    select = queries.enterprises(api_user(), Filters())
    return found(db.session.scalar(select.where(Organisation.id == enterprise_id)))


@bp.route("/needs")
@staff_required
@operation("辖区内企业的改造需求", "监管", OFFICIAL)
@query(a.NeedArgs)
@bp.response(200, s.page_of(s.NeedSchema))
def needs(args):
    return page(queries.needs(api_user(), filters(args)), args)


@bp.route(f"/needs/<{ID_CONVERTER}:need_id>")
@staff_required
@operation("需求详情及其询价单状态", "监管", OFFICIAL)
@not_found
@bp.response(200, s.NeedDetailSchema)
def need(need_id: int):
    need = found(queries.need_in_scope(api_user(), need_id))
    return s.Extended(need, quote_requests=queries.requests_of_need(api_user(), need))


@bp.route("/needs", methods=["POST"])
@enterprise_required
@operation("发布需求（企业账号）", "需求", ENTERPRISE)
@writes
@body(NeedBodySchema)
@bp.response(200, s.NeedSchema)
def post_need(fields):
    return saved(lambda: need_service.post_need(api_user(), **fields))


@bp.route(f"/needs/<{ID_CONVERTER}:need_id>", methods=["PATCH"])
@enterprise_required
@operation("修改本企业征集中的需求（只需给出要改的字段）", "需求", ENTERPRISE)
@not_found
@writes
@body(NeedChangesSchema)
@bp.response(200, s.NeedSchema)
def update_need(fields, need_id: int):
    need = found(db.session.get(Need, need_id))
    found(need if need.is_owned_by(api_user()) else None)
    return saved(lambda: need_service.update_need(need, api_user(), **fields))


@bp.route("/quote-requests")
@staff_required
@operation("辖区内需求的询价单及报价摘要", "监管", OFFICIAL)
@query(a.QuoteRequestArgs)
@bp.response(200, s.page_of(s.QuoteRequestSchema))
def quote_requests(args):
    return page(queries.quote_requests(api_user(), filters(args)), args)


@bp.route("/projects")
@staff_required
@operation("辖区内的改造项目", "监管", OFFICIAL)
@query(a.ProjectArgs)
@bp.response(200, s.page_of(s.ProjectSchema))
def projects(args):
    return page(queries.projects(api_user(), filters(args)), args)


@bp.route(f"/projects/<{ID_CONVERTER}:project_id>")
@staff_required
@operation("项目详情（预算、1+1+N 参与方、里程碑）", "监管", OFFICIAL)
@not_found
@bp.response(200, s.ProjectDetailSchema)
def project(project_id: int):
    return found(queries.project_in_scope(api_user(), project_id))


@bp.route("/events")
@staff_required
@operation(
    "某个对象的状态变更记录",
    "监管",
    OFFICIAL,
    description="按时间先后列出谁在何时把对象从什么状态改为什么状态、原因是什么。"
    "对象不存在或不在辖区内时返回 404。",
)
@not_found
@query(a.EventArgs)
@bp.response(200, s.page_of(s.EventSchema))
def events(args):
    subject = found(queries.event_subject(api_user(), args["subject_type"], args["subject_id"]))
    return page(queries.events(subject), args)
