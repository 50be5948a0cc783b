"""The JSON objects of /api/v1: one marshmallow schema each, which serializes the responses
and is the `components.schemas` entry flask-smorest writes into the OpenAPI document.

Every field of a response is always present (null when empty), so every field is declared
required; enums come from the models' own constants.
"""

from marshmallow import Schema, fields
from marshmallow.schema import SchemaMeta
from marshmallow.validate import OneOf, Range

from marketplace import wording
from marketplace.api.args import MAX_PER_PAGE
from models.need import Need
from models.organisation import PROVIDER_TYPES, SPECIALISED_STATUSES
from models.product import DELIVERY_MODES
from models.project import PARTY_ROLES, Project
from models.quote import QuoteRequest
from models.stages import STAGES

LEVEL = Range(1, 4)


class _AlwaysPresent(SchemaMeta):
    def __new__(mcs, name, bases, attrs):
        klass = super().__new__(mcs, name, bases, attrs)
        for field in klass._declared_fields.values():
            field.required = True
        return klass


class Out(Schema, metaclass=_AlwaysPresent):
    """A response object: serialized, never loaded."""


def nullable(field_class, **options):
    return field_class(allow_none=True, **options)


def about(text: str, **options) -> dict:
    return {"metadata": {"description": text}, **options}


class Stages(fields.List):
    """The business stages of a product or need, in the order of the 2024 indicator list."""

    def __init__(self, **options):
        super().__init__(fields.String(validate=OneOf(STAGES)), **options)

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(sorted(value, key=STAGES.index), attr, obj, **kwargs)


class NamedSchema(Out):
    """被引用对象的编号与名称"""

    id = fields.Integer()
    name = fields.String()


def named(**options):
    return fields.Nested(NamedSchema, **options)


def named_or_null(text: str, **options):
    return fields.Nested(NamedSchema, allow_none=True, metadata={"description": text}, **options)


class SubIndustrySchema(Out):
    """细分行业"""

    id = fields.Integer()
    name = fields.String()
    is_extension = fields.Boolean(**about("沈阳“3+N”中的扩展行业"))


class PilotSchema(Out):
    """试点城市及其区县、细分行业"""

    id = fields.Integer()
    code = fields.String(**about("城市代码，如 xiamen"))
    name = fields.String()
    province = fields.String()
    target_enterprises = fields.Integer(**about("试点期计划改造企业数"))
    districts = fields.List(named())
    sub_industries = fields.List(fields.Nested(SubIndustrySchema))


class ProviderSchema(Out):
    """已通过审核的服务商（公开字段，不含联系人与电话）"""

    id = fields.Integer()
    name = fields.String()
    credit_code = fields.String(**about("统一社会信用代码"))
    provider_type = nullable(fields.String, validate=OneOf(PROVIDER_TYPES), **about("服务商类型"))
    pilot = named(**about("所属试点城市"))
    served_pilots = fields.List(named(), **about("服务的试点城市"))
    served_sub_industries = fields.List(named(), **about("服务的细分行业"))
    local_service = nullable(fields.String, **about("本地化服务承诺"))
    introduction = fields.String()


class ProductSchema(Out):
    """已上架（审核通过）的产品"""

    id = fields.Integer()
    name = fields.String()
    summary = fields.String(**about("一句话简介"))
    provider = named(**about("服务商"))
    is_generic = fields.Boolean(**about("跨行业通用产品（如 ERP、OA）"))
    stages = Stages(**about("适用的业务环节（2024 版评测指标 16 个场景）"))
    sub_industries = fields.List(named(), **about("适用的细分行业"))
    delivery_mode = fields.String(validate=OneOf(DELIVERY_MODES), **about("交付方式"))
    list_price = fields.Float(**about("市场价（元）"))
    pilot_price = fields.Float(**about("试点优惠价（元）"))
    price_unit = fields.String(**about("计价单位"))
    deployment_days = fields.Integer(**about("部署上线天数"))
    updated_at = fields.DateTime(**about("最后修改时间（UTC）"))


class SupplyProductSchema(ProductSchema):
    """产品供给清单中的产品"""

    listed_at = nullable(fields.DateTime, **about("最近一次审核通过（上架）的时间（UTC）"))


class SupplyProviderSchema(Out):
    """服务商资源池中的服务商（已通过审核、服务本市）"""

    id = fields.Integer()
    name = fields.String()
    credit_code = fields.String(**about("统一社会信用代码"))
    provider_type = nullable(fields.String, validate=OneOf(PROVIDER_TYPES), **about("服务商类型"))
    sub_industries = fields.List(named(), **about("服务的本市细分行业"))
    stages = Stages(**about("清单内产品覆盖的业务环节"))
    product_count = fields.Integer(validate=Range(min=0), **about("清单内产品数"))
    rating_count = fields.Integer(validate=Range(min=0), **about("企业评价条数"))
    rating_average = nullable(
        fields.Float, validate=Range(1, 5), **about("四项平均分的平均（无评价时为 null）")
    )
    admitted_at = nullable(fields.DateTime, **about("最近一次审核通过（入库）的时间（UTC）"))


