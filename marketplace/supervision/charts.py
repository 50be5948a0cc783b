"""Bar charts drawn as inline SVG on the server: no script, no CDN, and they print."""

import math

from markupsafe import Markup, escape

PALETTE = ("#2563eb", "#0d9488", "#f59e0b", "#7c3aed", "#dc2626", "#64748b")


def _nice_max(value: float, ticks: int = 4) -> float:
    """An axis top at or above `value` whose `ticks` steps are round (1, 2, 5 × 10^n),
    and whole numbers for whole-number data."""
    if value <= 0:
        return ticks
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 3, 5, 10) if raw <= m * magnitude)
    return max(step, 1) * ticks


def bar_chart(categories, series, width: int = 1120, height: int = 260, title: str = "") -> Markup:
    """Grouped vertical bars: `series` is [(name, [value per category])]."""
    left, right, top, bottom = 40, 10, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((v for _, values in series for v in values), default=0))
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i in range(5):
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">'
            f"{value:g}</text>"
        )
    group_w = plot_w / max(len(categories), 1)
    bar_w = max(2.0, (group_w * 0.8) / max(len(series), 1))
    for c, category in enumerate(categories):
        x0 = left + c * group_w + group_w * 0.1
        for s, (name, values) in enumerate(series):
            value = values[c]
            h = plot_h * value / top_value
            x, y = x0 + s * bar_w, top + plot_h - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(category)} · '
                f"{escape(name)}: {value}</title></rect>"
            )
        parts.append(
            f'<text x="{left + c * group_w + group_w / 2:.1f}" y="{height - bottom + 16}" '
            f'class="axis" text-anchor="middle">{escape(category)}</text>'
        )
    x = left
    for s, (name, _) in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="8" width="12" height="12" rx="2" '
            f'fill="{PALETTE[s % len(PALETTE)]}"/>'
            f'<text x="{x + 16}" y="18" class="legend">{escape(name)}</text>'
        )
        x += 30 + 13 * len(str(name))
    parts.append("</svg>")
    return Markup("".join(parts))


def hbar_chart(rows, width: int = 420, row_h: int = 26, color: str = PALETTE[0]) -> Markup:
    """Horizontal bars for a breakdown: `rows` is [(label, value)]; long labels fit."""
    label_w, value_w = 150, 44
    height = row_h * max(len(rows), 1) + 6
    plot_w = width - label_w - value_w
    top_value = max((v for _, v in rows), default=0) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(rows):
        y = 3 + i * row_h
        w = plot_w * value / top_value
        text = str(label)
        if len(text) > 11:
            text = text[:10] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" class="axis" '
            f'text-anchor="end"><title>{escape(label)}</title>{escape(text)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row_h - 8}" '
            f'rx="3" fill="{color}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}" class="value">'
            f"{value:g}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
