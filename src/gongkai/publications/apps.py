from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = _("主动公开")

    def ready(self) -> None:
        from gongkai.core import services, stats
        from gongkai.publications import models, selectors

        stats.register("publications", selectors.publication_stats)
        services.reference_models_register(  # edited by the administrator (audited), no workflow
            models.Topic,
            models.GrassrootsDomain,
            models.CatalogueEntry,
            models.Guide,
            models.PowerItem,
            models.DeadlineRule,  # 第二十六条 “另有规定”: publication deadlines per category
        )
