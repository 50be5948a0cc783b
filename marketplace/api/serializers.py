"""Objects → JSON, and the JSON Schema of each shape, side by side so they stay in step.

The schemas are the `components.schemas` of the OpenAPI document; a test checks real
responses against them.
"""

from decimal import Decimal

from models.project import Project
from models.stages import STAGES

PROJECT_STATUSES = Project.STATUSES


def _number(value) -> float | None:
    return None if value is None else float(Decimal(value))


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(type_: str, **extra) -> dict:
    return {"type": [type_, "null"], **extra}


def _object(properties: dict, description: str | None = None) -> dict:
    schema = {"type": "object", "required": list(properties), "properties": properties}
    if description:
        schema["description"] = description
    return schema


INTEGER = {"type": "integer"}
STRING = {"type": "string"}
BOOLEAN = {"type": "boolean"}
NUMBER = {"type": "number"}
DATE_TIME = {"type": "string", "format": "date-time"}
STAGE_LIST = {"type": "array", "items": {"type": "string", "enum": list(STAGES)}}


def named(obj) -> dict | None:
    return None if obj is None else {"id": obj.id, "name": obj.name}


def sub_industry(s) -> dict:
    return {"id": s.id, "name": s.name, "is_extension": s.is_extension}


def pilot(p) -> dict:
    return {
        "id": p.id,
        "code": p.code,
        "name": p.name,
        "province": p.province,
        "target_enterprises": p.target_enterprises,
        "districts": [named(d) for d in p.districts],
        "sub_industries": [sub_industry(s) for s in p.sub_industries],
    }


def provider(org) -> dict:
    """Public fields only: no contact person or phone."""
    return {
        "id": org.id,
        "name": org.name,
        "credit_code": org.credit_code,
        "provider_type": org.provider_type,
        "pilot": named(org.pilot),
        "served_pilots": [named(p) for p in org.served_pilots],
        "served_sub_industries": [named(s) for s in org.served_sub_industries],
        "local_service": org.local_service,
        "introduction": org.introduction,
    }


def product(p) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "summary": p.summary,
        "provider": named(p.provider),
        "is_generic": p.is_generic,
        "stages": sorted(p.stages, key=STAGES.index),
        "sub_industries": [named(s) for s in p.sub_industries],
        "delivery_mode": p.delivery_mode,
        "list_price": _number(p.list_price),
        "pilot_price": _number(p.pilot_price),
        "price_unit": p.price_unit,
        "deployment_days": p.deployment_days,
        "updated_at": _iso(p.updated_at),
    }


def product_detail(p) -> dict:
    return product(p) | {
        "description": p.description,
        "cases": [{"customer": c.customer, "content": c.content} for c in p.cases],
    }


def enterprise(org) -> dict:
    return {
        "id": org.id,
        "name": org.name,
        "credit_code": org.credit_code,
        "pilot": named(org.pilot),
        "district": named(org.district),
        "sub_industry": named(org.sub_industry),
        "is_above_scale": org.is_above_scale,
        "specialised_status": org.specialised_status,
        "self_assessed_level": org.self_assessed_level,
        "employee_count": org.employee_count,
        "status": org.status,
        "contact_name": org.contact_name,
        "contact_phone": org.contact_phone,
        "created_at": _iso(org.created_at),
    }


def need(n) -> dict:
    return {
        "id": n.id,
        "title": n.title,
        "description": n.description,
        "enterprise": named(n.enterprise),
        "district": named(n.enterprise.district),
        "sub_industry": named(n.enterprise.sub_industry),
        "stages": sorted(n.stages, key=STAGES.index),
        "budget_min": _number(n.budget_min),
        "budget_max": _number(n.budget_max),
        "expected_start": _iso(n.expected_start),
        "duration_days": n.duration_days,
        "target_level": n.target_level,
        "status": n.status,
        "created_at": _iso(n.created_at),
        "updated_at": _iso(n.updated_at),
    }