class CaseSchema(Out):
    """应用案例"""

    customer = fields.String()
    content = fields.String(**about("做了什么、取得什么成效"))


class RatingSchema(Out):
    """企业在项目验收通过后对服务商的评价（1–5分）及服务商的公开回复"""

    id = fields.Integer()
    project_id = fields.Integer(**about("所评价的改造项目"))
    enterprise = named(**about("评价企业"))
    quality = fields.Integer(validate=Range(1, 5), **about("交付质量"))
    timeliness = fields.Integer(validate=Range(1, 5), **about("按期交付"))
    responsiveness = fields.Integer(validate=Range(1, 5), **about("服务响应"))
    value = fields.Integer(validate=Range(1, 5), **about("性价比"))
    average = fields.Float(validate=Range(1, 5), **about("四项平均分"))
    comment = fields.String(**about("评价内容"))
    reply = nullable(fields.String, **about("服务商的公开回复（只能回复一次）"))
    replied_at = nullable(fields.DateTime, **about("回复时间（UTC）"))
    created_at = fields.DateTime(**about("评价时间（UTC）"))


class AspectAveragesSchema(Out):
    """各项平均分"""

    quality = fields.Float(validate=Range(1, 5), **about("交付质量"))
    timeliness = fields.Float(validate=Range(1, 5), **about("按期交付"))
    responsiveness = fields.Float(validate=Range(1, 5), **about("服务响应"))
    value = fields.Float(validate=Range(1, 5), **about("性价比"))


class ProviderRatingsSchema(Out):
    """服务商的企业评价汇总与最近的评价"""

    provider = named(**about("服务商"))
    count = fields.Integer(validate=Range(min=0), **about("评价条数"))
    average = nullable(
        fields.Float, validate=Range(1, 5), **about("四项平均分的平均（无评价时为 null）")
    )
    shrunk_average = fields.Float(
        validate=Range(1, 5),
        **about("向中位分 3 收缩的贝叶斯平均 (5×3 + 总分) / (5 + 条数)，匹配排序所用"),
    )
    aspects = fields.Nested(
        AspectAveragesSchema, allow_none=True, **about("各项平均分（无评价时为 null）")
    )
    recent = fields.List(fields.Nested(RatingSchema), **about("最近的评价（至多 5 条）"))


class ProductDetailSchema(ProductSchema):
    """产品详情（含描述与应用案例）"""

    description = fields.String()
    cases = fields.List(fields.Nested(CaseSchema))


class EnterpriseSchema(Out):
    """试点企业（仅限本市/本区工信部门）"""

    id = fields.Integer()
    name = fields.String()
    credit_code = fields.String(**about("统一社会信用代码"))
    pilot = named(**about("所属试点城市"))
    district = named_or_null("所在区县")
    sub_industry = named_or_null("所属细分行业")
    is_above_scale = nullable(fields.Boolean, **about("规上企业"))
    specialised_status = nullable(
        fields.String, validate=OneOf(SPECIALISED_STATUSES), **about("创新型 / 专精特新 / 小巨人")
    )
    self_assessed_level = nullable(fields.Integer, validate=LEVEL, **about("自评数字化水平等级"))
    employee_count = nullable(fields.Integer, **about("职工人数"))
    status = fields.String()
    contact_name = fields.String()
    contact_phone = fields.String()
    created_at = fields.DateTime()


class NeedSchema(Out):
    """企业数字化改造需求"""

    id = fields.Integer()
    title = fields.String()
    description = fields.String()
    pain_points = nullable(fields.String, **about("转型难点"))
    transformation_plan = nullable(fields.String, **about("转型计划"))
    support_wanted = nullable(fields.String, **about("期待得到支持"))
    enterprise = named(**about("企业"))
    district = named_or_null("所在区县", attribute="enterprise.district")
    sub_industry = named_or_null("所属细分行业", attribute="enterprise.sub_industry")
    stages = Stages(**about("涉及的业务环节"))
    budget_min = nullable(fields.Float, **about("预算下限（元）"))
    budget_max = nullable(fields.Float, **about("预算上限（元）"))
    expected_start = nullable(fields.Date, **about("期望开始日期"))
    duration_days = nullable(fields.Integer, **about("期望工期（天）"))
    target_level = nullable(fields.Integer, validate=LEVEL, **about("目标数字化水平等级"))
    status = fields.String(validate=OneOf(list(Need.TRANSITIONS)))
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class QuoteSummarySchema(Out):
    """服务商报价摘要（不含明细行）"""

    total = fields.Float(**about("折后总价（元）"))
    discount_pct = fields.Float(**about("整单折扣（%）"))
    delivery_days = fields.Integer()
    valid_until = fields.Date(**about("报价有效期至"))
    submitted_at = fields.DateTime()
    covered_stages = Stages(**about("本报价覆盖的需求环节（比价只在覆盖相同环节的报价之间进行）"))


