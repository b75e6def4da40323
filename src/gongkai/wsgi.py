"""WSGI entry point used by ``gongkai serve`` (gunicorn): Django behind the page cache's fast path, which
answers anonymous public pages from their saved copies (gongkai.portal.page_http)."""

import gc
import io
import os
import sys
from collections.abc import Callable
from typing import Any

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
_django = get_wsgi_application()

from gongkai.portal.page_http import PageCacheApp  # noqa: E402  (needs the settings configured above)
from gongkai.portal.security import WARM_UP_KEY  # noqa: E402
from gongkai.publications.views import count_cached_view  # noqa: E402

application = PageCacheApp(_django, on_hit=count_cached_view)


#: Pages rendered once, unsaved (an undeclared parameter bypasses the page cache), by each worker before it
#: accepts requests: the first search, page and English page otherwise pay for the URL resolvers, the
#: translation catalogues, templates and the index's first reads (about 0.3 s) while a citizen waits.
WARM_UP_PATHS = ("/search/?q=政府信息公开&warm-up=1", "/search/?q=无此词汇&warm-up=1", "/?warm-up=1",
                 "/en/search/?q=education&warm-up=1")  # fmt: skip


def _ignore_response(
    status: str, headers: list[tuple[str, str]], exc_info: Any = None
) -> Callable[[bytes], object]:
    return lambda _data: None


def _warm_up() -> None:
    """Each gunicorn worker imports this module before it accepts requests: load what the first search
    and the first pages would otherwise load (index, dictionary, templates, catalogues). Never fails: a
    database not set up yet or an index not built yet is reported by the pages themselves."""
    from urllib.parse import quote

    from django.conf import settings
    from django.template.loader import get_template

    from gongkai.search.selectors import warm_up

    warm_up()
    for name in ("search/page.html", "portal/home.html", "publications/detail.html", "portal/agency.html"):
        get_template(name)
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    for path in WARM_UP_PATHS:
        route, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": quote(query, safe="=&"),
            "SERVER_NAME": "localhost", "SERVER_PORT": "80", "HTTP_HOST": hosts[0] if hosts else "localhost",
            "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "https" if settings.GONGKAI_HTTPS else "http",
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, WARM_UP_KEY: True,
        }  # fmt: skip
        try:
            for _chunk in _django(environ, _ignore_response):
                pass
        except Exception:  # noqa: S112  (warming is best effort)
            continue


_warm_up()
# What the worker has loaded so far (the segmenter's dictionary, the index reader, the vocabulary, modules)
# lives as long as the worker: moved out of the garbage collector's sight, so that its full collections,
# which otherwise walk millions of these objects, stop pausing requests for tens of milliseconds.
gc.collect()
gc.freeze()
