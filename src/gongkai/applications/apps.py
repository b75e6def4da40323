from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = _("依申请公开")

    def ready(self) -> None:
        from gongkai.applications import selectors, services
        from gongkai.core import hooks, stats

        stats.register("applications", selectors.application_stats)
        # An administrator's correction of the holiday calendar moves the due dates of open cases.
        hooks.calendar_changed.append(lambda actor: services.applications_recompute_due_dates(actor=actor))
