"""Converting office documents with LibreOffice (soffice --headless), the program they are checked against.

LibreOffice runs with ``FONTCONFIG_FILE`` set to :data:`FONTS_CONF`, which binds the fonts of GB/T 9704
(仿宋_GB2312, 方正小标宋简体, 黑体, 楷体, 宋体) to free Chinese faces from Debian and rejects Japanese,
Korean and traditional faces and DejaVu, so that the PDF embeds the same simplified-Chinese faces on
every machine (see the comment in that file and docs/letters.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from gongkai.core.errors import GongkaiError

#: The fontconfig file LibreOffice runs with (it includes the system's configuration).
FONTS_CONF = Path(__file__).with_name("fonts") / "fonts.conf"


class PdfUnavailable(GongkaiError):
    code = "pdf_unavailable"


def docx_to_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    return docx_to_pdfs({"document": docx}, timeout=timeout)["document"]


def docx_to_pdfs(documents: dict[str, bytes], *, timeout: int = 120) -> dict[str, bytes]:
    """Several documents in one LibreOffice run (it starts once): name → PDF, for the same names."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PdfUnavailable("服务器未安装LibreOffice，暂不能生成PDF（请下载Word版本）")
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        sources = []
        for n, docx in enumerate(documents.values()):
            src = Path(tmp) / f"document-{n}.docx"
            src.write_bytes(docx)
            sources.append(str(src))
        profile = Path(tmp) / "profile"
        subprocess.run(  # noqa: S603
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                *sources,
            ],
            check=True,
            capture_output=True,
            timeout=timeout * len(documents),
            env={**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)},
        )
        return {name: (Path(tmp) / f"document-{n}.pdf").read_bytes() for n, name in enumerate(documents)}


def set_default_font(doc: Any, face: str) -> None:
    """``face`` and the languages for every run of a .docx not set run by run (empty lines, fields): no
    theme font, which would fall back to a Latin face; Western text (figures) en-US, so that LibreOffice's
    Chinese line breaking never splits a figure; East Asian text zh-CN, for its glyph fallback."""
    r_pr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in (r_pr.find(qn("w:rFonts")), r_pr.find(qn("w:lang"))):
        if old is not None:
            r_pr.remove(old)
    r_pr.insert(
        0,
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="{face}" w:hAnsi="{face}" w:eastAsia="{face}" w:cs="{face}"/>'
        ),
    )
    r_pr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'))
