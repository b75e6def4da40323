from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = _("政府信息公开工作年度报告")

    def ready(self) -> None:
        from gongkai.reports.aggregates import signals

        signals.connect()  # the per-agency figures follow every write of the records they count
