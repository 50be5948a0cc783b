"""The OpenAPI 3.1 document of /api/v1, built from the routes themselves.

Each view carries its description (`@operation`); `build_document` walks the app's URL map,
so a route cannot exist without appearing in the document, and path parameters come from
the URL rules' converters.
"""

import re
from dataclasses import dataclass, field

from flask import Flask

from marketplace.api.serializers import SCHEMAS, page_schema

PUBLIC = "public"  # anyone; a token or session is optional
OFFICIAL = "official"  # officials and admins, scoped to their city (district)

API_PREFIX = "/api/v1"
TITLE = "数转通 数据交换接口"
VERSION = "1.0.0"

DESCRIPTION = """\
面向省级、国家级中小企业数字化转型公共服务平台的数据交换接口（只读）。

**认证**：在请求头中携带 `Authorization: Bearer <令牌>`。令牌由平台管理员用命令 \
`flask --app app api-token create --email <账号邮箱> --name <用途>` 签发，只显示一次；\
令牌代表其所属账号，权限与数据范围与该账号相同（工信部门账号只能看到本市 / 本区的数据）。\
已登录网站的浏览器会话也可用于读取；任何写操作只接受令牌。

**分页**：列表接口接受 `page`（从 1 开始）与 `per_page`（1–100，默认 20），返回 \
`items`、`page`、`per_page`、`total`、`pages`。

**错误**：以 JSON 返回 `{"error": 名称, "status": 状态码, "message": 说明}`；\
401 表示缺少、无效或已吊销的令牌，403 表示账号角色无权访问，\
404 表示对象不存在或不在本账号的数据范围内。
"""

TAGS = [
    {"name": "试点", "description": "试点城市、区县与细分行业"},
    {"name": "目录", "description": "已审核通过的服务商与产品（公开）"},
    {"name": "监管", "description": "企业、需求、询价、项目与状态记录（仅工信部门，按辖区限定）"},
    {"name": "文档", "description": "本接口的说明"},
]


@dataclass
class Param:
    name: str
    type: str = "string"
    description: str = ""
    enum: list | None = None
    required: bool = False

    def to_openapi(self) -> dict:
        schema: dict = {"type": self.type}
        if self.enum is not None:
            schema["enum"] = list(self.enum)
        return {
            "name": self.name,
            "in": "query",
            "required": self.required,
            "description": self.description,
            "schema": schema,
        }


PAGE = Param("page", "integer", "页码，从 1 开始，默认 1")
PER_PAGE = Param("per_page", "integer", "每页条数，1–100，默认 20")


@dataclass
class Operation:
    summary: str
    tag: str
    access: str = PUBLIC
    description: str = ""
    params: list[Param] = field(default_factory=list)
    schema: str | None = None  # a components.schemas name
    paginated: bool = False
    media_type: str = "application/json"
    not_found: bool = False  # 404 without a path parameter (a subject named in the query)

    def query_params(self) -> list[Param]:
        return [*self.params, PAGE, PER_PAGE] if self.paginated else list(self.params)


def operation(summary: str, tag: str, **details):
    """Attach the OpenAPI description to a view function."""

    def decorator(view):
        view.openapi = Operation(summary=summary, tag=tag, **details)
        return view

    return decorator


_RULE_ARGUMENT = re.compile(r"<(?:([^:<>]+):)?([^<>]+)>")


def openapi_path(rule: str) -> str:
    """'/api/v1/needs/<int:need_id>' → '/needs/{need_id}'."""
    return _RULE_ARGUMENT.sub(r"{\2}", rule.removeprefix(API_PREFIX))


