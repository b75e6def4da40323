from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    label = "appeals"
    verbose_name = _("行政复议与行政诉讼")

    def ready(self) -> None:
        from gongkai.appeals import selectors
        from gongkai.core import stats

        stats.register("appeals", selectors.appeal_stats)
