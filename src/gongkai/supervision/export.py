"""The overdue list as an .xlsx workbook: a 汇总 sheet (rows per child division and 本级, and the total) and
a 案件 sheet (one row per case). Numbers are numbers, dates are dates, sheet names and headers Chinese."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gongkai.orgs.models import Division
from gongkai.supervision.rollup import Rollup
from gongkai.supervision.selectors import CaseRow

SUMMARY_HEADERS = ("地区", "已超期（件）", "即将到期（件）")
CASE_HEADERS = (
    "层级",
    "所在地区",
    "受理机关",
    "申请编号",
    "状态",
    "答复期限",
    "期限暂定",
    "超期工作日",
    "剩余工作日",
    "经办人",
    "已催办次数",
)
_LEVELS = {1: "省级", 2: "市级", 3: "县级", 4: "乡镇级"}


def _sheet(wb: Workbook, title: str, headers: Sequence[str], widths: Sequence[int]) -> Any:
    ws = wb.create_sheet(title)
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    return ws


def overdue_workbook(division: Division, today: date, summary: Rollup, rows: Sequence[CaseRow]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = f"{division.name}依申请公开超期和即将到期申请（{today:%Y-%m-%d}）"
    wb.properties.creator = f"{division.name}政务公开办"
    ws = _sheet(wb, "汇总", SUMMARY_HEADERS, (24, 14, 16))
    for area in summary.rows:
        ws.append([area.label, area.counts["overdue"], area.counts["due_soon"]])
    ws.append(["合计", summary.total["overdue"], summary.total["due_soon"]])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    cases = _sheet(wb, "案件", CASE_HEADERS, (8, 14, 30, 22, 12, 12, 10, 12, 12, 12, 12))
    for r in rows:
        app = r.app
        cases.append(
            [
                _LEVELS.get(app.agency.division.level, ""),
                app.agency.division.name,
                app.agency.name,
                app.receipt_number,
                app.get_status_display(),
                app.due_date,
                "是" if app.due_provisional else "否",
                r.days if r.overdue else None,
                None if r.overdue else r.days,
                r.handler,
                r.urges,
            ]
        )
    for row in cases.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
