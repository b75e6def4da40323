"""行政复议 and 行政诉讼 cases about disclosure decisions: exactly what 表四 of the annual report counts."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.appeals.states import Result
from gongkai.applications.models import Application
from gongkai.orgs.models import Agency


class Appeal(models.Model):
    class Kind(models.TextChoices):
        REVIEW = "review", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼/未经复议直接起诉"
        LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼/复议后起诉"

    Result = Result  # PENDING until the case is concluded; the workflow lives in gongkai.appeals.states

    agency = models.ForeignKey(
        Agency, verbose_name=_("被申请人/被告机关"), on_delete=models.PROTECT, related_name="appeals"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("相关申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    case_number = models.CharField(_("案号"), max_length=60, blank=True)
    body = models.CharField(_("复议机关或受理法院"), max_length=100, blank=True)
    filed_on = models.DateField(_("受理日期"), db_index=True)
    result = models.CharField(_("结果"), max_length=12, choices=Result.choices, default=Result.PENDING)
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("复议诉讼案件")
        verbose_name_plural = _("复议诉讼案件")
        constraints: ClassVar = [
            models.CheckConstraint(
                name="appeals_concluded_has_result",
                condition=models.Q(result="pending", concluded_on__isnull=True)
                | (~models.Q(result="pending") & models.Q(concluded_on__isnull=False)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}"