def api_rules(app: Flask):
    """(rule, view function) of every route of the api blueprint, in a stable order."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")]
    for rule in sorted(rules, key=lambda r: r.rule):
        yield rule, app.view_functions[rule.endpoint]


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _responses(op: Operation, has_path_params: bool) -> dict:
    if op.media_type != "application/json":
        ok = {"description": "成功", "content": {op.media_type: {"schema": {"type": "string"}}}}
    elif op.schema is None:
        ok = {
            "description": "成功",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    else:
        name = f"{op.schema}Page" if op.paginated else op.schema
        ref = {"$ref": f"#/components/schemas/{name}"}
        ok = {"description": "成功", "content": {"application/json": {"schema": ref}}}
    responses = {"200": ok}
    if op.query_params():
        responses["400"] = {"$ref": "#/components/responses/BadRequest"}
    responses["401"] = {"$ref": "#/components/responses/Unauthorized"}
    if op.access == OFFICIAL:
        responses["403"] = {"$ref": "#/components/responses/Forbidden"}
    if has_path_params or op.not_found:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return responses


def _path_params(rule) -> list[dict]:
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "description": "对象编号",
            "schema": {"type": "integer" if converter == "int" else "string"},
        }
        for converter, name in _RULE_ARGUMENT.findall(rule.rule)
    ]


# what the common field names mean, for the properties whose schema does not say
FIELD_NOTES = {
    "id": "编号",
    "name": "名称",
    "title": "标题",
    "summary": "一句话简介",
    "description": "详细描述",
    "status": "状态",
    "created_at": "创建时间（UTC）",
    "updated_at": "最后修改时间（UTC）",
    "at": "发生时间（UTC）",
    "provider": "服务商",
    "enterprise": "企业",
    "product": "询价所针对的产品",
    "pilot": "所属试点城市",
    "district": "所在区县",
    "sub_industry": "所属细分行业",
    "sub_industries": "适用的细分行业",
    "districts": "区县",
    "need_id": "需求编号",
    "pilot_id": "试点城市编号",
    "district_id": "区县编号",
    "quote_request_id": "中选的询价单编号",
    "subject_type": "对象类型（表名）",
    "subject_id": "对象编号",
    "from_state": "原状态（创建时为空）",
    "to_state": "新状态",
    "actor": "操作人（系统操作时为空）",
    "reason": "原因",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "price_unit": "计价单位",
    "expected_start": "期望开始日期",
    "duration_days": "期望工期（天）",
    "target_level": "目标数字化水平等级",
    "responded_at": "服务商答复时间",
    "quote": "报价摘要（未报价时为空）",
    "quote_requests": "该需求的全部询价单",
    "employee_count": "职工人数",
    "delivery_days": "交付天数",
    "valid_until": "报价有效期至",
    "submitted_at": "报价提交时间",
    "items": "本页对象",
    "page": "当前页码",
    "per_page": "每页条数",
    "pages": "总页数",
    "cases": "应用案例",
    "customer": "客户",
    "content": "做了什么、取得什么成效",
    "kind": "类别",
    "amount": "金额（元）",
    "role": "角色：lead 牵引单位 / integrator 集成商 / vendor 其他服务商",
    "organisation": "参与单位",
    "budget_lines": "预算明细",
    "parties": "“1+1+N”参与方",
    "milestones": "里程碑",
    "due_on": "计划完成日期",
    "done_on": "实际完成日期",
    "contract_no": "合同编号",
    "start_on": "开始日期",
    "end_on": "结束日期",
    "level_before": "改造前数字化水平等级",
    "province": "省份",
    "provider_type": "服务商类型",
    "served_pilots": "服务的试点城市",
    "served_sub_industries": "服务的细分行业",
    "introduction": "简介",
    "delivery_mode": "交付方式",
    "stages": "涉及的业务环节",
    "discount_pct": "整单折扣（%）",
    "filed_at": "立项提交时间",
    "approved_at": "市级审核通过时间",
    "accepted_at": "验收通过时间",
}


def _with_field_notes(schema):
    """A copy of `schema` where every property without a description gets FIELD_NOTES'."""
    if isinstance(schema, list):
        return [_with_field_notes(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: _with_field_notes(value) for key, value in schema.items()}
    for name, prop in copy.get("properties", {}).items():
        if "description" not in prop and "$ref" not in prop and name in FIELD_NOTES:
            prop["description"] = FIELD_NOTES[name]
    return copy


def build_document(app: Flask) -> dict:
    paths: dict[str, dict] = {}
    paginated: set[str] = set()
    for rule, view in api_rules(app):
        op: Operation = view.openapi
        if op.paginated and op.schema:
            paginated.add(op.schema)
        security = [{"bearerAuth": []}] if op.access == OFFICIAL else [{}, {"bearerAuth": []}]
        entry = {
            "operationId": rule.endpoint.removeprefix("api."),
            "summary": op.summary,
            "tags": [op.tag],
            "security": security,
            "x-access": op.access,
            "parameters": _path_params(rule) + [p.to_openapi() for p in op.query_params()],
            "responses": _responses(op, bool(rule.arguments)),
        }
        if op.description:
            entry["description"] = op.description
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(openapi_path(rule.rule), {})[method.lower()] = entry
    schemas = dict(SCHEMAS)
    for name in sorted(paginated):
        schemas[f"{name}Page"] = page_schema(name)
    schemas = _with_field_notes(schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        "servers": [{"url": API_PREFIX}],
        "tags": TAGS,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "flask api-token create 签发的令牌（szt_ 开头）",
                }
            },
            "responses": {
                "BadRequest": _error("参数错误"),
                "Unauthorized": _error("缺少、无效或已吊销的令牌"),
                "Forbidden": _error("账号角色无权访问（仅工信部门）"),
                "NotFound": _error("不存在，或不在本账号的数据范围内"),
            },
        },
    }


