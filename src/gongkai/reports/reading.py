"""Reading reports to check: our JSON layout (and, later, our .xlsx and published HTML pages)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class Unreadable(Exception):
    """The input is not a report in a layout we read."""


def read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise Unreadable(f"无法读取文件：{e}") from e
    if path.suffix.lower() == ".json" or raw.lstrip()[:1] == b"{":
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise Unreadable(f"不是有效的JSON：{e}") from e
        if not isinstance(data, dict) or "table3" not in data:
            raise Unreadable("JSON中没有table3（不是年度报告的JSON格式）")
        return data
    raise Unreadable(f"暂不支持的文件类型：{path.suffix or '（无扩展名）'}（目前支持本平台的JSON格式）")
