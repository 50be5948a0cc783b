"""The request bodies of /api/v1's writes: one marshmallow schema each, which validates the
body (a bad field is a 400 naming it, with the reason in the request's language) and is the
`requestBody` of the OpenAPI document. Bounds are the need form's (marketplace/needs/forms.py)
and the service's (services/needs.py check_need_fields)."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, post_load
from marshmallow.validate import Length, OneOf, Range, Regexp

from marketplace.api.args import REASONS, Text, about
from models.need import Need
from models.stages import STAGES

# newlines and tabs are text; other control characters are not (PostgreSQL refuses a NUL)
PRINTABLE_TEXT = Regexp(
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$", error=_l("内容含有无法识别的控制字符，请删除后重试")
)
MAX_BUDGET = 9_999_999_999  # Numeric(12, 2)
BODY_REASONS = REASONS | {"null": _l("不能为空")}


def text(limit: int, description: str, minimum: int = 0, **options):
    return Text(
        validate=[
            Length(min=minimum, max=limit, error=_l("长度应在 {min}–{max} 个字符之间")),
            PRINTABLE_TEXT,
        ],
        error_messages=BODY_REASONS,
        **about(description),
        **options,
    )


def budget(description: str):
    return fields.Float(
        allow_none=True,
        validate=Range(0, MAX_BUDGET, error=_l("应为 {min}–{max} 之间的金额")),
        error_messages=BODY_REASONS | {"invalid": _l("应为金额（元）")},
        **about(description),
    )


class NeedBodySchema(Schema):
    """发布或修改需求（修改时只需给出要改的字段）"""

    error_messages = {"unknown": _l("没有这个字段")}

    title = text(120, "需求标题", minimum=1, required=True)
    description = text(5000, "需求描述：现状、难点、希望达到的效果", minimum=1, required=True)
    pain_points = text(
        Need.STRUCTURE_MAX, "转型难点（选填；与描述同样用于匹配产品）", allow_none=True
    )
    transformation_plan = text(Need.STRUCTURE_MAX, "转型计划（选填）", allow_none=True)
    support_wanted = text(Need.STRUCTURE_MAX, "期待得到支持（选填；用于匹配产品）", allow_none=True)
    stages = fields.List(
        fields.String(validate=OneOf(STAGES, error=_l("应为以下之一：{choices}"))),
        validate=Length(max=len(STAGES)),
        error_messages=BODY_REASONS,
        **about("涉及的业务环节（可为空，系统根据描述识别）"),
    )
    budget_min = budget("预算下限（元）")
    budget_max = budget("预算上限（元）")
    expected_start = fields.Date(
        allow_none=True,
        error_messages=BODY_REASONS | {"invalid": _l("应为日期，格式 YYYY-MM-DD")},
        **about("期望开始日期（不早于今天）"),
    )
    duration_days = fields.Integer(
        allow_none=True,
        validate=Range(1, 1000, error=_l("应为 {min}–{max} 之间的整数")),
        error_messages=BODY_REASONS | {"invalid": _l("应为整数")},
        **about("期望工期（天）"),
    )
    target_level = fields.Integer(
        validate=OneOf([2, 3, 4], error=_l("应为以下之一：{choices}")),
        error_messages=BODY_REASONS | {"invalid": _l("应为整数")},
        **about("目标数字化水平等级（2–4）"),
    )

    @post_load
    def amounts(self, data, **kwargs):
        """Budgets as the model stores them: Decimal, to the 分."""
        for name in ("budget_min", "budget_max"):
            if data.get(name) is not None:
                data[name] = Decimal(str(round(data[name], 2)))
        return data


class NeedChangesSchema(NeedBodySchema):
    """修改需求：只需给出要改的字段，未给出的保持不变"""

    title = text(120, "需求标题", minimum=1)
    description = text(5000, "需求描述：现状、难点、希望达到的效果", minimum=1)
