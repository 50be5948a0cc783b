"""Domain words stored as data (delivery modes, price units, provider types, stage groups,
cost kinds), marked here for translation so templates can show them with the `term` filter."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from models.organisation import PROVIDER_TYPES
from models.product import DELIVERY_MODES, PRICE_UNITS
from models.project import BUDGET_KINDS
from models.quote import LINE_KINDS
from models.stages import STAGE_GROUPS

# Each literal below is what the models store; listing them lets the extractor find them.
MARKED = (
    _l("SaaS"), _l("私有部署"), _l("软硬一体"),
    _l("元/年"), _l("元/套"), _l("元/月"), _l("元/用户/年"), _l("元/项目"), _l("元/台"),
    _l("专业服务商"), _l("平台服务商"), _l("集成服务商"), _l("链主企业"), _l("牵引单位"),
    _l("产品生命周期"), _l("生产执行"), _l("供应链"), _l("管理决策"),
    _l("软件"), _l("云服务"), _l("网关路由等数据采集设备"), _l("实施"), _l("培训"), _l("诊断"), _l("其他"),
)  # fmt: skip

VOCABULARY = frozenset(
    (*DELIVERY_MODES, *PRICE_UNITS, *PROVIDER_TYPES, *STAGE_GROUPS, *BUDGET_KINDS, *LINE_KINDS)
)


def term(value) -> str:
    """The word in the user's language; values outside the vocabulary pass through."""
    if value in VOCABULARY:
        return gettext(value)
    return value


def per_unit(unit) -> str:
    """A price unit after an amount already in ¥: '元/年' → '/年' ('/year' in English)."""
    word = term(unit) if unit else ""
    for currency in ("元", "CNY"):
        if word.startswith(currency):
            return word[len(currency) :].strip()
    return word
