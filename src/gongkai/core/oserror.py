"""Operating-system errors (files, directories) said in one Chinese line, for the CLI and file readers."""

from __future__ import annotations

import errno
from typing import Final

_REASONS: Final = {
    errno.ENOENT: "文件或目录不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中有一项不是目录",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统是只读的",
    errno.EEXIST: "文件已存在",
}


def os_error_line(error: OSError, what: str = "无法访问") -> str:
    """E.g. ``无法写入 /a/b.json：文件或目录不存在`` (the system's own text for errors not listed)."""
    reason = _REASONS.get(error.errno or 0) or error.strerror or str(error)
    where = f" {error.filename}" if error.filename else ""
    return f"{what}{where}：{reason}"
