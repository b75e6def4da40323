"""政府公报 archive: issues and the documents printed in them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class GazetteIssue(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"))
    number = models.PositiveSmallIntegerField(_("期号"))
    date = models.DateField(_("出版日期"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-year", "-number"]
        verbose_name = _("公报期次")
        verbose_name_plural = _("公报期次")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["year", "number"], name="gazette_issue_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}期"


class GazetteDocument(models.Model):
    # None for archive documents whose issue is not known (incomplete metadata in a digitised collection).
    issue = models.ForeignKey(
        GazetteIssue, on_delete=models.PROTECT, related_name="documents", null=True, blank=True
    )
    source_id = models.CharField(_("来源编号"), max_length=100, unique=True, help_text=_("导入时用于去重"))
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True, db_index=True)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    category = models.CharField(_("类别"), max_length=200, blank=True)
    text = models.TextField(_("正文"))
    page_start = models.PositiveIntegerField(_("起始页"), null=True, blank=True)
    page_end = models.PositiveIntegerField(_("终止页"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["issue", "page_start", "id"]
        verbose_name = _("公报文件")
        verbose_name_plural = _("公报文件")

    def __str__(self) -> str:
        return self.title
