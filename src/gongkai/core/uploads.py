"""Checking uploaded files before anything is stored: size, count, the real type sniffed from the bytes
(a renamed program is refused whatever its extension says), and for DOCX/XLSX the zip directory (a file
that would inflate without bound is refused, :mod:`gongkai.core.archives`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

import filetype
from django.conf import settings

from gongkai.core import archives
from gongkai.core.errors import InvalidInput

#: What applicants may attach: scans and documents (MIME type → what we call it).
ALLOWED = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG图片",
    "image/png": "PNG图片",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word文档",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel表格",
}
_EXTENSIONS = {
    "application/pdf": {"pdf"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
}


class Upload(Protocol):
    name: str | None
    size: int | None

    def read(self, n: int = -1) -> bytes: ...

    def seek(self, offset: int) -> int: ...


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str


def check(
    files: list[Upload],
    *,
    field: str = "attachments",
    max_files: int | None = None,
    max_mb: int | None = None,
) -> list[CheckedFile]:
    """The files, read and typed, or InvalidInput naming ``field`` and the offending file."""
    max_files = int(settings.GONGKAI_ATTACHMENT_MAX_FILES) if max_files is None else max_files
    max_mb = int(settings.GONGKAI_ATTACHMENT_MAX_MB) if max_mb is None else max_mb
    max_bytes = max_mb * 1024 * 1024
    if len(files) > max_files:
        raise InvalidInput.for_field(field, f"附件最多{max_files}个（本次选择了{len(files)}个）")
    checked = []
    for upload in files:
        name = (upload.name or "附件").split("/")[-1].split("\\")[-1][:200]
        if (upload.size or 0) > max_bytes:
            raise InvalidInput.for_field(field, f"附件“{name}”超过{max_mb}MB，请压缩后再上传")
        upload.seek(0)
        content = upload.read(max_bytes + 1)
        if len(content) > max_bytes:
            raise InvalidInput.for_field(field, f"附件“{name}”超过{max_mb}MB，请压缩后再上传")
        if not content:
            raise InvalidInput.for_field(field, f"附件“{name}”是空文件")
        kind = filetype.guess(content)
        mime = kind.mime if kind else ""
        if mime not in ALLOWED:
            actual = f"实际为{kind.extension}文件" if kind else "无法识别其内容"
            raise InvalidInput.for_field(
                field, f"附件“{name}”不是允许的类型（{actual}）。可上传：{'、'.join(ALLOWED.values())}"
            )
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in _EXTENSIONS[mime]:
            raise InvalidInput.for_field(field, f"附件“{name}”的扩展名与内容不符（内容为{ALLOWED[mime]}）")
        if mime in archives.ZIP_BASED:
            try:
                archives.inspect(content, name=f"附件“{name}”")
            except archives.ArchiveRefused as e:
                raise InvalidInput.for_field(field, e.message) from e
        checked.append(CheckedFile(name, content, mime, hashlib.sha256(content).hexdigest()))
    return checked
