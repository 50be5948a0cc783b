"""JSON API for data exchange with provincial/national platforms (read-only, /api/v1).

Routes only: parameters are parsed in params.py, the scoped queries live in queries.py, the
JSON shapes in serializers.py, and each route's OpenAPI description sits on it (@operation).
"""

from flask import Blueprint, abort, current_app, render_template
from werkzeug.exceptions import HTTPException

from marketplace.api import queries
from marketplace.api import serializers as out
from marketplace.api.auth import api_user, authenticate, staff_required
from marketplace.api.openapi import (
    OFFICIAL,
    Param,
    build_document,
    describe_for_humans,
    operation,
)
from marketplace.api.params import bool_arg, choice_arg, date_arg, int_arg, paginate, text_arg
from marketplace.extensions import csrf, db
from models import Need, Organisation, QuoteRequest
from models.organisation import PROVIDER_TYPES, SPECIALISED_STATUSES
from models.product import DELIVERY_MODES
from models.project import Project
from models.stages import STAGES

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # token clients carry no form token; auth.authenticate refuses cookie writes
bp.before_request(authenticate)

Q = Param("q", description="关键词")
PILOT_ID = Param("pilot_id", "integer", "试点城市编号")
SUB_INDUSTRY_ID = Param("sub_industry_id", "integer", "细分行业编号")
DISTRICT_ID = Param("district_id", "integer", "区县编号")
STAGE = Param("stage", description="业务环节", enum=list(STAGES))
PROVIDER_ID = Param("provider_id", "integer", "服务商编号")
ENTERPRISE_ID = Param("enterprise_id", "integer", "企业编号")


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.vary.update(("Authorization", "Cookie"))
    return response


@bp.errorhandler(HTTPException)
@bp.errorhandler(500)  # by code too, or the site-wide HTML 500 page would win
def json_error(error: HTTPException):
    if error.code >= 500:
        db.session.rollback()
    body = {"error": error.name, "status": error.code, "message": error.description}
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return body, error.code, headers


@bp.get("/openapi.json")
@operation("OpenAPI 3.1 接口描述文档", "文档")
def openapi_document():
    return build_document(current_app)


@bp.get("/docs")
@operation("接口说明页面（HTML）", "文档", media_type="text/html")
def docs():
    doc = build_document(current_app)
    return render_template("api/docs.html", doc=doc, api=describe_for_humans(doc))


@bp.get("/pilots")
@operation("试点城市及其区县、细分行业", "试点", schema="Pilot", paginated=True)
def pilots():
    return out.page(paginate(queries.pilots()), out.pilot)


@bp.get("/providers")
@operation(
    "已通过审核的服务商",
    "目录",
    params=[
        Param("pilot_id", "integer", "服务的试点城市"),
        Param("sub_industry_id", "integer", "服务的细分行业"),
        Param("provider_type", description="服务商类型", enum=list(PROVIDER_TYPES)),
        Param("q", description="名称关键词"),
    ],
    schema="Provider",
    paginated=True,
)
def providers():
    filters = queries.Filters(
        pilot_id=int_arg("pilot_id"),
        sub_industry_id=int_arg("sub_industry_id"),
        provider_type=choice_arg("provider_type", PROVIDER_TYPES),
        q=text_arg("q"),
    )
    return out.page(paginate(queries.providers(filters)), out.provider)


@bp.get("/providers/<int:provider_id>")
@operation("服务商详情（仅已通过审核的）", "目录", schema="Provider")
def provider(provider_id: int):
    org = db.session.get(Organisation, provider_id)
    if org is None or not org.is_active_provider:
        abort(404)
    return out.provider(org)


@bp.get("/products")
@operation(
    "已上架产品",
    "目录",
    description="只含审核通过且服务商有效的产品；被暂停、驳回或清退的产品立即从结果中消失。"
    "提供 q 时按中文分词全文检索（名称、简介、描述、案例）的相关度排序，否则按编号排序。",
    params=[
        PILOT_ID,
        SUB_INDUSTRY_ID,
        STAGE,
        Param("delivery_mode", description="交付方式", enum=list(DELIVERY_MODES)),
        PROVIDER_ID,
        Param("is_generic", "boolean", "是否跨行业通用产品"),
        Q,
    ],
    schema="Product",
    paginated=True,
)
def products():
    filters = queries.Filters(
        pilot_id=int_arg("pilot_id"),
        sub_industry_id=int_arg("sub_industry_id"),
        stage=choice_arg("stage", STAGES),
        delivery_mode=choice_arg("delivery_mode", DELIVERY_MODES),
        provider_id=int_arg("provider_id"),
        is_generic=bool_arg("is_generic"),
        q=text_arg("q"),
    )
    return out.page(paginate(queries.products(filters)), out.product)


@bp.get("/products/<int:product_id>")
@operation("产品详情（含描述与应用案例）", "目录", schema="ProductDetail")
def product(product_id: int):
    found = queries.visible_product(product_id)
    if found is None:
        abort(404)
    return out.product_detail(found)


