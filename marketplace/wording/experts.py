"""The words of expert review and 公示: error messages, status labels and event reasons.
errors.py, statuses.py and reasons.py take them into their tables."""

from flask_babel import lazy_gettext as _l

ERRORS = {
    "not_panel_expert": _l("只有受邀评审该申请的专家可以评分"),
    "panel_review_required": _l("本市由专家评审：请先组建专家组，评分完成后再作审核决定"),
    "not_pool_official": _l("只有本市市级工信部门可以管理专家库"),
    "conflict_already_declared": _l("已声明过与该单位的利益冲突"),
    "city_reviews_single": _l("本市由工信部门直接审核，不组建专家组"),
    "panel_exists": _l("该申请已有进行中的专家评审"),
    "panel_size": _l("专家组人数不符合本市规定"),
    "panel_pool_too_small": _l("专家库中无利益冲突的专家不足，无法组建专家组"),
    "expert_conflict": _l("所选专家与申请单位存在利益冲突，须回避"),
    "expert_not_in_pool": _l("所选专家不在本市专家库中"),
    "expert_conflict_declared": _l(
        "您已声明与申请单位存在利益冲突，不能评分，请联系工信部门更换专家"
    ),
    "score_range": _l("每项评分须在规定范围内"),
    "comment_required": _l("请填写评审意见"),
    "panel_scores_missing": _l("还有专家未评分，全部评分后才能作出决定"),
    "publicity_closed": _l("该公示已结束，不能再提出异议"),
    "own_application": _l("不能对本单位的申请提出异议"),
    "objection_required": _l("请填写异议内容"),
    "publicity_running": _l("公示期尚未结束"),
    "objections_open": _l("还有未处理的异议，处理后才能结束公示"),
    # selection rounds
    "selection_category": _l("本市没有该类遴选"),
    "round_not_open": _l("该遴选已截止申报"),
    "not_nominee": _l("只能申报本单位，或由本市工信部门推荐"),
    "statement_required": _l("请填写申报材料（举措与成效）"),
    "already_nominated": _l("该单位已在本次遴选中申报"),
    "nominee_outside_city": _l("申报单位须在本市或服务本市"),
    "nominee_not_enterprise": _l("本类遴选的申报对象须为被改造企业"),
    "nominee_not_provider": _l("本类遴选的申报对象须为已入库的服务商"),
    "nominee_not_either": _l("本类遴选的申报对象须为企业或已入库的服务商"),
    "nominee_not_product": _l("本类遴选须申报本单位已上架的产品"),
    "no_nominations": _l("还没有申报，不能截止"),
    "round_not_scoring": _l("申报截止后才能组建专家组"),
    "nominee_unknown": _l("所选申报不属于本次遴选"),
    "over_target": _l("入选数量超过本次遴选的名额"),
    "nomination_unscored": _l("还有申报未完成专家评分，全部评分后才能公布结果"),
    "no_award_item": _l("本市该类遴选没有奖励项目，不能填写奖励金额"),
    "award_amount": _l("奖励金额须为不小于0的数字（元）"),
    "award_over_cap": _l("奖励金额超过该奖励项目的上限"),
}

WITH_DETAILS = {
    "over_target": (("target",), _l("入选数量超过本次遴选的名额（%(target)s个）")),
    "nomination_unscored": (
        ("name",),
        _l("“%(name)s”尚未完成专家评分，全部评分后才能公布结果"),
    ),
    "award_over_cap": (("cap",), _l("奖励金额超过该奖励项目的上限（%(cap)s 元）")),
    "panel_size": (("min", "max"), _l("专家组须由%(min)s至%(max)s名专家组成")),
    "panel_pool_too_small": (
        ("eligible", "needed"),
        _l(
            "专家库中无利益冲突的专家只有%(eligible)s名，组建专家组需要%(needed)s名，请先补充专家库"
        ),
    ),
    "expert_conflict": (("name",), _l("%(name)s 已声明与申请单位存在利益冲突，须回避")),
    "score_range": (("min", "max"), _l("每项评分须为%(min)s到%(max)s之间的整数")),
    "panel_scores_missing": (
        ("missing",),
        _l("还有%(missing)s名专家未评分，全部评分后才能作出决定"),
    ),
    "publicity_running": (("until",), _l("公示期至 %(until)s，期满后才能上线")),
    "objections_open": (("count",), _l("还有%(count)s条异议未处理，处理后才能结束公示")),
}

STATUS_LABELS = {
    "expert_reviews": {
        "scoring": _l("专家评分中"),
        "publicity": _l("公示中"),
        "approved": _l("已通过"),
        "rejected": _l("未通过"),
        "cancelled": _l("已撤销"),
    },
    "publicity_objections": {
        "filed": _l("待处理"),
        "upheld": _l("异议成立"),
        "dismissed": _l("异议不成立"),
    },
    "experts": {"active": _l("在库"), "inactive": _l("已停用")},
    "selection_rounds": {
        "open": _l("申报中"),
        "scoring": _l("专家评审中"),
        "published": _l("已公布"),
    },
    "nominations": {
        "nominated": _l("已申报"),
        "selected": _l("入选"),
        "not_selected": _l("未入选"),
    },
}

REASONS = {
    "expert_added": _l("加入专家库"),
    "conflict_declared": _l("声明利益冲突：%(name)s"),
    "panel_formed": _l("组建专家组：%(experts)s"),
    "expert_scored": _l("%(expert)s 已评分（%(total)s 分）"),
    "expert_rescored": _l("%(expert)s 修改了评分（%(total)s 分）"),
    "publicity_started": _l("专家评审通过（平均 %(total)s 分），公示至 %(until)s"),
    "panel_approved": _l("专家评审通过（平均 %(total)s 分）"),
    "panel_rejected": _l("专家评审未通过（平均 %(total)s 分）"),
    "objection_upheld": _l("公示期异议成立"),
    "publicity_passed": _l("公示期满无异议，正式上线"),
    "round_opened": _l("发布遴选通知"),
    "nominations_closed": _l("申报截止，进入专家评审"),
    "nomination_selected": _l("入选（平均 %(total)s 分）"),
    "nomination_not_selected": _l("未入选（平均 %(total)s 分）"),
}

SELECTION_CATEGORIES = {
    "benchmark_enterprise": _l("中小企业数字化转型标杆"),
    "chain_case": _l("“链式”数字化转型典型案例"),
    "excellent_provider": _l("优秀数字化服务商"),
    "excellent_product": _l("优秀“小快轻准”产品"),
}
