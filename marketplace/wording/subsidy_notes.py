"""What the notes of a subsidy estimate say (marketplace/services/subsidy_rules.py gives each as
a code with its figures). Amounts are 元."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

NOTES = {
    "no_figures": _l("本市试点方案未给出补助比例和上限，暂不估算补贴。"),
    "cap_enterprise": _l(
        "「%(item)s」为单个企业累计上限 %(cap)s 元：此前项目已核定 %(used)s 元，本项目最多 %(left)s 元。"
    ),
    "cap_reading_silent": _l(
        "方案未说明「%(item)s」的上限按项目还是按企业计：按企业累计计（不会多付的读法）。"
    ),
    "reading": _l("方案未写明之处的读法：%(text)s"),
    "deducted": _l("「%(item)s」已扣除企业此前获得的相关奖补 %(amount)s 元（不重复支持）。"),
    "threshold_reached": _l(
        "投入已达 %(threshold)s 元，可另行申报「%(item)s」（比例和上限以相关政策为准，此处不计算）。"
    ),
    "not_computed": _l("以下奖补须由市里认定或核定，此处不计算：%(items)s。"),
    "not_in_force": _l(
        "估算日期不在政策有效期内（%(valid_from)s 至 %(valid_to)s），以主管部门发布的新版本为准。"
    ),
}


def _figure(value) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def subsidy_note(note: dict) -> str:
    """One note of an estimate in the current language; an unknown code passes through."""
    message = NOTES.get(note.get("code"))
    if message is None:
        return str(note.get("code", ""))
    args = {k: _figure(v) for k, v in (note.get("args") or {}).items()}
    if str(get_locale()) == "en":  # item names kept in both languages (the policy's label_en)
        args |= {k: str(v) for k, v in (note.get("args_en") or {}).items()}
    return str(message) % args if "%(" in str(message) else str(message)