@bp.get("/enterprises")
@staff_required
@operation(
    "辖区内的企业",
    "监管",
    access=OFFICIAL,
    params=[
        DISTRICT_ID,
        SUB_INDUSTRY_ID,
        Param("specialised_status", description="专精特新情况", enum=list(SPECIALISED_STATUSES)),
        Param("q", description="名称关键词或统一社会信用代码"),
    ],
    schema="Enterprise",
    paginated=True,
)
def enterprises():
    filters = queries.Filters(
        district_id=int_arg("district_id"),
        sub_industry_id=int_arg("sub_industry_id"),
        specialised_status=choice_arg("specialised_status", SPECIALISED_STATUSES),
        q=text_arg("q"),
    )
    return out.page(paginate(queries.enterprises(api_user(), filters)), out.enterprise)


@bp.get("/enterprises/<int:enterprise_id>")
@staff_required
@operation("企业详情", "监管", access=OFFICIAL, schema="Enterprise")
def enterprise(enterprise_id: int):
    query = queries.enterprises(api_user(), queries.Filters())
    found = db.session.scalar(query.where(Organisation.id == enterprise_id))
    if found is None:
        abort(404)
    return out.enterprise(found)


@bp.get("/needs")
@staff_required
@operation(
    "辖区内企业的改造需求",
    "监管",
    access=OFFICIAL,
    params=[
        Param("status", description="需求状态", enum=list(Need.TRANSITIONS)),
        DISTRICT_ID,
        SUB_INDUSTRY_ID,
        ENTERPRISE_ID,
        STAGE,
        Param("created_since", description="发布日期不早于（YYYY-MM-DD）"),
    ],
    schema="Need",
    paginated=True,
)
def needs():
    filters = queries.Filters(
        status=choice_arg("status", list(Need.TRANSITIONS)),
        district_id=int_arg("district_id"),
        sub_industry_id=int_arg("sub_industry_id"),
        enterprise_id=int_arg("enterprise_id"),
        stage=choice_arg("stage", STAGES),
        created_since=date_arg("created_since"),
    )
    return out.page(paginate(queries.needs(api_user(), filters)), out.need)


@bp.get("/needs/<int:need_id>")
@staff_required
@operation("需求详情及其询价单状态", "监管", access=OFFICIAL, schema="NeedDetail")
def need(need_id: int):
    found = queries.need_in_scope(api_user(), need_id)
    if found is None:
        abort(404)
    return out.need_detail(found, queries.requests_of_need(api_user(), found))


@bp.get("/quote-requests")
@staff_required
@operation(
    "辖区内需求的询价单及报价摘要",
    "监管",
    access=OFFICIAL,
    params=[
        Param("status", description="询价单状态", enum=list(QuoteRequest.TRANSITIONS)),
        Param("need_id", "integer", "需求编号"),
        PROVIDER_ID,
    ],
    schema="QuoteRequest",
    paginated=True,
)
def quote_requests():
    filters = queries.Filters(
        status=choice_arg("status", list(QuoteRequest.TRANSITIONS)),
        need_id=int_arg("need_id"),
        provider_id=int_arg("provider_id"),
    )
    return out.page(paginate(queries.quote_requests(api_user(), filters)), out.quote_request)


@bp.get("/projects")
@staff_required
@operation(
    "辖区内的改造项目",
    "监管",
    access=OFFICIAL,
    params=[
        Param("status", description="项目状态", enum=list(Project.STATUSES)),
        DISTRICT_ID,
        ENTERPRISE_ID,
        PROVIDER_ID,
    ],
    schema="Project",
    paginated=True,
)
def projects():
    filters = queries.Filters(
        status=choice_arg("status", Project.STATUSES),
        district_id=int_arg("district_id"),
        enterprise_id=int_arg("enterprise_id"),
        provider_id=int_arg("provider_id"),
    )
    return out.page(paginate(queries.projects(api_user(), filters)), out.project)


@bp.get("/projects/<int:project_id>")
@staff_required
@operation(
    "项目详情（预算、1+1+N 参与方、里程碑）", "监管", access=OFFICIAL, schema="ProjectDetail"
)
def project(project_id: int):
    found = queries.project_in_scope(api_user(), project_id)
    if found is None:
        abort(404)
    return out.project_detail(found)


@bp.get("/events")
@staff_required
@operation(
    "某个对象的状态变更记录",
    "监管",
    access=OFFICIAL,
    description="按时间先后列出谁在何时把对象从什么状态改为什么状态、原因是什么。"
    "对象不存在或不在辖区内时返回 404。",
    params=[
        Param(
            "subject_type",
            description="对象类型",
            enum=list(queries.EVENT_SUBJECTS),
            required=True,
        ),
        Param("subject_id", "integer", "对象编号", required=True),
    ],
    schema="Event",
    paginated=True,
    not_found=True,
)
def events():
    subject_type = choice_arg("subject_type", list(queries.EVENT_SUBJECTS))
    subject_id = int_arg("subject_id")
    if subject_type is None or subject_id is None:
        abort(400, "subject_type 与 subject_id 必须同时提供")
    subject = queries.event_subject(api_user(), subject_type, subject_id)
    if subject is None:
        abort(404)
    return out.page(paginate(queries.events(subject)), out.event)
