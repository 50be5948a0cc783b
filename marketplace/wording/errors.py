"""What each domain error code says to the user. Services raise `DomainError(code, **details)`
(marketplace/services/errors.py); tests/test_wording.py fails when a code raised anywhere in
marketplace/ or models/ has no entry here."""

from flask_babel import lazy_gettext as _l

from marketplace.wording import admission

FALLBACK = _l("操作未完成，请刷新后重试")

ERROR_MESSAGES = {
    # the base classes, raised without a more precise code
    "domain_error": FALLBACK,
    "invalid_transition": _l("当前状态下不能执行此操作，请刷新页面查看最新状态"),
    "not_allowed": _l("您没有权限执行此操作"),
    "invalid_input": _l("提交的内容有误，请检查后重试"),
    "conflict": _l("这项内容刚刚已被他人修改，本次操作未保存，请刷新页面后重试"),
    "revision_required": _l("请在报价页面上点击“接受此报价”，以确认您看到的报价版本"),
    "project_quota": _l("该项目的文件已达上限，不能再上传"),
    "quote_revised": _l("服务商刚刚修改了这份报价，请先查看新版本再决定是否接受"),
    "moved_meanwhile": _l("这项内容刚刚已被他人处理，本次操作未生效，请刷新页面查看最新状态"),
    # the catalog spreadsheet as a whole (row problems: marketplace/wording/catalog_sheet.py)
    "sheet_unreadable": _l("无法读取该文件，请上传由模板填写的 .xlsx 文件"),
    "sheet_empty": _l("表中没有产品行，请在模板第2行起填写"),
    "sheet_columns": _l("表头与模板不一致，请使用下载的模板，勿修改表头"),
    "sheet_too_many_rows": _l("一次导入的行数过多，请分批上传"),
    # a quote's coverage of the need's stages
    "coverage_required": _l("请勾选本报价覆盖的需求环节"),
    "coverage_not_in_need": _l("只能勾选需求所列的环节"),
    # accounts and registration
    "role": _l("用户角色无效"),
    "pilot_required": _l("请选择试点城市"),
    "email_taken": _l("该邮箱已注册，请直接登录"),
    "password_too_short": _l("密码至少8位"),
    "bad_credentials": _l("邮箱或密码不正确"),
    "account_disabled": _l("该账号已停用，请联系平台管理员"),
    "unknown_pilot": _l("所选试点城市不存在"),
    "unknown_district": _l("所选区县不存在"),
    "district_outside_pilot": _l("所选区县不属于所选试点城市"),
    "sub_industry_outside_pilot": _l("所选细分行业不属于所选试点城市"),
    "sub_industry_outside_served_pilots": _l("所选细分行业须属于您服务的试点城市"),
    "sub_industries_required": _l("请至少选择一个细分行业"),
    "not_a_provider": _l("只有服务商可以执行此操作"),
    "credit_code_invalid": _l("统一社会信用代码不正确，请对照营业执照逐位核对"),
    "credit_code_taken": _l("该统一社会信用代码已注册，如需找回账号请联系平台管理员"),
    "specialised_status": _l("专精特新类型无效"),
    "level": _l("数字化水平等级须为0–4"),
    "provider_type": _l("服务商类型无效"),
    # passwords, throttling and account administration
    "wrong_current_password": _l("当前密码不正确"),
    "password_mismatch": _l("两次输入的新密码不一致"),
    "password_unchanged": _l("新密码不能与当前密码相同"),
    "throttled": _l("尝试过于频繁，请稍后再试"),
    "sign_in_locked": _l("登录失败次数过多，请稍后再试"),
    "token_attempts_locked": _l("无效令牌尝试次数过多，请稍后再试"),
    "search_rate_limited": _l("搜索过于频繁，请稍后再试"),
    "own_account": _l("不能停用或重置自己的账号"),
    "not_account_manager": _l(
        "该账号不在您的管理范围内（仅本市用户，由市级工信部门或平台管理员管理）"
    ),
    "account_already_disabled": _l("该账号已停用"),
    "account_already_enabled": _l("该账号已是启用状态"),
    # API tokens
    "token_invalid": _l("令牌无效或已吊销"),
    "token_expired": _l("令牌已过期，请在“账号与安全”页面签发新令牌"),
    "token_days": _l("令牌有效期须为1到365天"),
    "not_token_owner": _l("只能吊销自己的令牌"),
    "token_name_required": _l("请填写令牌名称"),
    "user_disabled": _l("该用户已停用，不能签发令牌"),
    "unknown_user": _l("该用户不存在"),
    # products
    "stages": _l("请选择列表中的业务环节"),
    "delivery_or_unit": _l("交付方式或计价单位无效"),
    "price_required": _l("请填写市场价"),
    "price_not_positive": _l("价格必须大于零"),
    "pilot_price_above_list": _l("试点优惠价不能高于市场价"),
    "deployment_days": _l("部署天数须为正整数"),
    "case_required": _l("请至少填写一个客户案例"),
    "sub_industry_not_served": _l("所选细分行业不在您服务的试点城市内"),
    "sub_industry_or_generic": _l("请选择适用的细分行业，或勾选“通用产品”"),
    "not_an_active_provider": _l("服务商资质审核通过后才能发布产品"),
    "product_locked": _l("该产品当前不能修改（已暂停的产品请联系工信部门）"),
    "not_owner": _l("只能操作本单位的内容"),
    # review
    "unknown_action": _l("未知的审核操作"),
    "not_vetter": _l("该服务商不在您的审核范围内（按服务商注册所在区县或全市审核）"),
    "reason_required": _l("请填写原因"),
    # needs
    "title_required": _l("请填写需求标题"),
    "description_required": _l("请填写需求描述"),
    "unknown_stage": _l("请选择列表中的环节"),
    "budget_negative": _l("预算不能为负数"),
    "budget_order": _l("预算上限不能低于下限"),
    "start_in_past": _l("开始日期不能早于今天"),
    "duration_positive": _l("工期须为正整数"),
    "target_level": _l("目标等级须为1–4"),
    "enterprise_only": _l("只有企业用户可以发布需求"),
    "need_not_open": _l("该需求已不在征集中，不能再修改或询价"),
    "pain_points_too_long": _l("转型难点最多1000字"),
    "plan_too_long": _l("转型计划最多1000字"),
    "support_too_long": _l("期待得到的支持最多1000字"),
    # quotes
    "no_products": _l("所选产品当前不可询价（需为已审核通过的产品）"),
    "line_kind": _l("报价明细的类别无效"),
    "line_description": _l("请填写报价明细的内容"),
    "line_number": _l("报价明细的数量和单价须为数字"),
    "line_quantity": _l("报价明细的数量须大于零"),
    "line_price": _l("报价明细的单价不能为负数"),
    "no_lines": _l("请至少填写一行报价明细"),
    "not_provider": _l("只能回复发给本服务商的询价"),
    "already_asked": _l("已向该服务商询过价，请在询价列表中查看"),
    "provider_not_available": _l("该服务商当前不可询价（未通过审核或不服务本市）"),
    "product_of_other_provider": _l("所选产品不属于该服务商"),
    "request_closed": _l("该询价已结束，不能再报价"),
    "valid_until_future": _l("有效期必须晚于今天"),
    "delivery_days": _l("交付天数须为正整数"),
    "discount": _l("优惠须在0到报价总额之间"),
    "already_answered": _l("服务商已回复，不能撤回"),
    "not_quoted": _l("该服务商尚未报价，不能接受"),
    "keyword_too_long": _l("关键词太长，请缩短后再搜索"),
    "quote_expired": _l("该报价已过有效期，不能接受；请联系服务商更新报价"),
    "provider_not_active": _l("服务商资质审核通过且未被暂停时才能报价或修改报价"),
    "quoted_provider_not_active": _l(
        "该服务商当前资质不可用（未通过审核、已暂停或已清退），其报价暂不能接受"
    ),
    "provider_not_active_on_project": _l(
        "服务商资质审核通过且未被暂停时才能在项目上报告进展、维护实施节点或上传文件"
    ),
    # attachments
    "file_missing": _l("请选择要上传的文件"),
    "bad_purpose": _l("材料类型无效"),
    "file_type": _l("文件类型不支持：仅限 PDF、JPG、PNG、XLSX、DOCX 格式"),
    "file_too_large": _l("文件过大：单个文件不能超过 10 MB"),
    "file_empty": _l("文件是空的"),
    # projects
    "not_project_owner": _l("只有项目所属企业可以执行此操作"),
    "not_project_member": _l("只有项目企业及其服务商可以执行此操作"),
    "not_need_owner": _l("只能为本企业的需求生成项目"),
    "quote_not_accepted": _l("只有已中选的报价可以生成改造项目"),
    "party_not_registered_provider": _l("参与单位必须是平台上已审核通过的服务商"),
    "not_editable": _l("项目已提交，当前状态下不能修改立项内容"),
    "end_before_start": _l("结束日期不能早于开始日期"),
    "bad_level": _l("数字化水平等级须为1–4"),
    "bad_amount": _l("金额必须是大于零的数字"),
    "filing_incomplete": _l(
        "立项材料不完整：请填写合同编号、签订日期、起止日期、改造方案、预算，并指定牵引单位或集成商"
    ),
    "not_district_official": _l("只有项目所在区县的工信部门可以进行初审"),
    "not_city_official": _l("只有市级工信部门可以进行复核"),
    "not_official_of_project": _l("您不是该项目所在城市或区县的工信部门人员"),
    "project_closed": _l("项目已结束"),
    "milestone_incomplete": _l("请填写节点名称和计划完成日期"),
    "not_in_progress": _l("项目未在实施中，不能执行此操作"),
    "report_incomplete": _l("请填写进展内容，完成比例为0–100"),
    "spot_check_incomplete": _l("请填写抽查发现"),
    "bad_record_kind": _l("财务记录类型无效"),
    "self_evaluation_required": _l("请填写成效自评估总结"),
    "invoice_and_payment_required": _l("申请验收前请至少登记一张发票和一条付款记录"),
    "bad_result": _l("验收结论无效"),
    "certified_level_required": _l("验收通过时必须填写认定的数字化水平等级"),
    "rectify_deadline_required": _l("限期整改时必须填写今天之后的整改期限"),
    # subsidy policies and payments
    "policy_items_required": _l("政策内容须为含 items 列表的 JSON"),
    "unknown_kind": _l("政策中的费用类别无效"),
    "item_code_label_required": _l("每个政策条目都须有 code 和 label"),
    "bad_number": _l("政策条目中的比例、上限和定额须为非负数"),
    "rate_above_one": _l("比例须在 0 到 1 之间（如 0.4 表示 40%）"),
    "instalments_must_sum_to_one": _l("分期比例之和必须为 1"),
    "negative_amount": _l("补贴金额不能为负数"),
    "payment_not_open": _l("该期补贴已登记拨付，或项目补贴尚未确认"),
    "bad_validity_date": _l("政策有效期须为 YYYY-MM-DD 格式的日期"),
    "no_benchmark_in_policy": _l("本市政策没有标杆示范项目奖补，无需评定"),
    "benchmark_after_confirmation": _l("补贴已核定或项目已结束，不能再改变标杆示范评定"),
    "case_project_not_object": _l("projects 中的每个项目须为 JSON 对象"),
    "case_investment_not_object": _l("investment 须为 JSON 对象（费用类别 → 元）"),
    "case_bad_level": _l("level_after 须为 0–4 的整数"),
    "case_bad_flag": _l("benchmark 和 first_cloud 须为 true 或 false"),
    "case_unknown_kind": _l("investment 中的费用类别无效"),
    "case_bad_amount": _l("投入金额须为不小于 0 的数字（元）"),
    # digital-level questionnaire
    "unknown_edition": _l("评估问卷版本无效"),
    "unanswered": _l("请回答全部题目"),
    "one_option_only": _l("单选题只能选一个选项"),
    "unknown_option": _l("选项无效"),
    "score_required": _l("请填写得分"),
    "score_out_of_range": _l("得分须在0到100之间"),
    "bad_scene_grade": _l("场景等级须为0–4"),
    # messages and interest in leads
    "not_in_thread": _l("您不是这段对话的参与方"),
    "message_empty": _l("请填写消息内容或选择文件"),
    "message_too_long": _l("消息过长，请精简后再发送"),
    "interest_exists": _l("您已就该需求表达过意向，请等待企业回复"),
    # acceptance with separated duties, four eyes on money, the subsidy budget
    "documents_missing": _l("必备材料不全：须有发票、付款凭证和成效自评估，补齐后才能继续"),
    "missing_items_required": _l("退回材料时请勾选缺少或需补正的材料"),
    "missing_other_explained": _l("勾选“其他”时请在说明中写明缺少什么"),
    "assessor_required": _l("请选择第三方评估机构"),
    "assessor_is_party": _l("该机构是本项目的企业或服务商，不能担任本项目的评估机构"),
    "not_an_assessor": _l("所选机构不是已登记的第三方评估机构"),
    "assessor_outside_pilot": _l("所选评估机构不属于本项目所在试点城市"),
    "assessment_not_open": _l("该项目当前没有待您完成的评估"),
    "bad_score": _l("各维度评分须为 0–100 的整数"),
    "dimension_incomplete": _l("请为四个维度都填写评分和评估意见后再提交"),
    "assessed_level_required": _l("请填写评定的数字化水平等级"),
    "assessment_report_required": _l("请先上传签章的评估报告"),
    "assessor_organisation_required": _l("请填写评估机构名称"),
    "organisation_not_assessor": _l("同名机构已存在且不是评估机构"),
    "not_assessor": _l("只有本项目指派的第三方评估机构可以办理此事项"),
    "bad_budget": _l("预算金额须为大于零的数字（元）"),
    "budget_note_required": _l("请填写预算调整的原因"),
    "budget_exceeded": _l("确认后将超出本市补贴预算，请核减金额或先调整预算"),
    "excess_reason_required": _l(
        "核定金额高于测算金额，请填写原因（须另一位市级工信部门人员复核）"
    ),
    "no_pending_approval": _l("该项目没有待复核的补贴金额"),
    "own_subsidy_excess": _l(
        "超出测算的补贴金额须由另一位市级工信部门人员复核，不能复核自己提出的金额"
    ),
    "approval_pending": _l("该项目的补贴金额正等待另一位市级工信部门人员复核"),
}

