"""What people write along the way: messages, reasons, notes, plans and reports."""

PRODUCT_REJECTIONS = (
    "案例缺少客户名称和可核实的成效数据，请补充合同或验收证明后再提交。",
    "试点优惠价与市场价相同，不符合让利要求，请调整价格后再提交。",
)

DECLINE_REASONS = (
    "这个月项目排满了，实施人员抽不出来，抱歉。",
    "需求涉及的设备型号我们暂时没有对接经验，建议找更专业的服务商。",
    "预算与我们的最低实施成本差距较大，暂不报价。",
)

WITHDRAW_REASONS = ("内部讨论后决定先做其他环节，暂不推进。", "已经找到合适的方案，谢谢。")

CLOSE_REASONS = ("老板决定明年再做，需求先关闭。", "和集团统一采购的系统重复了，先不做了。")

REQUEST_MESSAGES = (
    "您好，想了解一下贵司的{product}，能否按我们的情况报个价？",
    "看了贵司的案例，和我们情况比较像，麻烦按需求报价，最好能来厂里看一下。",
    "请按需求里的设备数量和人数报价，分开列软件、硬件和实施费用。",
)

QUOTE_NOTES = (
    "报价含一年免费运维，试点期内续费同价。",
    "硬件质保两年，软件小版本免费升级。",
    "如申请试点补贴，我司协助准备立项和验收材料。",
    "实施人天按需求调研估算，上线后驻场一周不另收费。",
)

CASE_WHEN = ("去年三月", "去年七月", "去年年底", "前年十月", "今年年初")

STREETS = ("创新路", "工业大道", "科技园路", "兴业路", "长江路", "园区一路")

RETURN_REASONS = (
    "预算明细中实施人天与合同不一致，请核对后重新提交。",
    "缺少服务商盖章的实施方案，请补充。",
)

RECTIFY_REASON = "付款凭证金额与合同不符，且自评报告缺少上线前后的对比数据，请整改后重新申请。"
BENCHMARK_REASON = "经专家评审，评定为数字化转型标杆示范项目。"

FAIL_REASON = "现场核查发现系统未实际投入使用，验收不通过。"

CANCEL_REASON = "企业经营调整，项目暂不实施。"

# 第三方评估机构, one per city (accounts: assessor.<city>@demo.cn)
ASSESSOR_NAMES = {
    "xiamen": "厦门市中小企业数字化转型评估中心",
    "zhuhai": "珠海市工业数字化评测研究院",
    "fuzhou": "福州市数字经济评估服务中心",
    "shenyang": "沈阳市智能制造评测中心",
    "hohhot": "呼和浩特市数字化转型评估中心",
}
# the second city official of each city, who signs off amounts above the estimate
REVIEWERS = {
    "xiamen": "陈思远（厦门市工信局 复核）",
    "zhuhai": "黄晓敏（珠海市工信局 复核）",
    "fuzhou": "林雅琴（福州市工信局 复核）",
    "shenyang": "刘海涛（沈阳市工信局 复核）",
    "hohhot": "乌云（呼和浩特市工信局 复核）",
}
MATERIALS_COMPLETE_NOTE = "发票、付款凭证与成效自评估齐全，同意报市工信局组织第三方评估。"
MATERIALS_MISSING_NOTE = "改造合同缺少服务商盖章页，请补充后重新提交验收申请。"
# what the agency finds, per dimension (应用成效、数据贯通程度、投入产出比、管理体制配套改革)
ASSESSMENT_FINDINGS = {
    "application_effect": (
        86,
        "{product}已在主要环节投入使用，{data}在线采集，成效与立项目标一致。",
    ),
    "data_integration": (78, "{data}已在系统内贯通，与财务系统的接口尚在试运行。"),
    "input_output": (82, "投入与合同、发票一致，预计两年内收回改造投入。"),
    "management": (75, "设立数字化专员并修订{people}的岗位职责和管理制度，配套改革基本到位。"),
}
ASSESSMENT_SUMMARY = "项目按改造方案完成，达到立项目标，建议通过验收。"
EXCESS_REASON = "现场评估确认额外完成的数据采集终端部署属于政策支持范围，建议按实际投入核定。"
BUDGET_NOTE = "年度中小企业数字化转型奖补资金预算（首批）。"
BUDGET_ADJUST_NOTE = "按年中资金使用进度调整预算。"
