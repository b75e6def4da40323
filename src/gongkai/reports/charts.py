"""The report's charts: shares of outcomes and the five-year trend of applications received.

SVG for the web page (inline, with a text alternative) and PNG for the .docx, drawn by Pillow with a font
file chosen deterministically (:data:`FAMILIES`, in order: the first installed face whose cmap has every
character of the chart). Never fontconfig's best match: ``fc-match :lang=zh`` answers DejaVu on a Debian
system whose configuration prefers it, and every Chinese character became a box. Without a suitable font
:class:`ChartFontMissing` names the package to install."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils.translation import gettext as _

from gongkai.core import fontfiles
from gongkai.core.errors import GongkaiError
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


@dataclass(frozen=True)
class Face:
    """One face of a font file (``index`` within a .ttc collection)."""

    path: str
    index: int


@dataclass(frozen=True)
class ChartFont:
    family: str
    regular: Face
    bold: Face


class ChartFontMissing(GongkaiError):
    code = "chart_font_missing"


_NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"  # Debian fonts-noto-cjk
# texlive-lang-chinese (its Fandol faces also set the PDF's type: core/fonts/fonts.conf)
_FANDOL = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolHei-{}.otf"
_WQY = "/usr/share/fonts/truetype/wqy/wqy-{}.ttc"  # fonts-wqy-microhei, fonts-wqy-zenhei

#: Sans-serif Chinese families in order of preference: (family, regular file, bold file). Files elsewhere
#: (another distribution) are found by family name through ``fc-list``, which lists only exact matches.
FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("Noto Sans CJK SC", _NOTO.format("Regular"), _NOTO.format("Bold")),
    ("FandolHei", _FANDOL.format("Regular"), _FANDOL.format("Bold")),
    ("WenQuanYi Micro Hei", _WQY.format("microhei"), _WQY.format("microhei")),
    ("WenQuanYi Zen Hei", _WQY.format("zenhei"), _WQY.format("zenhei")),
)


def chart_font(text: str) -> ChartFont:
    """The first family of :data:`FAMILIES` installed with every character of ``text`` in both faces."""
    for family, regular_file, bold_file in FAMILIES:
        regular = _face(family, regular_file, bold=False)
        if regular is None:
            continue
        bold = _face(family, bold_file, bold=True) or regular
        if not any(fontfiles.missing_characters(f.path, text, index=f.index) for f in (regular, bold)):
            return ChartFont(family, regular, bold)
    raise ChartFontMissing(
        _(
            "未找到能显示图表文字的中文字体，图表未能生成"
            "（请安装 Noto Sans CJK SC 字体：Debian 软件包 fonts-noto-cjk）"
        )
    )


@functools.cache
def _face(family: str, path: str, *, bold: bool) -> Face | None:
    """The face named ``family`` in ``path`` or, failing that, the first file ``fc-list`` knows for it."""
    found = _named_face(path, family)
    if found is not None:
        return found
    fc = shutil.which("fc-list")
    if fc is None:
        return None
    style = "Bold" if bold else "Regular"
    command = [fc, "--format", "%{file}\t%{index}\n", f"{family}:style={style}"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    for line in sorted(result.stdout.splitlines()):
        file, _sep, index = line.partition("\t")
        face = _named_face(file, family, int(index or 0))
        if face is not None:
            return face
    return None


def _named_face(path: str, family: str, first: int = 0) -> Face | None:
    from PIL import ImageFont

    try:
        count = fontfiles.face_count(path)
        for index in range(first, count):
            if ImageFont.truetype(path, 10, index=index).getname()[0] == family:
                return Face(path, index)
    except (OSError, fontfiles.FontFileError):
        return None
    return None


def _bars_png(title: str, rows: list[tuple[str, float, str]]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    scale = 2
    width, bar_h, gap, label_w = 640 * scale, 26 * scale, 10 * scale, 230 * scale
    height = 40 * scale + len(rows) * (bar_h + gap)
    chosen = chart_font(title + "".join(label + text for label, _value, text in rows))
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(chosen.regular.path, 14 * scale, index=chosen.regular.index)
    bold = ImageFont.truetype(chosen.bold.path, 16 * scale, index=chosen.bold.index)
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