# Sharper wording when the error carries the detail it names: code → (detail, {value: message})
# or code → (details needed, message with those placeholders).
BY_DETAIL = {
    "provider_not_active": (
        "status",
        {
            "pending": _l("服务商资质审核通过后才能报价或修改报价"),
            "suspended": _l("您的服务商资质已被暂停，暂不能报价或修改报价"),
            "removed": _l("您的服务商已被清退，不能报价或修改报价"),
        },
    ),
    "quoted_provider_not_active": (
        "status",
        {
            "pending": _l("该服务商资质正在重新审核，其报价暂不能接受"),
            "suspended": _l("该服务商资质已被暂停，其报价暂不能接受"),
            "removed": _l("该服务商已被清退，其报价不能接受"),
        },
    ),
    "provider_not_active_on_project": (
        "status",
        {
            "pending": _l("您的服务商资质正在审核，暂不能在项目上报告进展、维护实施节点或上传文件"),
            "suspended": _l(
                "您的服务商资质已被暂停，暂不能在项目上报告进展、维护实施节点或上传文件"
            ),
            "removed": _l("您的服务商已被清退，不能在项目上报告进展、维护实施节点或上传文件"),
        },
    ),
    "credit_code_invalid": (
        "problem",
        {
            "length": _l("统一社会信用代码应为18位"),
            "charset": _l("统一社会信用代码只能由数字和大写字母组成，且不含 I、O、Z、S、V"),
            "check": _l("统一社会信用代码校验位不正确，请对照营业执照逐位核对"),
        },
    ),
}
WITH_DETAILS = {
    "unknown_pilot": (("pilot",), _l("试点城市代码“%(pilot)s”不存在")),
    "case_bad_level": (("level",), _l("level_after 须为 0–4 的整数，收到的是 %(level)s")),
    "case_bad_flag": (("key",), _l("%(key)s 须为 true 或 false")),
    "case_unknown_kind": (
        ("kind", "kinds"),
        _l("费用类别“%(kind)s”无效，可用的类别：%(kinds)s"),
    ),
    "case_bad_amount": (("kind",), _l("“%(kind)s”的金额须为不小于 0 的数字（元）")),
    "project_quota": (
        ("limit_mb",),
        _l("该项目的文件已接近上限（共 %(limit_mb)s MB），请删除不需要的文件或压缩后再上传"),
    ),
    "quote_revised": (
        ("revision",),
        _l("服务商刚刚修改了这份报价（现为第 %(revision)s 版），请先查看新版本再决定是否接受"),
    ),
    "keyword_too_long": (("max",), _l("关键词不超过%(max)s字，请缩短后再搜索")),
    "sign_in_locked": (
        ("minutes",),
        _l("登录失败次数过多，该账号或网络地址已暂时锁定，请 %(minutes)s 分钟后再试"),
    ),
    "token_attempts_locked": (
        ("minutes",),
        _l("无效令牌尝试次数过多，请 %(minutes)s 分钟后再试"),
    ),
    "search_rate_limited": (
        ("seconds",),
        _l("搜索过于频繁，请 %(seconds)s 秒后再试"),
    ),
    "file_too_large": (("limit_mb",), _l("文件过大：单个文件不能超过 %(limit_mb)s MB")),
    "unknown_kind": (("kind",), _l("政策中的费用类别“%(kind)s”无效")),
    "rate_above_one": (
        ("item",),
        _l("政策条目 %(item)s 的比例须在 0 到 1 之间（如 0.4 表示 40%%）"),
    ),
    "budget_exceeded": (
        ("remaining",),
        _l("确认后将超出本市补贴预算（尚余 %(remaining)s 元），请核减金额或先调整预算"),
    ),
    "excess_reason_required": (
        ("estimate",),
        _l("核定金额高于测算金额 %(estimate)s 元，请填写原因（须另一位市级工信部门人员复核）"),
    ),
}

