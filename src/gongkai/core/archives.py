"""Bounded reading of zip-based office files (DOCX, XLSX, PPTX) from untrusted users.

A zip "bomb" is a small file that inflates to gigabytes: a 261 KB .docx whose ``word/document.xml`` inflates
to 256 MiB stalled a worker. Before anything decompresses a member, :func:`inspect` checks the central
directory — member count, each member's declared size, the total, and the compression ratio — all without
inflating a byte; :func:`read_member` then reads one member in chunks and stops at a cap. Python's zip reader
never returns more than a member's declared size (and fails the CRC check if the data disagrees), so the
declared sizes checked here bound what can be inflated later by us, python-docx or openpyxl.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MiB = 1024 * 1024
#: Zip-based formats whose upload is inspected (MIME types as :mod:`filetype` names them).
ZIP_BASED = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)


@dataclass(frozen=True)
class Limits:
    """Generous for real documents: a 500-page report's XML is a few MiB and compresses 5–20 times; embedded
    pictures are stored nearly uncompressed. Highly repetitive sheets reach ratios near 100."""

    max_members: int = 5000
    max_member_bytes: int = 100 * MiB
    max_total_bytes: int = 200 * MiB
    max_ratio: int = 200
    #: Members smaller than this may have any ratio (tiny XML parts compress extremely well).
    ratio_exempt_bytes: int = 1 * MiB


DEFAULT_LIMITS = Limits()
CHUNK = 64 * 1024


class ArchiveRefused(ValueError):
    """The archive is refused. ``reason`` says what is wrong, ``message`` adds what the uploader can do
    (both in Chinese)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = f"{reason}，不予接收。如确需提交，请在办公软件中另存或拆分后重新上传"


def _mb(n: int) -> str:
    return f"{n / MiB:.0f}MB"


def inspect(content: bytes, *, name: str = "文件", limits: Limits = DEFAULT_LIMITS) -> None:
    """Raises :class:`ArchiveRefused` unless ``content`` is a zip whose central directory promises bounded
    decompression. Reads only the directory (no member is inflated), so it answers in milliseconds."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as e:
        raise ArchiveRefused(f"{name}已损坏，无法打开（{type(e).__name__}）") from e
    if len(members) > limits.max_members:
        raise ArchiveRefused(f"{name}内部包含{len(members)}个部件，超过{limits.max_members}个的上限")
    total = 0
    for info in members:
        size, part = info.file_size, info.filename[:60]
        total += size
        if size > limits.max_member_bytes:
            raise ArchiveRefused(
                f"{name}中的“{part}”解压后为{_mb(size)}，超过{_mb(limits.max_member_bytes)}的上限"
            )
        if total > limits.max_total_bytes:
            raise ArchiveRefused(f"{name}解压后合计超过{_mb(limits.max_total_bytes)}的上限")
        if size > limits.ratio_exempt_bytes and size > info.compress_size * limits.max_ratio:
            ratio = size // max(info.compress_size, 1)
            raise ArchiveRefused(
                f"{name}中的“{part}”压缩比异常（约{ratio}:1，解压后{_mb(size)}），疑似恶意构造的文件"
            )


def read_member(zf: zipfile.ZipFile, member: str, *, cap: int, name: str = "文件") -> bytes:
    """One member's bytes, read in chunks; :class:`ArchiveRefused` as soon as more than ``cap`` bytes come
    out (whatever the directory declared). ``KeyError`` if there is no such member."""
    parts: list[bytes] = []
    size = 0
    with zf.open(member) as fh:
        while chunk := fh.read(CHUNK):
            size += len(chunk)
            if size > cap:
                raise ArchiveRefused(f"{name}中的“{member[:60]}”解压后超过{_mb(cap)}")
            parts.append(chunk)
    return b"".join(parts)