def quote_summary(q) -> dict | None:
    if q is None:
        return None
    return {
        "total": _number(q.total),
        "discount_pct": _number(q.discount_pct),
        "delivery_days": q.delivery_days,
        "valid_until": _iso(q.valid_until),
        "submitted_at": _iso(q.submitted_at),
    }


def quote_request(r) -> dict:
    return {
        "id": r.id,
        "need_id": r.need_id,
        "provider": named(r.provider),
        "product": named(r.product),
        "status": r.status,
        "created_at": _iso(r.created_at),
        "responded_at": _iso(r.responded_at),
        "quote": quote_summary(r.quote),
    }


def need_detail(n, requests) -> dict:
    return need(n) | {"quote_requests": [quote_request(r) for r in requests]}


def event(e) -> dict:
    return {
        "id": e.id,
        "subject_type": e.subject_type,
        "subject_id": e.subject_id,
        "at": _iso(e.at),
        "from_state": e.from_state,
        "to_state": e.to_state,
        "actor": named(e.actor),
        "reason": e.reason,
    }


def project(p) -> dict:
    return {
        "id": p.id,
        "title": p.title,
        "status": p.status,
        "pilot_id": p.pilot_id,
        "district_id": p.district_id,
        "enterprise": named(p.enterprise),
        "provider": named(p.provider),
        "need_id": p.need_id,
        "quote_request_id": p.quote_request_id,
        "contract_no": p.contract_no,
        "start_on": _iso(p.start_on),
        "end_on": _iso(p.end_on),
        "target_level": p.target_level,
        "level_before": p.level_before,
        "certified_level": p.certified_level,
        "budget_total": _number(p.budget_total),
        "subsidy_estimate": _number(p.subsidy_estimate),
        "subsidy_confirmed": _number(p.subsidy_confirmed),
        "subsidy_paid": _number(p.subsidy_paid),
        "is_overdue": p.is_overdue,
        "filed_at": _iso(p.filed_at),
        "approved_at": _iso(p.approved_at),
        "accepted_at": _iso(p.accepted_at),
        "created_at": _iso(p.created_at),
        "updated_at": _iso(p.updated_at),
    }


def project_detail(p) -> dict:
    return project(p) | {
        "budget_lines": [
            {"kind": b.kind, "description": b.description, "amount": _number(b.amount)}
            for b in p.budget_lines
        ],
        "parties": [{"organisation": named(x.organisation), "role": x.role} for x in p.parties],
        "milestones": [
            {
                "title": m.title,
                "due_on": _iso(m.due_on),
                "done_on": _iso(m.done_on),
                "is_overdue": m.is_overdue,
            }
            for m in p.milestones
        ],
    }


NAMED = _object({"id": INTEGER, "name": STRING}, "被引用对象的编号与名称")
NAMED_OR_NULL = {"anyOf": [_ref("Named"), {"type": "null"}]}