# a lost race, said for what was lost: (aggregate, the state the winner left it in) or the
# aggregate alone, with %(status)s the winner's state in words
MOVED_MEANWHILE = {
    ("needs", "awarded"): _l("该需求已接受其他报价，本次操作未生效"),
    ("quote_requests", "accepted"): _l("该报价刚刚已被接受，请勿重复操作"),
    "needs": _l("该需求刚刚已被处理（现为“%(status)s”），本次操作未生效"),
    "quote_requests": _l("该询价刚刚已被处理（现为“%(status)s”），本次操作未生效"),
    "projects": _l("该项目刚刚已由他人处理（现为“%(status)s”），本次操作未生效"),
    "products": _l("该产品刚刚已被处理（现为“%(status)s”），本次操作未生效"),
    "organisations": _l("该机构刚刚已被处理（现为“%(status)s”），本次操作未生效"),
}

# pilot admission and rounds (marketplace/wording/admission.py)
ERROR_MESSAGES.update(admission.ERRORS)
WITH_DETAILS.update(admission.WITH_DETAILS)
# ratings, complaints and the blacklist (marketplace/wording/answerable.py)
from marketplace.wording import answerable as _answerable  # noqa: E402

ERROR_MESSAGES.update(_answerable.ERRORS)
WITH_DETAILS.update(_answerable.WITH_DETAILS)
# expert review and 公示 (marketplace/wording/experts.py)
from marketplace.wording import experts as _experts  # noqa: E402

ERROR_MESSAGES.update(_experts.ERRORS)
WITH_DETAILS.update(_experts.WITH_DETAILS)
# the performance evaluation and the blacklist beyond registration (wording/evaluation.py)
from marketplace.wording import evaluation as _evaluation  # noqa: E402

ERROR_MESSAGES.update(_evaluation.ERRORS)
WITH_DETAILS.update(_evaluation.WITH_DETAILS)
