"""The words of the catalog spreadsheet (批量导入 / 导出): column headers, the notes sheet of
the template, and what each row problem says. The service (services/product_sheets.py)
names columns and problems by key; an import accepts a column under its Chinese or English
header, so a template downloaded in either language reads back."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from marketplace import wording

COLUMN_LABELS = {
    "name": _l("产品名称"),
    "summary": _l("一句话介绍"),
    "description": _l("产品说明"),
    "stages": _l("覆盖的业务环节"),
    "sub_industries": _l("适用细分行业"),
    "is_generic": _l("通用产品"),
    "delivery_mode": _l("交付方式"),
    "list_price": _l("市场价（元）"),
    "pilot_price": _l("试点优惠价（元）"),
    "price_unit": _l("计价单位"),
    "deployment_days": _l("部署周期（天）"),
    "cases": _l("客户案例"),
}

COLUMN_NOTES = {
    "name": _l("必填，不超过120字"),
    "summary": _l("必填，不超过60字"),
    "description": _l("必填"),
    "stages": _l("必填；多个环节用顿号“、”分隔，如：生产管控、设备管理"),
    "sub_industries": _l("服务范围内的细分行业名称，用顿号分隔；通用产品可留空"),
    "is_generic": _l("填“是”或“否”，默认否"),
    "delivery_mode": _l("可选：%(choices)s；默认 SaaS"),
    "list_price": _l("必填，大于0的金额"),
    "pilot_price": _l("必填，大于0且不高于市场价"),
    "price_unit": _l("可选：%(choices)s；默认 元/年"),
    "deployment_days": _l("必填，1–720的整数"),
    "cases": _l("必填；每行一个案例，格式“客户：实施内容与成效”"),
}

SHEET_PRODUCTS = _l("产品")
SHEET_NOTES = _l("填写说明")
NOTES_HEADERS = (_l("列"), _l("填写要求"))

PROBLEMS = {
    "cell_required": _l("此项必填"),
    "cell_too_long": _l("不能超过%(limit)s字"),
    "cell_formula": _l("不能填写公式，请填写数值或文字"),
    "cell_unknown_stage": _l("“%(value)s”不是业务环节名称"),
    "cell_unknown_sub_industry": _l("“%(value)s”不在您的服务范围内的细分行业中"),
    "cell_yes_no": _l("请填写“是”或“否”，收到的是“%(value)s”"),
    "cell_choice": _l("“%(value)s”无效，可选：%(choices)s"),
    "cell_number": _l("“%(value)s”不是金额"),
    "cell_positive": _l("金额须大于0"),
    "cell_too_large": _l("金额不能超过 %(limit)s 元"),
    "cell_whole_number": _l("“%(value)s”不是整数天数"),
    "cell_days_range": _l("须在1到%(limit)s天之间"),
    "cell_case_format": _l("“%(value)s”应写成“客户：实施内容与成效”"),
}
ROW_PROBLEM = _l("第 %(row)s 行 · %(column)s：%(problem)s")
ROW_PROBLEM_WHOLE = _l("第 %(row)s 行：%(problem)s")


def column_label(key: str) -> str:
    return str(COLUMN_LABELS[key])


def headers(columns) -> list[str]:
    return [column_label(key) for key in columns]


def accepted_headers() -> dict[str, set[str]]:
    """Each column's header in Chinese and in English, so either template reads back."""
    accepted: dict[str, set[str]] = {key: {str(label)} for key, label in COLUMN_LABELS.items()}
    for locale in ("zh", "en"):
        with force_locale(locale):
            for key, label in COLUMN_LABELS.items():
                accepted[key].add(str(label))
    return accepted


def notes_rows(columns, delivery_modes, price_units) -> list[list[str]]:
    choices = {"delivery_mode": "、".join(delivery_modes), "price_unit": "、".join(price_units)}
    rows = []
    for key in columns:
        note = str(COLUMN_NOTES[key])
        if key in choices:
            note = note % {"choices": choices[key]}
        rows.append([column_label(key), note])
    return rows


def problem(p) -> str:
    """One row problem in full: row number, column, what is wrong."""
    if p.code in PROBLEMS:
        text = str(PROBLEMS[p.code]) % p.details if p.details else str(PROBLEMS[p.code])
    else:
        text = wording.error(p.code)
    if p.column is None:
        return str(ROW_PROBLEM_WHOLE) % {"row": p.row, "problem": text}
    return str(ROW_PROBLEM) % {"row": p.row, "column": column_label(p.column), "problem": text}


FILE_PROBLEMS = {
    "sheet_unreadable": _l("无法读取该文件，请上传由模板填写的 .xlsx 文件"),
    "sheet_empty": _l("表中没有产品行，请在模板第2行起填写"),
    "sheet_columns": _l("表头缺少以下列：%(columns)s。请使用下载的模板，勿修改表头"),
    "sheet_too_many_rows": _l("一次最多导入 %(limit)s 行，请分批上传"),
}


def file_problem(error) -> str:
    """Why the uploaded file as a whole could not be read."""
    details = dict(getattr(error, "details", None) or {})
    if "columns" in details:
        details["columns"] = "、".join(column_label(key) for key in details["columns"])
    message = FILE_PROBLEMS.get(error.code)
    if message is None:
        return wording.error(error)
    return str(message) % details if details else str(message)
