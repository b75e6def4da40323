from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "gongkai.pages"
    label = "pages"
    verbose_name = _("页面缓存")

    def ready(self) -> None:
        from gongkai.core import hooks
        from gongkai.pages import purges

        hooks.content_changed.append(purges.on_change)
        hooks.index_changed.append(purges.on_index_changed)
