from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GazetteConfig(AppConfig):
    name = "gongkai.gazette"
    label = "gazette"
    verbose_name = _("政府公报")

    def ready(self) -> None:
        from gongkai.core import stats
        from gongkai.gazette import selectors

        stats.register("gazette", selectors.gazette_stats)
