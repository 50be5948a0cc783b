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
}

WITH_DETAILS = {
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
}
