"""The words of ratings, complaints and the blacklist: their error messages, status labels,
event reasons and the codes kept as data (complaint categories, outcomes, blacklist rules,
the four rated aspects). errors.py, statuses.py and reasons.py take them into their tables."""

from flask_babel import lazy_gettext as _l

ERRORS = {
    "rating_before_acceptance": _l("项目验收通过后才能评价服务商"),
    "rating_not_a_party": _l("只能评价本项目的服务商"),
    "rating_score_range": _l("每项评分须为1到5分"),
    "already_rated": _l("您已评价过该项目的这家服务商，每个项目每家服务商只能评价一次"),
    "not_rated_provider": _l("只有被评价的服务商可以回复"),
    "already_replied": _l("您已回复过这条评价，每条评价只能回复一次"),
    "reply_required": _l("请填写回复内容"),
    "comment_too_long": _l("内容过长，请精简后再提交"),
    "complaint_provider": _l("只能投诉该询价或项目的服务商"),
    "complaint_category": _l("请选择投诉类别"),
    "text_too_long": _l("内容过长，请精简后再提交"),
    "too_many_files": _l("附件过多，请合并后再上传"),
    "complaint_response_overdue": _l("已超过答复期限，该投诉将由主管部门直接处理"),
    "response_required": _l("请填写答复内容"),
    "complaint_outcome": _l("请选择处理结果"),
    "complaint_awaiting_response": _l("服务商答复期限未到，请待服务商答复或逾期后再处理"),
    "credit_code_blacklisted": _l("该统一社会信用代码已被列入失信名单，限制期内不能注册"),
    "clawback_amount": _l("追回金额须为不小于0的数字（元）"),
    "blacklist_rule": _l("请选择所依据的规定"),
    "blacklist_name_required": _l("该信用代码未在平台注册，请填写单位名称"),
    "blacklist_period": _l("限制结束日期须晚于开始日期"),
}

WITH_DETAILS = {
    "credit_code_blacklisted": (
        ("until",),
        _l("该统一社会信用代码已被列入失信名单，%(until)s 之前不能注册"),
    ),
    "comment_too_long": (("limit",), _l("内容不超过%(limit)s字，请精简后再提交")),
    "text_too_long": (("limit",), _l("内容不超过%(limit)s字，请精简后再提交")),
    "too_many_files": (("limit",), _l("附件最多%(limit)s个，请合并后再上传")),
}

STATUS_LABELS = {
    "complaints": {
        "filed": _l("待服务商答复"),
        "responded": _l("服务商已答复"),
        "mediated": _l("已调解"),
        "upheld": _l("投诉成立"),
        "dismissed": _l("不予支持"),
    },
    "blacklist_entries": {"in_force": _l("列入失信名单")},
}

REASONS = {
    "complaint_filed": _l("企业提交投诉"),
    "complaint_responded": _l("服务商答复投诉"),
    "blacklisted": _l("列入失信名单"),
}

TERMS = {
    "category": {
        "quality": _l("交付质量不达标"),
        "delay": _l("未按期交付"),
        "service": _l("服务响应不及时"),
        "price": _l("价格或收费争议"),
        "contract": _l("违反合同约定"),
        "other": _l("其他"),
    },
    "outcome": {
        "mediated": _l("调解"),
        "upheld": _l("投诉成立"),
        "dismissed": _l("不予支持"),
    },
    "rule": {
        "fraud_pilot_funds": _l("弄虚作假骗取资金：三年内不得申报试点资金，追回已拨付资金"),
        "unresolved_complaints": _l("投诉较多且未及时有效解决，移出服务商资源池"),
        "serious_breach": _l("严重违约或违规"),
    },
    "aspect": {
        "quality": _l("交付质量"),
        "timeliness": _l("按期交付"),
        "responsiveness": _l("服务响应"),
        "value": _l("性价比"),
    },
}


def answerable_term(kind: str, code: str | None) -> str:
    """The words of a code of `kind` (category, outcome, rule, aspect); unknown codes pass."""
    return str(TERMS.get(kind, {}).get(code, code or ""))
