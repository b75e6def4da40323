from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = _("基础设施")

    def ready(self) -> None:
        from gongkai.core import calendar, signals  # noqa: F401  (cache invalidation receivers)

        del calendar
