"""Digital-transformation levels (数字化水平等级) said one way everywhere: 一级…四级 in Chinese,
"Level 2" in English; no level → "无等级"."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

LEVEL_NAMES = {1: _l("一级"), 2: _l("二级"), 3: _l("三级"), 4: _l("四级")}


def level_label(level) -> str:
    """2 → '二级' ('Level 2'); None or 0 → '无等级'; anything else → '—'."""
    if level in (None, "", 0, "0"):
        return _("无等级")
    try:
        number = int(level)
    except (TypeError, ValueError):
        return "—"
    name = LEVEL_NAMES.get(number)
    return str(name) if name is not None else "—"


LACKS = {
    "score": _l("总分须 ≥ %(need)s（现为 %(have)s）"),
    "scenes": _l("达到%(grade)s的场景须 ≥ %(need)s 个（现有 %(have)s 个）"),
    "constrained": _l("其中约束性场景须 ≥ %(need)s 个（现有 %(have)s 个）"),
}


def score_text(value) -> str:
    """54.900 → '54.9', 60.000 → '60': a score without trailing zeros."""
    if value is None:
        return "—"
    text = f"{value:f}" if not isinstance(value, float) else repr(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _lack(item: dict) -> str:
    args = {k: score_text(v) if k in ("need", "have") else v for k, v in item.items()}
    if "grade" in args:
        args["grade"] = level_label(args["grade"])
    return str(LACKS[item["code"]]) % args


def level_explanation(explained: dict) -> str:
    """One or two sentences from services.level_reasons.explain_level: the rule that gave the
    level, and what the level above lacks."""
    parts = []
    rule = explained["rule"]
    if rule:
        if explained["counts"] is not None:
            n_all, n_constrained = explained["counts"]
            parts.append(
                _(
                    "定为%(level)s：总分 %(score)s ≥ %(min)s，%(n)s 个场景达到%(grade)s（须 ≥ %(need)s），其中约束性 %(c)s 个（须 ≥ %(need_c)s）。",
                    level=level_label(rule["level"]),
                    score=score_text(explained["score"]),
                    min=score_text(rule["min_score"]),
                    n=n_all,
                    grade=level_label(rule["min_scene_level"]),
                    need=rule["min_scenes"],
                    c=n_constrained,
                    need_c=rule["min_constrained"],
                )
            )
        else:
            parts.append(
                _(
                    "定为%(level)s：总分 %(score)s ≥ %(min)s。",
                    level=level_label(rule["level"]),
                    score=score_text(explained["score"]),
                    min=score_text(rule["min_score"]),
                )
            )
    following = explained["next"]
    if following and following["lacks"]:
        parts.append(
            _(
                "未达%(level)s：%(lacks)s。",
                level=level_label(following["level"]),
                lacks=_("；").join(_lack(item) for item in following["lacks"]),
            )
        )
    return " ".join(parts)