class QuoteRequestSchema(Out):
    """询价单及其状态"""

    id = fields.Integer()
    need_id = fields.Integer()
    provider = named(**about("服务商"))
    product = named_or_null("询价所针对的产品")
    status = fields.String(validate=OneOf(list(QuoteRequest.TRANSITIONS)))
    created_at = fields.DateTime()
    responded_at = nullable(fields.DateTime, **about("服务商答复时间"))
    quote = fields.Nested(QuoteSummarySchema, allow_none=True, **about("报价摘要（未报价时为空）"))


class NeedDetailSchema(NeedSchema):
    """需求详情及其询价单"""

    quote_requests = fields.List(fields.Nested(QuoteRequestSchema))


class EventSchema(Out):
    """状态变更记录（谁、何时、从何状态到何状态、原因）"""

    id = fields.Integer()
    subject_type = fields.String(**about("对象类型（表名）"))
    subject_id = fields.Integer()
    at = fields.DateTime(**about("发生时间（UTC）"))
    from_state = nullable(fields.String, **about("原状态（创建时为空）"))
    to_state = fields.String()
    actor = named_or_null("操作人（系统操作时为空）")
    reason = nullable(fields.String, **about("操作人填写的原因"))
    reason_code = nullable(fields.String, **about("系统给出的原因代码"))
    reason_args = fields.Dict(allow_none=True, **about("原因代码的参数（金额、期次等）"))
    reason_text = fields.Function(
        lambda event: wording.event_reason(event),
        metadata={"description": "原因的完整表述（按请求的语言）", "type": "string"},
    )


class ProjectSchema(Out):
    """改造项目（立项 → 审核 → 实施 → 验收 → 补贴）"""

    id = fields.Integer()
    title = fields.String()
    status = fields.String(validate=OneOf(Project.STATUSES))
    pilot_id = fields.Integer()
    district_id = nullable(fields.Integer)
    enterprise = named(**about("企业"))
    provider = named_or_null("服务商")
    need_id = nullable(fields.Integer)
    quote_request_id = nullable(fields.Integer, **about("中选的询价单编号"))
    contract_no = fields.String()
    start_on = nullable(fields.Date)
    end_on = nullable(fields.Date)
    target_level = nullable(fields.Integer, validate=LEVEL)
    level_before = nullable(fields.Integer, validate=LEVEL, **about("改造前数字化水平等级"))
    certified_level = nullable(fields.Integer, validate=LEVEL, **about("验收认定的数字化水平等级"))
    budget_total = fields.Float(**about("立项预算合计（元）"))
    subsidy_estimate = nullable(fields.Float, **about("补贴测算（元）"))
    subsidy_confirmed = nullable(fields.Float, **about("核定补贴（元）"))
    subsidy_paid = fields.Float(**about("已拨付补贴（元）"))
    is_overdue = fields.Boolean(**about("实施中且有逾期里程碑"))
    filed_at = nullable(fields.DateTime, **about("立项提交时间"))
    approved_at = nullable(fields.DateTime, **about("市级审核通过时间"))
    accepted_at = nullable(fields.DateTime, **about("验收通过时间"))
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class BudgetLineSchema(Out):
    kind = fields.String()
    description = fields.String()
    amount = fields.Float(**about("金额（元）"))


class PartySchema(Out):
    """“1+1+N”参与方"""

    organisation = named()
    role = fields.String(validate=OneOf(PARTY_ROLES))


class MilestoneSchema(Out):
    title = fields.String()
    due_on = fields.Date(**about("计划完成日期"))
    done_on = nullable(fields.Date, **about("实际完成日期"))
    is_overdue = fields.Boolean()


class ProjectDetailSchema(ProjectSchema):
    """项目详情（预算、1+1+N 参与方、里程碑）"""

    budget_lines = fields.List(fields.Nested(BudgetLineSchema))
    parties = fields.List(fields.Nested(PartySchema))
    milestones = fields.List(fields.Nested(MilestoneSchema))


def page_of(item: type[Out]) -> type[Out]:
    """The list envelope of `item`: one page of objects and the totals."""
    name = item.__name__.removesuffix("Schema")
    return Out.from_dict(
        {
            "items": fields.List(fields.Nested(item), **about("本页对象")),
            "page": fields.Integer(validate=Range(min=1), **about("当前页码")),
            "per_page": fields.Integer(validate=Range(1, MAX_PER_PAGE), **about("每页条数")),
            "total": fields.Integer(validate=Range(min=0), **about("符合条件的总条数")),
            "pages": fields.Integer(validate=Range(min=0), **about("总页数")),
        },
        name=f"{name}PageSchema",
    )


class Extended:
    """`obj` with extra attributes for a detail schema (a need with its scoped requests)."""

    def __init__(self, obj, **extra):
        self._obj = obj
        self.__dict__.update(extra)

    def __getattr__(self, name):
        return getattr(self._obj, name)
