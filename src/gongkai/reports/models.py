"""Annual-report inputs that no other app records yet.

表二 (主动公开) figures are entered per agency and year until the publications app computes them from records.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Agency


class Table2Entry(models.Model):
    """One cell of 表二 for one agency and year; labels exactly as in the report format."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="table2_entries")
    year = models.PositiveSmallIntegerField(_("年度"))
    block = models.CharField(_("栏目"), max_length=40, help_text=_("如：第二十条第（一）项"))
    row = models.CharField(_("信息内容"), max_length=40)
    column = models.CharField(_("统计项"), max_length=40)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6)

    class Meta:
        verbose_name = _("主动公开统计数据")
        verbose_name_plural = _("主动公开统计数据")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agency", "year", "block", "row", "column"], name="reports_table2_cell"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["year", "agency"], name="reports_table2_year_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.block}/{self.row}/{self.column}={self.value}"
