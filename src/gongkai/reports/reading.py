"""Reading reports to check: our JSON layout (and, later, our .xlsx and published HTML pages)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongkai.core import report_formats
from gongkai.core.oserror import os_error_line


class Unreadable(Exception):
    """The input is not a report in a layout we read."""


def read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise Unreadable(os_error_line(e, "无法读取")) from e
    if path.suffix.lower() == ".json" or raw.lstrip()[:1] == b"{":
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise Unreadable(f"不是有效的JSON：{e}") from e
        if not isinstance(data, dict) or "table3" not in data:
            raise Unreadable("JSON中没有table3（不是年度报告的JSON格式）")
        return data
    if raw[:2] == b"PK" and path.suffix.lower() in (".xlsx", ""):
        return read_xlsx(raw)
    if path.suffix.lower() in (".html", ".htm") or b"<table" in raw[:200000].lower():
        from gongkai.reports import html_tables

        for encoding in ("utf-8", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise Unreadable("网页编码无法识别")
        data = html_tables.parse(text)
        if not data["table3"]:
            raise Unreadable("网页中没有找到“收到和处理政府信息公开申请情况”表格")
        return data
    kind = path.suffix or "（无扩展名）"
    raise Unreadable(f"暂不支持的文件类型：{kind}（支持本平台的JSON、Excel格式和已发布报告的网页）")


def read_xlsx(raw: bytes) -> dict[str, Any]:
    """Our .xlsx layout (see render.to_xlsx) back into the JSON layout."""
    import io

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a non-workbook
        raise Unreadable(f"不是有效的Excel文件：{e}") from e
    if "表三" not in wb.sheetnames:
        raise Unreadable("Excel中没有“表三”工作表（不是本平台的年度报告格式）")
    data: dict[str, Any] = {"table2": {}, "table3": {}, "table4": {}, "sections": {}}
    for key, value, *_ in wb["报告"].iter_rows(values_only=True) if "报告" in wb.sheetnames else []:
        name = _INFO_KEYS.get(str(key), str(key))
        if name in ("format", "year", "organization"):
            data[name] = str(value) if name == "format" else value
        elif key:
            data["sections"][str(key)] = value or ""
    rows = list(wb["表三"].iter_rows(values_only=True))
    columns = [str(c) for c in rows[0][3:] if c]
    for row in rows[1:]:
        path = "/".join(str(p) for p in row[:3] if p)
        if path:
            data["table3"][path] = dict(zip(columns, row[3 : 3 + len(columns)], strict=False))
    if "表四" in wb.sheetnames:
        t4 = list(wb["表四"].iter_rows(values_only=True))
        cols4 = [str(c) for c in t4[0][1:] if c]
        for row in t4[1:]:
            if row[0]:
                data["table4"][str(row[0])] = dict(zip(cols4, row[1 : 1 + len(cols4)], strict=False))
    if "表二" in wb.sheetnames:
        for block, row_label, column, value in list(wb["表二"].iter_rows(values_only=True))[1:]:
            key = report_formats.column_key(str(column))  # "采购总金额（万元）" → "采购总金额"
            data["table2"].setdefault(block, {}).setdefault(row_label, {})[key] = _decimal_text(value)
    return data


#: The 报告 sheet's keys (render.INFO_KEYS) and the English ones of files written before them.
_INFO_KEYS = {"报告格式": "format", "报告年度": "year", "报告机关": "organization"} | {
    k: k for k in ("format", "year", "organization")
}


def _decimal_text(value: Any) -> Any:
    """表二 figures (numbers in the sheet) as the JSON layout's decimal strings; anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    from decimal import Decimal

    from gongkai.reports.narrative import decimal_text

    return decimal_text(Decimal(str(value)))
