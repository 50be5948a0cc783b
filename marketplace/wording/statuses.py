"""Status labels, one table per aggregate (keyed by the aggregate's table name), and the
acceptance verdicts an official chooses from."""

from flask_babel import lazy_gettext as _l

from marketplace.wording.admission import APPLICATION_STATUSES

_REVIEWED = {
    "draft": _l("草稿"),
    "pending": _l("待审核"),
    "approved": _l("已通过"),
    "rejected": _l("已驳回"),
    "suspended": _l("已暂停"),
    "removed": _l("已清退"),
}

STATUS_LABELS = {
    "organisations": {k: v for k, v in _REVIEWED.items() if k != "draft"},
    "products": dict(_REVIEWED),
    "needs": {"open": _l("征集中"), "awarded": _l("已选定"), "closed": _l("已关闭")},
    "quote_requests": {
        "requested": _l("待报价"),
        "quoted": _l("已报价"),
        "declined": _l("已婉拒"),
        "accepted": _l("已中选"),
        "not_selected": _l("未中选"),
        "withdrawn": _l("已撤回"),
    },
    "projects": {
        "draft": _l("草稿"),
        "filed": _l("已立项待初审"),
        "returned": _l("退回修改"),
        "district_approved": _l("初审通过待复核"),
        "in_progress": _l("实施中"),
        "acceptance_requested": _l("待验收"),
        "materials_returned": _l("验收材料退回补正"),
        "materials_checked": _l("初审通过待评估"),
        "under_assessment": _l("第三方评估中"),
        "assessed": _l("评估完成待审定"),
        "subsidy_pending": _l("补贴待复核"),
        "rectifying": _l("限期整改"),
        "passed": _l("验收通过"),
        "failed": _l("验收不通过"),
        "subsidy_confirmed": _l("补贴已核定"),
        "paid": _l("补贴已拨付"),
        "cancelled": _l("已取消"),
    },
    "subsidy_payments": {"scheduled": _l("待拨付"), "paid": _l("已拨付")},
    "provider_scope_changes": {
        "pending": _l("待审核"),
        "approved": _l("已通过"),
        "rejected": _l("已驳回"),
    },
    "users": {
        "enabled": _l("正常"),
        "disabled": _l("已停用"),
        "must_change_password": _l("待修改临时密码"),
    },
    "api_tokens": {"active": _l("有效"), "expired": _l("已过期"), "revoked": _l("已吊销")},
    "lead_interests": {
        "pending": _l("待企业回复"),
        "accepted": _l("已邀请报价"),
        "ignored": _l("未采纳"),
    },
    "messages": {"sent": _l("已发送")},
    "pilot_applications": dict(APPLICATION_STATUSES),
}

# A status shown without its aggregate (an old call site, a mixed list) is looked up in this
# order; the words agree wherever two aggregates share a status, except `paid`, where the
# project's meaning (the whole subsidy paid) is the one such lists show.
LOOKUP_ORDER = (
    "projects",
    "quote_requests",
    "needs",
    "products",
    "organisations",
    "subsidy_payments",
    "provider_scope_changes",
)

ACCEPTANCE_RESULTS = {"passed": _l("通过"), "rectify": _l("限期整改"), "failed": _l("不通过")}

SPECIALISED = {
    "none": _l("无"),
    "innovative": _l("创新型中小企业"),
    "specialised": _l("专精特新"),
    "little_giant": _l("小巨人"),
}

ROLES = {
    "enterprise": _l("企业"),
    "provider": _l("服务商"),
    "official": _l("工信部门"),
    "admin": _l("平台管理员"),
    "assessor": _l("第三方评估机构"),
    "expert": _l("评审专家"),
}

# complaints and blacklist entries (marketplace/wording/answerable.py)
from marketplace.wording.answerable import STATUS_LABELS as _ANSWERABLE  # noqa: E402

STATUS_LABELS.update(_ANSWERABLE)
# expert review and 公示 (marketplace/wording/experts.py)
from marketplace.wording.experts import STATUS_LABELS as _EXPERTS  # noqa: E402

STATUS_LABELS.update(_EXPERTS)
# the performance evaluation; a blacklist entry lifted early (marketplace/wording/evaluation.py)
from marketplace.wording.evaluation import STATUS_LABELS as _EVALUATION  # noqa: E402

STATUS_LABELS.update({k: v for k, v in _EVALUATION.items() if k not in STATUS_LABELS})
STATUS_LABELS["blacklist_entries"] = {
    **STATUS_LABELS["blacklist_entries"],
    **_EVALUATION["blacklist_entries"],
}
