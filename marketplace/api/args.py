"""The query strings of /api/v1: one marshmallow schema per list (its filters and the page),
which validates the request (a bad value is a 400 naming the parameter) and documents it.

Bounds are declared here once, so the document states exactly what is enforced: ids fit a
BIGINT, pages and page sizes are bounded.
"""

from datetime import UTC, datetime, time

from marshmallow import Schema, fields, post_load
from marshmallow.validate import Length, OneOf, Range

from marketplace.api.queries import EVENT_SUBJECTS
from models import Need, QuoteRequest
from models.organisation import PROVIDER_TYPES, SPECIALISED_STATUSES
from models.product import DELIVERY_MODES
from models.project import Project
from models.stages import STAGES

MAX_ID = 2**63 - 1  # BIGINT
ID_CONVERTER = f"int(min=1, max={MAX_ID})"  # URL rule converter for object ids
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
MAX_QUERY_LENGTH = 100


def about(text: str, **options) -> dict:
    return {"metadata": {"description": text}, **options}


def id_arg(text: str, **options):
    return fields.Integer(validate=Range(1, MAX_ID), **about(text), **options)


def choice_arg(text: str, choices, **options):
    return fields.String(validate=OneOf(list(choices)), **about(text), **options)


class Text(fields.String):
    """Free text, trimmed (the queries treat blank as absent)."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


def keyword(text: str):
    return Text(validate=Length(max=MAX_QUERY_LENGTH), **about(text))


class PageArgs(Schema):
    page = fields.Integer(
        load_default=1, validate=Range(1, MAX_PAGE), **about("页码，从 1 开始，默认 1")
    )
    per_page = fields.Integer(
        load_default=DEFAULT_PER_PAGE,
        validate=Range(1, MAX_PER_PAGE),
        **about(f"每页条数，1–{MAX_PER_PAGE}，默认 {DEFAULT_PER_PAGE}"),
    )


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
        truthy={"true", "1"}, falsy={"false", "0"}, **about("是否跨行业通用产品")
    )
    q = keyword("关键词（中文分词全文检索）")


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
    created_since = fields.Date(**about("发布日期不早于（YYYY-MM-DD）"))

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
