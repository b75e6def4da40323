"""Which demo dataset, if any, the database holds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    profile = models.CharField(_("配置"), max_length=40)
    seed = models.BigIntegerField(_("随机种子"))
    loaded_at = models.DateTimeField(_("生成时间"), auto_now=True)
    complete = models.BooleanField(_("已完成"), default=False)
    counts = models.JSONField(_("数量"), default=dict)

    class Meta:
        verbose_name = _("演示数据集")
        verbose_name_plural = _("演示数据集")

    def __str__(self) -> str:
        return f"{self.profile} (seed {self.seed})"
