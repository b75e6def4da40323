from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = _("门户网站")

    def ready(self) -> None:
        from django.core.signals import setting_changed

        setting_changed.connect(_site_settings_changed, dispatch_uid="portal-chrome")


def _site_settings_changed(*, setting: str, **_kwargs: Any) -> None:
    """The chrome fragments (base.html's {% cache %}) show the GONGKAI_SITE_* settings: re-render them when
    one changes (tests and override_settings; a deployment changes settings with a restart)."""
    if setting.startswith("GONGKAI_SITE_"):
        from django.core.cache import caches

        caches["chrome"].clear()