def _type_label(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type_label(s) for s in schema["anyOf"])
    types = schema.get("type", "object")
    types = types if isinstance(types, list) else [types]
    labels = []
    for t in types:
        if t == "array":
            labels.append(_type_label(schema.get("items", {})) + "[]")
        elif t == "string" and "format" in schema:
            labels.append(f"string ({schema['format']})")
        else:
            labels.append(t)
    return " | ".join(labels)


def _note(schema: dict) -> str:
    note = schema.get("description", "")
    enum = [v for v in schema.get("enum", []) if v is not None]
    if enum:
        note = (
            f"{note}（可选：{'、'.join(map(str, enum))}）"
            if note
            else f"可选：{'、'.join(map(str, enum))}"
        )
    return note


def describe_for_humans(doc: dict) -> dict:
    """The document flattened for the HTML page: endpoints by tag, schemas as field rows."""
    by_tag = {tag["name"]: {"tag": tag, "endpoints": []} for tag in doc["tags"]}
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            ok = op["responses"]["200"]["content"]
            media_type, body = next(iter(ok.items()))
            by_tag[op["tags"][0]]["endpoints"].append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": doc["servers"][0]["url"] + path,
                    "summary": op["summary"],
                    "description": op.get("description", ""),
                    "access": op["x-access"],
                    "params": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "type": _type_label(p["schema"]),
                            "required": p["required"],
                            "note": _note({"description": p.get("description", ""), **p["schema"]}),
                        }
                        for p in op["parameters"]
                    ],
                    "media_type": media_type,
                    "returns": _type_label(body["schema"]),
                    "errors": sorted(code for code in op["responses"] if code != "200"),
                }
            )
    schemas = []
    for name, schema in doc["components"]["schemas"].items():
        parts = schema.get("allOf", [schema])
        bases = [_type_label(p) for p in parts if "$ref" in p]
        fields = [
            {
                "name": field_name,
                "type": _type_label(field_schema),
                "required": field_name in part.get("required", []),
                "note": _note(field_schema),
            }
            for part in parts
            if "$ref" not in part
            for field_name, field_schema in part.get("properties", {}).items()
        ]
        description = next((p.get("description") for p in parts if p.get("description")), "")
        schemas.append({"name": name, "bases": bases, "description": description, "fields": fields})
    return {"groups": [g for g in by_tag.values() if g["endpoints"]], "schemas": schemas}
