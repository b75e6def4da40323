from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = _("一网通搜")

    def ready(self) -> None:
        from gongkai.core import hooks
        from gongkai.core import services as core_services
        from gongkai.search import models, services

        hooks.content_changed.append(services.enqueue)
        core_services.reference_models_register(models.Term)  # the dictionary, edited by the administrator
