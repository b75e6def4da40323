"""What a supervising office sends down: a 催办 on an application, a 催报 for an annual report."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Agency, Division


class Urge(models.Model):
    """One reminder from a supervisor to an agency (or to a division below), recorded and audited.

    A 催办 points at an application; a 催报 at an expected annual report, which may not exist yet, so it names
    the year, the scope and the agency or division that owes it. ``seen_at`` is set when the agency's staff
    first open it."""

    class Kind(models.TextChoices):
        CASE = "case", _("催办")
        REPORT = "report", _("催报")

    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    #: The supervising office's division (whose 政务公开办 sent it).
    sender_division = models.ForeignKey(
        Division, verbose_name=_("督办单位"), on_delete=models.PROTECT, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("督办人"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("督办时间"), default=timezone.now, db_index=True)
    #: The agency that must act (for a 催报 of a division's report: that division's government).
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("被督办机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("被督办地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("申请"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="urges",
    )
    report_year = models.PositiveSmallIntegerField(_("报告年度"), null=True, blank=True)
    report_scope = models.CharField(_("报告范围"), max_length=12, blank=True)
    message = models.TextField(_("督办意见"), max_length=500)
    seen_at = models.DateTimeField(_("查阅时间"), null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查阅人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar = ["-sent_at", "id"]
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        constraints: ClassVar = [
            models.CheckConstraint(
                name="urge_target",
                condition=(
                    models.Q(kind="case", application__isnull=False, agency__isnull=False)
                    | models.Q(kind="report", report_year__isnull=False)
                    & (models.Q(agency__isnull=False) | models.Q(division__isnull=False))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.agency_id or self.division_id} {self.sent_at:%Y-%m-%d}"


class WorkdayOrdinal(models.Model):
    """One calendar day with its position among days and among working days: a derived index of the
    working-day calendar (rebuilt by :mod:`gongkai.supervision.day_index` when the calendar changes), so
    that the database itself can tell whether a 主动公开 record was late under 第二十六条 and aggregate
    timeliness over tens of thousands of records without a Python loop over rows.

    With W(d) the number of working days up to and including d: a record formed on s with a period of n
    working days was late when published on p iff W(p − 1) − W(s) ≥ n (p after the n-th working day after
    s); for a period of n calendar days (预算法第十四条) iff p − s > n."""

    day = models.DateField(primary_key=True)
    #: Days since 1970-01-01.
    day_no = models.IntegerField()
    #: W(day): working days from the start of the index up to and including ``day``.
    work_no = models.IntegerField()
    #: W(day − 1).
    work_before = models.IntegerField()

    class Meta:
        verbose_name = _("工作日序号")
        verbose_name_plural = _("工作日序号")

    def __str__(self) -> str:
        return f"{self.day} {self.work_no}"


class WorkdayOrdinalStamp(models.Model):
    """The calendar revision and span the :class:`WorkdayOrdinal` rows were built from (one row)."""

    stamp = models.CharField(max_length=100)
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("工作日序号版本")
        verbose_name_plural = _("工作日序号版本")

    def __str__(self) -> str:
        return self.stamp
