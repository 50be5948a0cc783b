"""The words of the provider performance evaluation and of the blacklist beyond registration:
error messages, status labels, event reasons and the codes kept as data (grades, indicators,
the rules a 清退 rests on, appeal decisions). errors.py, statuses.py and reasons.py take them
into their tables; `said_args` says the codes an event's figures hold."""

from flask_babel import lazy_gettext as _l

ERRORS = {
    "evaluation_period_code": _l("期间格式应为年份加季度（如 2026Q3）或年份（如 2026）"),
    "evaluation_period_future": _l("该期间尚未开始，不能评价"),
    "evaluation_period_exists": _l("本市该期间的绩效评价已存在"),
    "evaluation_not_draft": _l("绩效评价已发布，不能再计算或调整"),
    "evaluation_grade": _l("请选择评价等级"),
    "evaluation_not_computed": _l("请先计算绩效评价再发布"),
    "appeal_window_closed": _l("申诉期已结束，评价结果不能再申诉"),
    "appeal_text_required": _l("请填写申诉理由"),
    "appeal_decision": _l("请选择申诉处理结果"),
    "appeal_grade_required": _l("申诉成立时请选择调整后的等级（须与原等级不同）"),
    "appeal_window_open": _l("申诉期未满，期满后才能确认最终结果"),
    "reinstate_blacklisted": _l("该服务商在失信名单限制期内，暂不能恢复资质"),
    "blacklisted_filing": _l("已被列入失信名单，限制期内不能提交立项申请"),
    "blacklisted_application": _l("已被列入失信名单，限制期内不能申报试点"),
    "blacklisted_nomination": _l("已被列入失信名单，限制期内不能参加遴选"),
    "blacklist_not_in_force": _l("该记录已不在限制期内"),
}

WITH_DETAILS = {
    "evaluation_period_exists": (("period",), _l("本市 %(period)s 的绩效评价已存在")),
    "appeal_window_closed": (
        ("until",),
        _l("申诉期已于 %(until)s 结束，评价结果不能再申诉"),
    ),
    "appeal_window_open": (("until",), _l("申诉期至 %(until)s，期满后才能确认最终结果")),
    "reinstate_blacklisted": (
        ("until",),
        _l("该服务商在失信名单限制期内（%(until)s 起解除），暂不能恢复资质"),
    ),
    "blacklisted_filing": (
        ("name", "until"),
        _l("%(name)s 已被列入失信名单，限制期至 %(until)s，期间不能提交立项申请"),
    ),
    "blacklisted_application": (
        ("name", "until"),
        _l("%(name)s 已被列入失信名单，限制期至 %(until)s，期间不能申报试点"),
    ),
    "blacklisted_nomination": (
        ("name", "until"),
        _l("%(name)s 已被列入失信名单，限制期至 %(until)s，期间不能参加遴选"),
    ),
}

STATUS_LABELS = {
    "evaluation_periods": {
        "draft": _l("草稿，待发布"),
        "published": _l("已发布，申诉期"),
        "final": _l("结果已确定"),
    },
    "provider_evaluations": {
        "draft": _l("待发布"),
        "published": _l("已发布"),
        "appealed": _l("申诉中"),
        "final": _l("最终结果"),
    },
    "blacklist_entries": {"lifted": _l("提前解除")},
}

REASONS = {
    "evaluation_created": _l("创建绩效评价期间"),
    "evaluation_computed": _l("计算绩效评价（%(providers)s 家服务商，数据截至 %(as_of)s）"),
    "evaluation_grade_adjusted": _l("调整评价等级：%(from)s → %(to)s"),
    "evaluation_published": _l("发布 %(period)s 绩效评价，申诉期至 %(until)s"),
    "evaluation_appealed": _l("服务商提出申诉"),
    "evaluation_appeal_upheld": _l("申诉成立，等级由%(from)s调整为%(to)s"),
    "evaluation_appeal_dismissed": _l("申诉不成立，维持%(to)s"),
    "evaluation_final": _l("申诉期满，评价结果确定"),
    "evaluation_removal": _l("%(period)s 绩效评价清退（依据：%(rule)s；得分 %(score)s）"),
    "removed_from_city": _l("移出%(city)s服务商资源池：%(period)s 绩效评价清退（依据：%(rule)s）"),
    "blacklist_lifted": _l("提前解除失信名单限制"),
}

