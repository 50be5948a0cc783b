"""Words of pilot admission (入库) and rounds (批次): application statuses, the size classes
of the 划型 standard, the exclusions and materials a city names in
marketplace/data/admission_requirements.json, the error codes and event reasons of
marketplace/services/admission.py and rounds.py. Merged into the shared tables by
marketplace/wording/statuses.py, errors.py and reasons.py."""

from flask_babel import lazy_gettext as _l

APPLICATION_STATUSES = {
    "none": _l("未申报"),
    "draft": _l("申报草稿"),
    "submitted": _l("已申报待初审"),
    "returned": _l("退回补充"),
    "district_checked": _l("初审通过待复核"),
    "admitted": _l("已入库"),
    "rejected": _l("未入库"),
    "removed": _l("已移出试点"),
}

SIZE_CLASSES = {
    "large": _l("大型企业"),
    "medium": _l("中型企业"),
    "small": _l("小型企业"),
    "micro": _l("微型企业"),
}

EXCLUSIONS = {
    "little_giant_funded": _l("已获得中央财政中小企业发展专项资金支持的专精特新“小巨人”企业"),
    "in_2022_pilot": _l(
        "已纳入工信厅联企业〔2022〕22号（财政支持中小企业数字化转型试点）改造试点的中小企业"
    ),
    "other_violation": _l("有其他违反专项资金管理规定的行为"),
}

MATERIALS = {
    "application_form": _l("申报书"),
    "business_licence": _l("营业执照（副本）"),
    "financial_statements": _l("上年度财务报表（含从业人员和营业收入）"),
    "credit_pledge": _l("信用承诺书（近三年无不良信用记录）"),
    "transformation_plan": _l("数字化改造初步方案（一企一案）"),
    "enterprise_file": _l("“一企一档”基本信息表"),
    "digital_self_assessment": _l("数字化水平自评估结果"),
    "exclusion_pledge": _l("不属于专项资金不予支持情形的承诺书（第六条）"),
}

ERRORS = {
    "not_an_enterprise": _l("只有企业可以申报入库"),
    "no_open_round": _l("本市当前没有开放申报的批次，请留意市工信局发布的申报通知"),
    "round_not_open": _l("该批次不在申报时间内，不能提交申报"),
    "already_admitted": _l("贵企业已入库，无需重复申报"),
    "application_in_progress": _l("贵企业在本批次已有申报，请在原申报上修改或等待审核结果"),
    "removed_from_pilot": _l("贵企业已被移出试点名单，本批次不能再次申报"),
    "employee_count_required": _l("请填写从业人员数（人）"),
    "revenue_required": _l("请填写上年度营业收入（万元）"),
    "not_sme": _l(
        "不符合中小企业划型标准：按《中小企业划型标准规定》（工信部联企业〔2011〕300号），"
        "工业企业从业人员1000人以下或营业收入40000万元以下的为中小微型企业"
    ),
    "not_independent_legal_person": _l("申报企业须为在本市依法生产经营、具有独立法人资格的企业"),
    "bad_credit_record": _l("申报企业须近三年无不良信用记录"),
    "excluded_little_giant_funded": _l(
        "不予支持：已获得中央财政中小企业发展专项资金支持的专精特新“小巨人”企业（沈阳第六条第一项）"
    ),
    "excluded_in_2022_pilot": _l(
        "不予支持：已纳入2022年财政支持中小企业数字化转型改造试点的企业（沈阳第六条第二项）"
    ),
    "excluded_other_violation": _l("不予支持：有其他违反规定的行为（沈阳第六条第三项）"),
    "unknown_exclusion": _l("所选不予支持情形无效"),
    "materials_missing": _l("申报材料不全，请补充本市要求的全部材料后再提交"),
    "unknown_material": _l("所选申报材料无效"),
    "not_admitted": _l("贵企业尚未入库（或已被移出试点名单），入库后才能提交立项"),
    "no_filing_round": _l("本市尚未开放任何批次，暂不能提交立项"),
    "filing_deadline_passed": _l("本批次立项已截止，不能再提交立项，请等待下一批次"),
    "round_name_required": _l("请填写批次名称，如“2025年第2批”"),
    "round_name_taken": _l("本市已有同名批次"),
    "round_dates_required": _l("请填写申报开始、截止、立项截止和验收截止日期"),
    "round_dates_order": _l("日期须依次为：申报开始 ≤ 申报截止 ≤ 立项截止 ≤ 验收截止"),
    "round_overlaps": _l("申报时间与本市已有批次重叠，同一时间只能有一个批次开放申报"),
    "not_round_manager": _l("只有市级工信部门可以设置本市的批次"),
    "pilot_required_for_round": _l("请选择批次所属的试点城市"),
}

# the messages that name the figures or the condition
WITH_DETAILS = {
    "not_sme": (
        ("employees", "revenue"),
        _l(
            "不符合中小企业划型标准：填报的从业人员%(employees)s人、营业收入%(revenue)s万元"
            "属于大型企业。按《中小企业划型标准规定》（工信部联企业〔2011〕300号），工业企业"
            "从业人员1000人以下或营业收入40000万元以下的为中小微型企业"
        ),
    ),
    "materials_missing": (("missing_names",), _l("申报材料不全，请补充：%(missing_names)s")),
    "filing_deadline_passed": (
        ("round", "deadline"),
        _l("%(round)s立项已于%(deadline)s截止，不能再提交立项，请等待下一批次"),
    ),
    "round_not_open": (
        ("round", "opens", "closes"),
        _l("%(round)s的申报时间为%(opens)s至%(closes)s，当前不在申报时间内"),
    ),
}

REASONS = {
    "application_submitted": _l("提交入库申报"),
    "application_resubmitted": _l("补充材料后重新申报"),
    "district_check_passed": _l("区县初审通过"),
    "city_admitted": _l("市级复核通过，入库"),
}


def material_names(codes) -> str:
    return "、".join(str(MATERIALS.get(code, code)) for code in codes)


def said_details(code: str, details: dict) -> dict:
    """The details of an admission error with the codes it names put into words."""
    if code == "materials_missing" and "missing" in details:
        return details | {"missing_names": material_names(details["missing"])}
    return details
