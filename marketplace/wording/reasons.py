"""Why a state changed, when the system (not a person typing) gives the reason. Services store
the code (Event.reason_code, with Event.reason_args for the figures) beside whatever free text
the user typed (Event.reason); the UI says the code in the viewer's language."""

import re

from flask_babel import lazy_gettext as _l

from marketplace.wording import admission

REASONS = {
    "project_created_from_quote": _l("由已中选报价生成"),
    "filing_submitted": _l("提交立项申请"),
    "acceptance_requested": _l("企业申请验收"),
    "instalment_paid": _l("第%(instalment)s期拨付 %(amount)s 元"),
    "subsidy_fully_paid": _l("补贴已全部拨付"),
    "materials_complete": _l("板块初审：材料齐全"),
    "materials_returned": _l("板块初审：材料退回补正"),
    "assessor_assigned": _l("指派第三方评估机构：%(assessor)s"),
    "assessment_submitted": _l("第三方评估报告已提交（评定 %(level)s 级）"),
    "subsidy_excess_proposed": _l(
        "提出高于测算的补贴金额 %(amount)s 元（测算 %(estimate)s 元），待复核"
    ),
    "subsidy_excess_approved": _l("复核同意补贴金额 %(amount)s 元"),
    "subsidy_excess_rejected": _l("复核不同意补贴金额 %(amount)s 元"),
    "benchmark_granted": _l("评定为标杆示范项目"),
    "benchmark_withdrawn": _l("撤销标杆示范项目评定"),
    "other_provider_selected": _l("已选定其他服务商"),
    "quote_revised": _l("修订报价"),
    "scope_change_requested": _l("申请变更服务城市或细分行业"),
    "scope_change_revised": _l("修改服务范围变更申请"),
    "password_changed": _l("用户修改了密码"),
    "account_disabled": _l("停用账号"),
    "account_enabled": _l("重新启用账号"),
    "temporary_password_set": _l("设置临时密码（下次登录须修改）"),
}

# the system's reason followed by the words a person typed
REASON_WITH_TEXT = _l("%(said)s：%(text)s")

# Rows written before reasons were codes hold the Chinese sentence itself; these read them back
# as codes so they too show in the viewer's language. Any other stored text is a person's words
# and shows as typed.
LEGACY = {
    "由已中选报价生成": "project_created_from_quote",
    "提交立项申请": "filing_submitted",
    "申请验收": "acceptance_requested",
    "补贴已全部拨付": "subsidy_fully_paid",
    "已选定其他服务商": "other_provider_selected",
    "修订报价": "quote_revised",
}
LEGACY_PATTERNS = (
    (re.compile(r"^第(?P<instalment>\d+)期拨付 (?P<amount>\S+) 元$"), "instalment_paid"),
)

# pilot admission (marketplace/wording/admission.py)
REASONS.update(admission.REASONS)
# ratings, complaints and the blacklist (marketplace/wording/answerable.py)
from marketplace.wording.answerable import REASONS as _ANSWERABLE  # noqa: E402

REASONS.update(_ANSWERABLE)
# expert review and 公示 (marketplace/wording/experts.py)
from marketplace.wording.experts import REASONS as _EXPERTS  # noqa: E402

REASONS.update(_EXPERTS)
# the performance evaluation and the blacklist lifted (marketplace/wording/evaluation.py)
from marketplace.wording.evaluation import REASONS as _EVALUATION  # noqa: E402

REASONS.update(_EVALUATION)
