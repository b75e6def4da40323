"""Converting office documents with LibreOffice (soffice --headless), the program they are checked against."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from gongkai.core.errors import GongkaiError


class PdfUnavailable(GongkaiError):
    code = "pdf_unavailable"


def docx_to_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PdfUnavailable("服务器未安装LibreOffice，暂不能生成PDF（请下载Word版本）")
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(docx)
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
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return (Path(tmp) / "document.pdf").read_bytes()
