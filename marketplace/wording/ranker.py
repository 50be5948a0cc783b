"""The re-ranker in words, for the officials' ranking audit (supervision need page): which
kind of ranker ordered the matches and what each of its features means. Feature codes
(search_index/ranker.py FEATURES) never reach the page."""

from flask_babel import lazy_gettext as _l

RANKER_KINDS = {
    "formula": _l("人工设定的公式"),
    "learned": _l("从反馈学习的模型"),
}
FEATURE_NAMES = {
    "retrieval": _l("需求与产品文字的相关度"),
    "stage": _l("业务环节吻合"),
    "scope_exact": _l("本细分行业专用产品"),
    "price": _l("试点价与预算"),
    "timeline": _l("部署周期与期望工期"),
    "city": _l("服务商在本市"),
    "record": _l("服务商的报价记录与企业评价"),
}


def ranker_kind(kind: str) -> str:
    return str(RANKER_KINDS.get(kind, RANKER_KINDS["formula"]))


def feature_name(code: str) -> str:
    return str(FEATURE_NAMES.get(code, code))
