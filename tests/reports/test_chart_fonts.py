"""Chart pictures show Chinese, not boxes: the font files Pillow actually opens while drawing a chart have a
glyph for every character it draws. The oracle is fontconfig's own reading of each file's charset
(``fc-query``), independent of the cmap reader the charts use to choose a font."""

from __future__ import annotations

import functools
import io
import subprocess
from typing import Any

import pytest
from docx import Document
from PIL import ImageDraw, ImageFont

from gongkai.core import fontfiles
from gongkai.reports import charts, render
from tests.reports.test_report_files import report


@functools.cache
def fc_charset(path: str, index: int) -> set[int]:
    """Code points fontconfig says face ``index`` of ``path`` covers (its ``charset`` ranges in hex)."""
    out = subprocess.run(
        ["fc-query", "-i", str(index), "-f", "%{charset}", path], capture_output=True, check=True, text=True
    ).stdout
    covered: set[int] = set()
    for part in out.split():
        first, _sep, last = part.partition("-")
        covered.update(range(int(first, 16), int(last or first, 16) + 1))
    return covered


def _record_drawing(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, str]]:
    """(font file, face index, text) for every text Pillow draws from now on."""
    drawn: list[tuple[str, int, str]] = []
    real_truetype, real_text = ImageFont.truetype, ImageDraw.ImageDraw.text

    def truetype(font: Any = None, size: float = 10, index: int = 0, **kw: Any) -> Any:
        loaded = real_truetype(font, size, index=index, **kw)
        loaded._gongkai_file = (str(font), index)
        return loaded

    def text(self: Any, xy: Any, text: str, fill: Any = None, font: Any = None, **kw: Any) -> Any:
        file, index = getattr(font, "_gongkai_file", ("(Pillow's default font)", -1))
        drawn.append((file, index, text))
        return real_text(self, xy, text, fill, font, **kw)

    monkeypatch.setattr(ImageFont, "truetype", truetype)
    monkeypatch.setattr(ImageDraw.ImageDraw, "text", text)
    return drawn


def test_every_character_of_both_charts_has_a_glyph_in_the_font_drawing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = _record_drawing(monkeypatch)
    data = report()
    data["trend"] = {"2016": 38012, "2017": 39876, "2018": 40021, "2019": 41236, "2020": 47517}
    doc = Document(io.BytesIO(render.to_docx(data)))  # the charts as the .docx gets them
    pictures = [p for p in doc.part.package.parts if p.content_type == "image/png"]
    assert len(doc.inline_shapes) == 2 and all(p.blob.startswith(b"\x89PNG") for p in pictures)
    texts = "".join(t for _f, _i, t in drawn)
    for needed in (
        "2020年办理结果构成",
        "予以公开及部分公开",
        "不予处理",
        "近五年收到申请数量",
        "2016年",
        "宗（",
        "件",
    ):
        assert needed in texts
    assert {f for f, _i, _t in drawn} <= {
        charts.chart_font(texts).regular.path,
        charts.chart_font(texts).bold.path,
    }
    for file, index, text in drawn:
        assert "dejavu" not in file.lower()
        missing = {ch for ch in text if not ch.isspace() and ord(ch) not in fc_charset(file, index)}
        assert not missing, f"{file}#{index} has no glyph for {sorted(missing)} in {text!r}"


def test_the_chosen_face_is_simplified_chinese_not_the_collections_first_face() -> None:
    font = charts.chart_font("政府信息公开")
    assert font.family == charts.FAMILIES[0][0] == "Noto Sans CJK SC"  # fonts-noto-cjk, installed for tests
    name = ImageFont.truetype(font.regular.path, 12, index=font.regular.index).getname()
    assert name == ("Noto Sans CJK SC", "Regular")
    assert ImageFont.truetype(font.bold.path, 12, index=font.bold.index).getname() == (
        "Noto Sans CJK SC",
        "Bold",
    )


def test_a_character_no_installed_family_has_is_refused_in_chinese() -> None:
    with pytest.raises(charts.ChartFontMissing) as refused:
        charts.chart_font("办理\U000f0000")  # a private-use code point no font covers
    assert "未找到能显示图表文字的中文字体" in refused.value.message
    assert "fonts-noto-cjk" in refused.value.message


def test_without_a_chinese_font_the_docx_says_so_instead_of_showing_boxes(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(charts, "FAMILIES", (("No Such Family", "/nonexistent/a.ttf", "/nonexistent/b.ttf"),))
    monkeypatch.setattr(charts.shutil, "which", lambda name: None)  # and fontconfig knows none either
    charts._face.cache_clear()
    try:
        doc = Document(io.BytesIO(render.to_docx(report())))
    finally:
        charts._face.cache_clear()
    assert len(doc.inline_shapes) == 0
    notes = [p.text for p in doc.paragraphs if "图表未能生成" in p.text]
    assert len(notes) == 1 and "fonts-noto-cjk" in notes[0]
    assert "report charts left out" in caplog.text


@pytest.mark.parametrize(
    ("path", "index"),
    [
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 0),
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
        ("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolHei-Regular.otf", 0),
    ],
)
def test_the_cmap_reader_agrees_with_fontconfig(path: str, index: int) -> None:
    # Latin, punctuation, the common CJK block, full-width forms and a stretch of CJK extension B.
    sample = "".join(
        chr(cp)
        for r in ((0x20, 0x3000), (0x3000, 0xA000), (0xFF00, 0xFFF0), (0x20000, 0x20400))
        for cp in range(*r)
    )
    expected = {ch for ch in sample if not ch.isspace() and ord(ch) not in fc_charset(path, index)}
    assert fontfiles.missing_characters(path, sample, index=index) == expected
    assert fontfiles.face_count(path) == (10 if path.endswith(".ttc") else 1)
