"""WSGI entry point used by ``gongkai serve`` (gunicorn): Django behind the page cache's fast path, which
answers anonymous public pages from their saved copies (gongkai.portal.page_http)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
_django = get_wsgi_application()

from gongkai.portal.page_http import PageCacheApp  # noqa: E402  (needs the settings configured above)
from gongkai.publications.views import count_cached_view  # noqa: E402

application = PageCacheApp(_django, on_hit=count_cached_view)


def _warm_up() -> None:
    """Each gunicorn worker imports this module before it accepts requests: load what the first search
    and the first pages would otherwise load while a citizen waits (index, dictionary, templates)."""
    from django.template.loader import get_template

    from gongkai.search.selectors import warm_up

    warm_up()
    for name in ("search/page.html", "portal/home.html", "publications/detail.html", "portal/agency.html"):
        get_template(name)


_warm_up()
