"""Annual-report inputs that no other app records yet.

表二 (主动公开) figures are entered per agency and year until the publications app computes them from records.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Agency
from gongkai.reports.states import Status


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


class AnnualReport(models.Model):
    """One version of a report: a draft is always recomputable; publishing freezes its figures."""

    class Scope(models.TextChoices):
        AGENCY = "agency", _("部门（机关）年度报告")
        GOVERNMENT = "government", _("本级政府年度报告")
        REGION = "region", _("本行政区域汇总年度报告")

    Status = Status  # the workflow lives in gongkai.reports.states

    scope = models.CharField(_("报告范围"), max_length=12, choices=Scope.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(
        "orgs.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    prose = models.JSONField(
        _("文字部分"), default=dict, blank=True, help_text=_("一、五、六等部分的文字描述")
    )
    snapshot = models.JSONField(_("公开时的报告"), null=True, blank=True)
    correction_note = models.TextField(_("更正说明"), blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    #: Who took each step, for the separation of duties (who drafts and submits cannot approve).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["scope", "agency", "division", "year", "version"], name="reports_version"
            ),
            models.CheckConstraint(
                name="reports_scope_target",
                condition=(
                    models.Q(scope="agency", agency__isnull=False, division__isnull=True)
                    | (~models.Q(scope="agency") & models.Q(agency__isnull=True, division__isnull=False))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.year} v{self.version}"


class AgencyFigure(models.Model):
    """One counted figure of one agency and year, kept current on every write of the records it counts
    (gongkai.reports.aggregates; docs/reports.md "Aggregates"). ``key`` names the figure:
    ``t3|<category>|<outcome>|<received|carried_in|decided|carried_out>``, ``t3fee``,
    ``t4|<kind>|<result>|<concluded|pending>`` or ``t2|<block>|<row>|<column>``; zeros are not stored."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=30, decimal_places=6)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["year", "agency", "key"], name="reports_agency_figure")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.key}={self.value}"


class DivisionFigure(models.Model):
    """The sum of an AgencyFigure over every agency at or under a division (its region's report); kept
    for the province, cities and counties."""

    division = models.ForeignKey("orgs.Division", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=30, decimal_places=6)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["division", "year", "key"], name="reports_division_figure")
        ]

    def __str__(self) -> str:
        return f"{self.division_id} {self.year} {self.key}={self.value}"


class FigureYear(models.Model):
    """A year whose figures are built for every agency (and from then on kept current on write)."""

    year = models.PositiveSmallIntegerField(unique=True)
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.year} built {self.built_at:%Y-%m-%d %H:%M}"