SCHEMAS: dict[str, dict] = {
    "Named": NAMED,
    "Error": {
        "type": "object",
        "required": ["error", "status"],
        "properties": {
            "error": {**STRING, "description": "错误名称"},
            "status": {**INTEGER, "description": "HTTP 状态码"},
            "message": {**STRING, "description": "说明（如参数错误的原因）"},
        },
    },
    "SubIndustry": _object(
        {
            "id": INTEGER,
            "name": STRING,
            "is_extension": {**BOOLEAN, "description": "沈阳“3+N”中的扩展行业"},
        },
        "细分行业",
    ),
    "Pilot": _object(
        {
            "id": INTEGER,
            "code": {**STRING, "description": "城市代码，如 xiamen"},
            "name": STRING,
            "province": STRING,
            "target_enterprises": {**INTEGER, "description": "试点期计划改造企业数"},
            "districts": {"type": "array", "items": _ref("Named")},
            "sub_industries": {"type": "array", "items": _ref("SubIndustry")},
        },
        "试点城市及其区县、细分行业",
    ),
    "Provider": _object(
        {
            "id": INTEGER,
            "name": STRING,
            "credit_code": {**STRING, "description": "统一社会信用代码"},
            "provider_type": _nullable(
                "string",
                enum=["专业服务商", "平台服务商", "集成服务商", "链主企业", "牵引单位", None],
            ),
            "pilot": _ref("Named"),
            "served_pilots": {"type": "array", "items": _ref("Named")},
            "served_sub_industries": {"type": "array", "items": _ref("Named")},
            "local_service": _nullable("string", description="本地化服务承诺"),
            "introduction": STRING,
        },
        "已通过审核的服务商（公开字段）",
    ),
    "Product": _object(
        {
            "id": INTEGER,
            "name": STRING,
            "summary": STRING,
            "provider": _ref("Named"),
            "is_generic": {**BOOLEAN, "description": "跨行业通用产品（如 ERP、OA）"},
            "stages": {**STAGE_LIST, "description": "适用的业务环节（2024 版评测指标 16 个场景）"},
            "sub_industries": {"type": "array", "items": _ref("Named")},
            "delivery_mode": {"type": "string", "enum": ["SaaS", "私有部署", "软硬一体"]},
            "list_price": {**NUMBER, "description": "市场价（元）"},
            "pilot_price": {**NUMBER, "description": "试点优惠价（元）"},
            "price_unit": STRING,
            "deployment_days": {**INTEGER, "description": "部署上线天数"},
            "updated_at": DATE_TIME,
        },
        "已上架（审核通过）的产品",
    ),
    "ProductDetail": {
        "allOf": [
            _ref("Product"),
            _object(
                {
                    "description": STRING,
                    "cases": {
                        "type": "array",
                        "items": _object({"customer": STRING, "content": STRING}, "应用案例"),
                    },
                }
            ),
        ]
    },
    "Enterprise": _object(
        {
            "id": INTEGER,
            "name": STRING,
            "credit_code": {**STRING, "description": "统一社会信用代码"},
            "pilot": _ref("Named"),
            "district": NAMED_OR_NULL,
            "sub_industry": NAMED_OR_NULL,
            "is_above_scale": _nullable("boolean", description="规上企业"),
            "specialised_status": _nullable(
                "string",
                enum=["none", "innovative", "specialised", "little_giant", None],
                description="创新型 / 专精特新 / 小巨人",
            ),
            "self_assessed_level": _nullable(
                "integer", minimum=1, maximum=4, description="自评数字化水平等级"
            ),
            "employee_count": _nullable("integer"),
            "status": STRING,
            "contact_name": STRING,
            "contact_phone": STRING,
            "created_at": DATE_TIME,
        },
        "试点企业（仅限本市/本区工信部门）",
    ),
    "Need": _object(
        {
            "id": INTEGER,
            "title": STRING,
            "description": STRING,
            "enterprise": _ref("Named"),
            "district": NAMED_OR_NULL,
            "sub_industry": NAMED_OR_NULL,
            "stages": STAGE_LIST,
            "budget_min": _nullable("number", description="预算下限（元）"),
            "budget_max": _nullable("number", description="预算上限（元）"),
            "expected_start": _nullable("string", format="date"),
            "duration_days": _nullable("integer"),
            "target_level": _nullable("integer", minimum=1, maximum=4),
            "status": {"type": "string", "enum": ["open", "awarded", "closed"]},
            "created_at": DATE_TIME,
            "updated_at": DATE_TIME,
        },
        "企业数字化改造需求",
    ),
    "QuoteSummary": _object(
        {
            "total": {**NUMBER, "description": "折后总价（元）"},
            "discount_pct": NUMBER,
            "delivery_days": INTEGER,
            "valid_until": {"type": "string", "format": "date"},
            "submitted_at": DATE_TIME,
        },
        "服务商报价摘要（不含明细行）",
    ),
    "QuoteRequest": _object(
        {
            "id": INTEGER,
            "need_id": INTEGER,
            "provider": _ref("Named"),
            "product": NAMED_OR_NULL,
            "status": {
                "type": "string",
                "enum": [
                    "requested",
                    "quoted",
                    "declined",
                    "accepted",
                    "not_selected",
                    "withdrawn",
                ],
            },
            "created_at": DATE_TIME,
            "responded_at": _nullable("string", format="date-time"),
            "quote": {"anyOf": [_ref("QuoteSummary"), {"type": "null"}]},
        },
        "询价单及其状态",
    ),
    "NeedDetail": {
        "allOf": [
            _ref("Need"),
            _object({"quote_requests": {"type": "array", "items": _ref("QuoteRequest")}}),
        ]
    },
    "Event": _object(
        {
            "id": INTEGER,
            "subject_type": STRING,
            "subject_id": INTEGER,
            "at": DATE_TIME,
            "from_state": _nullable("string"),
            "to_state": STRING,
            "actor": NAMED_OR_NULL,
            "reason": _nullable("string"),
        },
        "状态变更记录（谁、何时、从何状态到何状态、原因）",
    ),
    "Project": _object(
        {
            "id": INTEGER,
            "title": STRING,
            "status": {"type": "string", "enum": list(PROJECT_STATUSES)},
            "pilot_id": INTEGER,
            "district_id": _nullable("integer"),
            "enterprise": _ref("Named"),
            "provider": NAMED_OR_NULL,
            "need_id": _nullable("integer"),
            "quote_request_id": _nullable("integer"),
            "contract_no": STRING,
            "start_on": _nullable("string", format="date"),
            "end_on": _nullable("string", format="date"),
            "target_level": _nullable("integer", minimum=1, maximum=4),
            "level_before": _nullable("integer", minimum=1, maximum=4),
            "certified_level": _nullable(
                "integer", minimum=1, maximum=4, description="验收认定的数字化水平等级"
            ),
            "budget_total": {**NUMBER, "description": "立项预算合计（元）"},
            "subsidy_estimate": _nullable("number", description="补贴测算（元）"),
            "subsidy_confirmed": _nullable("number", description="核定补贴（元）"),
            "subsidy_paid": {**NUMBER, "description": "已拨付补贴（元）"},
            "is_overdue": {**BOOLEAN, "description": "实施中且有逾期里程碑"},
            "filed_at": _nullable("string", format="date-time"),
            "approved_at": _nullable("string", format="date-time"),
            "accepted_at": _nullable("string", format="date-time"),
            "created_at": DATE_TIME,
            "updated_at": DATE_TIME,
        },
        "改造项目（立项 → 审核 → 实施 → 验收 → 补贴）",
    ),
    "ProjectDetail": {
        "allOf": [
            _ref("Project"),
            _object(
                {
                    "budget_lines": {
                        "type": "array",
                        "items": _object({"kind": STRING, "description": STRING, "amount": NUMBER}),
                    },
                    "parties": {
                        "type": "array",
                        "items": _object(
                            {
                                "organisation": _ref("Named"),
                                "role": {
                                    "type": "string",
                                    "enum": ["lead", "integrator", "vendor"],
                                },
                            },
                            "“1+1+N”参与方",
                        ),
                    },
                    "milestones": {
                        "type": "array",
                        "items": _object(
                            {
                                "title": STRING,
                                "due_on": {"type": "string", "format": "date"},
                                "done_on": _nullable("string", format="date"),
                                "is_overdue": BOOLEAN,
                            }
                        ),
                    },
                }
            ),
        ]
    },
}


def page_schema(item: str) -> dict:
    return _object(
        {
            "items": {"type": "array", "items": _ref(item)},
            "page": {**INTEGER, "minimum": 1},
            "per_page": {**INTEGER, "minimum": 1, "maximum": 100},
            "total": {**INTEGER, "minimum": 0, "description": "符合条件的总条数"},
            "pages": {**INTEGER, "minimum": 0},
        },
        f"{item} 的分页列表",
    )


def page(pagination, serialize) -> dict:
    return {
        "items": [serialize(obj) for obj in pagination.items],
        "page": pagination.page,
        "per_page": pagination.per_page,
        "total": pagination.total,
        "pages": pagination.pages,
    }
