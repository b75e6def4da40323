"""The report's charts: shares of outcomes and the five-year trend of applications received.

SVG for the web page (inline, with a text alternative) and PNG for the .docx (Pillow, with a CJK font
found through fontconfig; without one the labels fall back to Pillow's default font)."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from html import escape
from typing import Any

from gongkai.reports import narrative

COLORS = ("#a8231c", "#d4702a", "#6b7280", "#1d4ed8", "#0f766e")


def outcome_shares(data: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(label, count, share%) for the five outcome groups of the narrative."""
    t3 = data["table3"]
    total = t3["三、本年度办理结果/（七）总计"]["总计"] or 0
    out = []
    for label, prefixes in narrative.GROUPS:
        n = narrative.group_total(t3, prefixes, data["format"])
        out.append((label, n, narrative.share(n, total)))
    return out


def trend(data: dict[str, Any]) -> list[tuple[str, int]]:
    return [(year, int(n)) for year, n in sorted((data.get("trend") or {}).items())]


def _bars_svg(title: str, rows: list[tuple[str, float, str]], unit: str) -> str:
    width, bar_h, gap, label_w = 640, 26, 10, 230
    height = 40 + len(rows) * (bar_h + gap)
    top = max((v for _, v, _ in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}：'
        + escape("；".join(f"{label}{text}" for label, _, text in rows))
        + '">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="20" font-size="16" font-weight="bold" fill="#1f1f1f">{escape(title)}</text>',
    ]
    for i, (label, value, text) in enumerate(rows):
        y = 36 + i * (bar_h + gap)
        w = int((width - label_w - 120) * value / top)
        parts.append(f'<text x="0" y="{y + 18}" font-size="14" fill="#1f1f1f">{escape(label)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{max(w, 1)}" height="{bar_h}" fill="{COLORS[i % 5]}"/>'
        )
        value_x = label_w + w + 6
        parts.append(
            f'<text x="{value_x}" y="{y + 18}" font-size="14" fill="#1f1f1f">{escape(text)}{unit}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def outcome_svg(data: dict[str, Any]) -> str:
    rows = [(label, float(pct), f"{n}宗（{pct}%）") for label, n, pct in outcome_shares(data)]
    return _bars_svg(f"{data['year']}年办理结果构成", rows, "")


def trend_svg(data: dict[str, Any]) -> str:
    rows = [(f"{year}年", float(n), str(n)) for year, n in trend(data)]
    return _bars_svg("近五年收到申请数量", rows, "件") if rows else ""


@functools.cache
def _font_path() -> str | None:
    fc = shutil.which("fc-match")
    if fc is None:
        return None
    command = [fc, "-f", "%{file}", ":lang=zh"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    return result.stdout.strip() or None


def _bars_png(title: str, rows: list[tuple[str, float, str]]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    scale = 2
    width, bar_h, gap, label_w = 640 * scale, 26 * scale, 10 * scale, 230 * scale
    height = 40 * scale + len(rows) * (bar_h + gap)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    path = _font_path()
    font = ImageFont.truetype(path, 14 * scale) if path else ImageFont.load_default()
    bold = ImageFont.truetype(path, 16 * scale) if path else font
    draw.text((0, 4 * scale), title, fill="#1f1f1f", font=bold)
    top = max((v for _, v, _ in rows), default=0) or 1
    for i, (label, value, text) in enumerate(rows):
        y = 36 * scale + i * (bar_h + gap)
        w = int((width - label_w - 120 * scale) * value / top)
        draw.text((0, y + 4 * scale), label, fill="#1f1f1f", font=font)
        draw.rectangle((label_w, y, label_w + max(w, 1), y + bar_h), fill=COLORS[i % 5])
        draw.text((label_w + w + 6 * scale, y + 4 * scale), text, fill="#1f1f1f", font=font)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def outcome_png(data: dict[str, Any]) -> bytes:
    rows = [(label, float(pct), f"{n}宗（{pct}%）") for label, n, pct in outcome_shares(data)]
    return _bars_png(f"{data['year']}年办理结果构成", rows)


def trend_png(data: dict[str, Any]) -> bytes | None:
    rows = [(f"{year}年", float(n), f"{n}件") for year, n in trend(data)]
    return _bars_png("近五年收到申请数量", rows) if rows else None
