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
