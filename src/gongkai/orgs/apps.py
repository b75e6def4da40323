from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gongkai.orgs"
    label = "orgs"
    verbose_name = _("行政区划与机关")

    def ready(self) -> None:
        from gongkai.core import hooks, stats
        from gongkai.orgs import access, selectors

        stats.register("orgs", selectors.org_stats)
        if access.can_administer not in hooks.administrator_rules:
            hooks.administrator_rules.append(access.can_administer)
