"""The query strings of /api/v1: one marshmallow schema per list (its filters and the page),
which validates the request (a bad value is a 400 naming the parameter) and documents it.

Bounds are declared here once, so the document states exactly what is enforced: ids fit the
INTEGER primary keys (marketplace/routing.py), pages and page sizes are bounded. The reasons
are translated (?lang=en for English).
"""

from datetime import UTC, datetime, time

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, post_load
from marshmallow.validate import Length, OneOf, Range, Regexp

from marketplace.api.queries import EVENT_SUBJECTS
from marketplace.config import DefaultConfig
from marketplace.routing import (
    CONTROL_CHARACTERS_MESSAGE,
    MAX_ID,
    MAX_QUERY_LENGTH,
    NO_CONTROL_CHARACTERS,
)
from models import Need, QuoteRequest
from models.organisation import PROVIDER_TYPES, SPECIALISED_STATUSES
from models.product import DELIVERY_MODES
from models.project import Project
from models.stages import STAGES

ID_CONVERTER = f"int(min=1, max={MAX_ID})"  # URL rule converter for object ids
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 100_000


def about(text: str, **options) -> dict:
    return {"metadata": {"description": text}, **options}


REASONS = {
    "required": _l("必须提供"),
    "invalid": _l("格式不对"),
    "too_large": _l("数值过大"),
}
INTEGER_REASONS = REASONS | {"invalid": _l("应为整数")}


def integer(low: int, high: int, text: str, **options):
    return fields.Integer(
        validate=Range(low, high, error=_l("应为 {min}–{max} 之间的整数")),
        error_messages=INTEGER_REASONS,
        **about(text),
        **options,
    )


def id_arg(text: str, **options):
    return integer(1, MAX_ID, text, **options)


def choice_arg(text: str, choices, **options):
    return fields.String(
        validate=OneOf(list(choices), error=_l("应为以下之一：{choices}")),
        error_messages=REASONS,
        **about(text),
        **options,
    )


class Text(fields.String):
    """Free text, trimmed (the queries treat blank as absent)."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


# documented in the OpenAPI document as the parameter's pattern
PRINTABLE = Regexp(NO_CONTROL_CHARACTERS, error=CONTROL_CHARACTERS_MESSAGE)


def keyword(text: str):
    return Text(
        validate=[Length(max=MAX_QUERY_LENGTH, error=_l("最长 {max} 个字符")), PRINTABLE],
        error_messages=REASONS,
        **about(text),
    )


class PageArgs(Schema):
    """What every list accepts: the page, and the language of error messages."""

    error_messages = {"unknown": _l("没有这个参数")}

    page = integer(1, MAX_PAGE, "页码，从 1 开始，默认 1", load_default=1)
    per_page = integer(
        1,
        MAX_PER_PAGE,
        f"每页条数，1–{MAX_PER_PAGE}，默认 {DEFAULT_PER_PAGE}",
        load_default=DEFAULT_PER_PAGE,
    )
    lang = choice_arg("错误说明的语言，默认中文", DefaultConfig.LANGUAGES)


class ProviderArgs(PageArgs):
    pilot_id = id_arg("服务的试点城市")
    sub_industry_id = id_arg("服务的细分行业")
    provider_type = choice_arg("服务商类型", PROVIDER_TYPES)
    q = keyword("名称关键词")


class ProductArgs(PageArgs):
    pilot_id = id_arg("试点城市编号")
    sub_industry_id = id_arg("细分行业编号")
    stage = choice_arg("业务环节", STAGES)
    delivery_mode = choice_arg("交付方式", DELIVERY_MODES)
    provider_id = id_arg("服务商编号")
    is_generic = fields.Boolean(
        truthy={"true", "1"},
        falsy={"false", "0"},
        error_messages=REASONS | {"invalid": _l("应为 true 或 false")},
        **about("是否跨行业通用产品"),
    )
    q = keyword("关键词（中文分词全文检索）")


class SupplyArgs(PageArgs):
    """A city's supply list and provider pool (/pilots/{pilot_id}/supply/…)."""

    sub_industry_id = id_arg("细分行业编号（本市的；产品含跨行业通用产品）")
    stage = choice_arg("业务环节", STAGES)


class EnterpriseArgs(PageArgs):
    district_id = id_arg("区县编号")
    sub_industry_id = id_arg("细分行业编号")
    specialised_status = choice_arg("专精特新情况", SPECIALISED_STATUSES)
    q = keyword("名称关键词或统一社会信用代码")


class NeedArgs(PageArgs):
    status = choice_arg("需求状态", Need.TRANSITIONS)
    district_id = id_arg("区县编号")
    sub_industry_id = id_arg("细分行业编号")
    enterprise_id = id_arg("企业编号")
    stage = choice_arg("业务环节", STAGES)
    created_since = fields.Date(
        error_messages=REASONS | {"invalid": _l("应为日期，格式 YYYY-MM-DD")},
        **about("发布日期不早于（YYYY-MM-DD）"),
    )

    @post_load
    def start_of_day(self, data, **kwargs):
        """created_since is compared with UTC timestamps: the start of that day in UTC."""
        if data.get("created_since") is not None:
            data["created_since"] = datetime.combine(data["created_since"], time.min, tzinfo=UTC)
        return data


class QuoteRequestArgs(PageArgs):
    status = choice_arg("询价单状态", QuoteRequest.TRANSITIONS)
    need_id = id_arg("需求编号")
    provider_id = id_arg("服务商编号")


class ProjectArgs(PageArgs):
    status = choice_arg("项目状态", Project.STATUSES)
    district_id = id_arg("区县编号")
    enterprise_id = id_arg("企业编号")
    provider_id = id_arg("服务商编号")


class EventArgs(PageArgs):
    subject_type = choice_arg("对象类型（表名）", EVENT_SUBJECTS, required=True)
    subject_id = id_arg("对象编号", required=True)