# what a code says where its figures are not kept (a provider's status_reason holds the code only)
WITHOUT_FIGURES = {
    "evaluation_removal": _l("绩效评价清退"),
    "removed_from_city": _l("绩效评价清退，移出服务城市"),
}

TERMS = {
    "grade": {
        "excellent": _l("优秀"),
        "qualified": _l("合格"),
        "needs_improvement": _l("待改进"),
        "removal": _l("清退"),
    },
    "indicator": {
        "quote_response_rate": _l("询价响应率"),
        "median_first_quote_hours": _l("首次报价用时中位数"),
        "acceptance_pass_rate": _l("验收通过率"),
        "bayesian_rating": _l("企业评价（贝叶斯平均）"),
        "upheld_complaints": _l("投诉成立"),
        "overdue_complaint_responses": _l("投诉逾期未答复"),
        "spot_check_findings": _l("抽查发现问题"),
    },
    # what the records a figure rests on are
    "basis": {
        "quote_response_rate": _l("%(n)s 条询价"),
        "median_first_quote_hours": _l("%(n)s 份报价"),
        "acceptance_pass_rate": _l("%(n)s 次验收结论"),
        "bayesian_rating": _l("%(n)s 条评价"),
        "upheld_complaints": _l("%(n)s 件投诉"),
        "overdue_complaint_responses": _l("%(n)s 件投诉"),
        "spot_check_findings": _l("%(n)s 次抽查"),
    },
    "rule": {
        "zhuhai_unresolved_complaints": _l(
            "珠海：期内投诉成立 3 件及以上（受到投诉较多但未及时有效解决）"
        ),
        "score_below_band": _l("得分低于待改进等级的下限"),
        "grade_set_by_city": _l("市级主管部门审定（调整等级或申诉决定）"),
    },
    "decision": {"upheld": _l("申诉成立"), "dismissed": _l("申诉不成立")},
}

RATE_CODES = ("quote_response_rate", "acceptance_pass_rate")
HOURS = _l("%(n)s 小时")
COUNT = _l("%(n)s 件")
NO_DATA = _l("无记录")


def evaluation_term(kind: str, code: str | None) -> str:
    """The words of a code of `kind` (grade, indicator, rule, decision); unknown codes pass."""
    return str(TERMS.get(kind, {}).get(code, code or ""))


def raw_text(code: str, raw) -> str:
    """An indicator's raw figure as read: 75%, 12.5 小时, 3.8, 2 件; 无记录 when there is none."""
    if raw is None:
        return str(NO_DATA)
    if code in RATE_CODES:
        return f"{raw * 100:.0f}%" if raw * 100 == int(raw * 100) else f"{raw * 100:.1f}%"
    if code == "median_first_quote_hours":
        return str(HOURS) % {"n": raw}
    if code == "bayesian_rating":
        return f"{raw:.2f}"
    return str(COUNT) % {"n": raw}


def basis_text(code: str, count: int) -> str:
    message = TERMS["basis"].get(code)
    return str(message) % {"n": count} if message is not None else str(count)


def said_args(code: str, args: dict) -> dict:
    """An evaluation event's figures with their codes said: grades and the rule."""
    if not code.startswith("evaluation_") and code != "removed_from_city":
        return args
    said = dict(args)
    for key in ("from", "to"):
        if key in said:
            said[key] = evaluation_term("grade", said[key])
    if "rule" in said:
        said["rule"] = evaluation_term("rule", said["rule"])
    return said
