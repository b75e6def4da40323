"""Exit codes of the ``gongkai`` command and the one place that turns an exception into a Chinese line.

0   success
1   the check failed: a report fails its identities, gazette lines were rejected
2   bad input or environment: a wrong argument, an unreadable or unwritable file, a database that is not
    initialised or unreachable, a missing program (LibreOffice), any error of gongkai.core.errors
3   internal error (a bug): one line, the traceback only with GONGKAI_DEBUG=1
130 interrupted (Ctrl-C)
"""

from __future__ import annotations

import subprocess
import zlib
from typing import Final

from gongkai.core.oserror import os_error_line

__all__ = ["describe", "os_error_line"]

EXIT_OK: Final = 0
EXIT_CHECK_FAILED: Final = 1
EXIT_BAD_INPUT: Final = 2
EXIT_INTERNAL: Final = 3
EXIT_INTERRUPTED: Final = 130

DEBUG_HINT: Final = "设置 GONGKAI_DEBUG=1 可查看详细信息"


def describe(error: BaseException) -> tuple[int, str]:
    """The exit code and the one Chinese line for an exception a command did not handle itself."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    from gongkai.core.errors import GongkaiError
    from gongkai.core.install import first_line

    if isinstance(error, GongkaiError):
        return EXIT_BAD_INPUT, error.message
    if isinstance(error, ImproperlyConfigured):
        return EXIT_BAD_INPUT, f"配置错误：{first_line(error)}"
    if isinstance(error, DatabaseError):
        return EXIT_BAD_INPUT, _database_line(error, first_line(error))
    if isinstance(error, OSError):
        return EXIT_BAD_INPUT, os_error_line(error)
    if isinstance(error, (EOFError, zlib.error, UnicodeDecodeError)):
        return EXIT_BAD_INPUT, f"文件已损坏或编码不是UTF-8：{first_line(error)}"
    if isinstance(error, subprocess.CalledProcessError):
        return EXIT_BAD_INPUT, f"外部程序运行失败（退出码{error.returncode}）：{error.cmd[0]}"
    if isinstance(error, subprocess.TimeoutExpired):
        return EXIT_BAD_INPUT, f"外部程序运行超时（{error.timeout}秒）：{error.cmd[0]}"
    return EXIT_INTERNAL, f"内部错误（{type(error).__name__}：{first_line(error)}）；{DEBUG_HINT}"


def _database_line(error: Exception, line: str) -> str:
    from django.db import OperationalError

    text = str(error).lower()
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        return f"数据库需要升级：{line}；请运行 gongkai init"
    if isinstance(error, OperationalError) and ("connect" in text or "unable to open" in text):
        return f"无法连接数据库：{line}；请检查 GONGKAI_DATABASE_URL 和数据库服务器"
    return f"数据库错误：{line}"
