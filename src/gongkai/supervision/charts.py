"""Charts drawn on the server as inline SVG: no script and no style attribute (the CSP allows neither),
only presentation attributes; every figure is also in a table next to the chart."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}" class="chart">'
)
COLORS = ("#1f5fa8", "#2e8b57", "#c0392b", "#8e6c00", "#6b4c9a", "#555555")


def _n(value: float) -> str:
    return f"{value:.1f}"


def _nice_max(value: int) -> int:
    for step in (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if value <= step:
            return step
    return value


def trend_svg(
    months: Sequence[int], series: Sequence[tuple[str, Sequence[int]]], *, title: str
) -> SafeString:
    """A line per series over the months of a year (x: month 1–12, y: count)."""
    width, height, left, bottom, top, right = 640, 260, 48, 36, 16, 120
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max((v for _label, values in series for v in values), default=0) or 1)

    def x(month: int) -> float:
        return left + (month - 1) * plot_w / 11

    def y(value: int) -> float:
        return top + plot_h - value * plot_h / peak

    parts = [
        format_html(
            _SVG_OPEN,
            width,
            height,
            title,
        ),
        format_html("<title>{}</title>", title),
    ]
    for i in range(5):
        value = peak * i // 4
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#ddd"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#333">{}</text>',
                left,
                _n(y(value)),
                left + plot_w,
                _n(y(value)),
                left - 4,
                _n(y(value) + 4),
                value,
            )
        )
    for m in range(1, 13):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#333">{}</text>',
                _n(x(m)),
                height - bottom + 16,
                _("%(m)s月") % {"m": m},
            )
        )
    for i, (label, values) in enumerate(series):
        color = COLORS[i % len(COLORS)]
        points = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in zip(months, values, strict=True))
        if points:
            parts.append(
                format_html('<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>', color, points)
            )
        for m, v in zip(months, values, strict=True):
            parts.append(format_html('<circle cx="{}" cy="{}" r="3" fill="{}"/>', _n(x(m)), _n(y(v)), color))
        ly = top + 14 + i * 18
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="4" fill="{}"/>'
                '<text x="{}" y="{}" font-size="12" fill="#222">{}</text>',
                width - right + 12,
                ly - 4,
                color,
                width - right + 30,
                ly,
                label,
            )
        )
    parts.append(mark_safe("</svg>"))
    return SafeString("".join(parts))


def bars_svg(items: Sequence[tuple[str, int, float | None]], *, title: str) -> SafeString:
    """Horizontal bars, one per (label, count, percent)."""
    row, left, width = 26, 96, 560
    height = row * len(items) + 12
    peak = max((n for _l, n, _p in items), default=0) or 1
    parts = [
        format_html(
            _SVG_OPEN,
            width,
            height,
            title,
        ),
        format_html("<title>{}</title>", title),
    ]
    for i, (label, n, percent) in enumerate(items):
        y = 6 + i * row
        bar = (width - left - 120) * n / peak
        pct = "—" if percent is None else f"{percent:.1f}%"
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#222">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>'
                '<text x="{}" y="{}" font-size="12" fill="#222">{}（{}）</text>',
                left - 6,
                y + 13,
                label,
                left,
                y,
                _n(bar),
                COLORS[i % len(COLORS)],
                _n(left + bar + 6),
                y + 13,
                n,
                pct,
            )
        )
    parts.append(mark_safe("</svg>"))
    return SafeString("".join(parts))
