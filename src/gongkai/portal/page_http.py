"""Both ends of the page cache over HTTP: the middleware that saves anonymous public pages after Django
rendered them, and the WSGI wrapper that ``gongkai serve`` puts in front of Django to answer from the saved
files without starting Django's request cycle (gongkai.pages.store has the layout and the rules).

A request is served from, and saved to, the cache only when it is a GET (or HEAD, served) of a view marked
:func:`public_page`, with no session or message cookie (so every signed-in user, and every page that shows
a one-off message, goes through Django), over HTTPS when the site requires it, and with no query parameter
the view does not declare. A response is saved only when it is a 200 that sets no cookie and does not
forbid caching (pages with personal data carry ``Cache-Control: no-store``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.http.request import split_domain_port, validate_host

from gongkai.core import clock
from gongkai.pages import store as pagecache

View = TypeVar("View", bound=Callable[..., Any])
_ELDER = re.compile(r"(?:^|;)\s*display=elder\s*(?:;|$)")
_MAX_VALUE = 100


def public_page(*params: str) -> Callable[[View], View]:
    """Mark a view's anonymous responses as cacheable; ``params``: the query parameters it reads (a
    request with any other parameter is rendered but not saved)."""

    def mark(view: View) -> View:
        view.public_page = frozenset(params)  # type: ignore[attr-defined]
        return view

    return mark


def _bypass_cookies() -> tuple[str, ...]:
    return (f"{settings.SESSION_COOKIE_NAME}=", f"{getattr(settings, 'MESSAGE_COOKIE_NAME', 'messages')}=")


def _insecure(scheme_is_https: bool) -> bool:
    return bool(getattr(settings, "SECURE_SSL_REDIRECT", False)) and not scheme_is_https


# ------------------------------------------------------------------------------------ saving (Django)
class PageCacheMiddleware:
    """Outermost middleware: sees the final response, cookies included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        plan = self._plan(request)
        response = self.get_response(request)
        if plan is not None and self._savable(request, response):
            day, key, sequence = plan
            pagecache.write(day, key, response.content, sequence)  # type: ignore[attr-defined]
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        params = getattr(view, "public_page", None)
        if params is not None:
            request.page_cache_params = params  # type: ignore[attr-defined]

    @staticmethod
    def _plan(request: HttpRequest) -> tuple[Any, pagecache.Key, int] | None:
        if request.method != "GET" or not pagecache.enabled():
            return None
        cookie = request.META.get("HTTP_COOKIE", "")
        if any(name in cookie for name in _bypass_cookies()) or _insecure(request.is_secure()):
            return None
        elder = request.COOKIES.get("display") == "elder"
        query = request.META.get("QUERY_STRING", "")
        key = pagecache.key_for(request.path_info, query, elder, request.META.get("HTTP_HOST", ""))
        if key is None:
            return None
        try:
            day = pagecache.ensure_day(clock.today())
        except OSError:
            return None  # a read-only or full disk degrades to uncached pages, never to an error
        # Noted before the view runs its first query: see the module doc of gongkai.pages.store.
        return day, key, pagecache.purge_sequence(day)

    @staticmethod
    def _savable(request: HttpRequest, response: HttpResponseBase) -> bool:
        params = getattr(request, "page_cache_params", None)
        if params is None or response.status_code != 200 or response.streaming or response.cookies:
            return False
        if any(k not in params for k in request.GET) or any(
            len(v) > _MAX_VALUE for vs in request.GET.lists() for v in vs[1]
        ):
            return False
        control = response.get("Cache-Control", "")
        return "no-store" not in control and "private" not in control


# ---------------------------------------------------------------------------------- serving (WSGI)
def response_headers(ext: str, lang: str, *, secure: bool) -> list[tuple[str, str]]:
    """The headers Django's middleware puts on a public page, for a page served from the cache (a test
    compares them with Django's own)."""
    from csp.utils import build_policy

    headers = [
        ("Content-Type", pagecache.CONTENT_TYPES[ext]),
        # django-csp's directive order follows a set's; sorted, the generated nginx file is reproducible
        ("Content-Security-Policy", "; ".join(sorted(d.strip() for d in build_policy().split(";")))),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
        ("Vary", "Cookie" if lang == "en" else "Accept-Language, Cookie"),
        ("Content-Language", lang),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
        ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY),
    ]
    if secure and int(getattr(settings, "SECURE_HSTS_SECONDS", 0) or 0):
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if getattr(settings, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False):
            hsts += "; includeSubDomains"
        if getattr(settings, "SECURE_HSTS_PRELOAD", False):
            hsts += "; preload"
        headers.append(("Strict-Transport-Security", hsts))
    return headers


class PageCacheApp:
    """WSGI wrapper: answers a cached page itself, hands everything else to Django."""

    def __init__(
        self, app: Callable[..., Iterable[bytes]], on_hit: Callable[[str], None] | None = None
    ) -> None:
        self.app = app
        self.on_hit = on_hit  # told the path of every page served from the cache (view counts)
        self.hosts = list(settings.ALLOWED_HOSTS)
        self._headers: dict[tuple[str, str, bool], list[tuple[str, str]]] = {}
        self._today: date | None = None
        self._checked = 0.0

    def _day(self) -> date:
        now = time.monotonic()
        if self._today is None or now - self._checked > 1.0:
            self._today, self._checked = clock.today(), now
        return self._today

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method in ("GET", "HEAD") and pagecache.enabled():
            hit = self._lookup(environ)
            if hit is not None:
                body, headers = hit
                if self.on_hit is not None:
                    self.on_hit(environ.get("PATH_INFO", ""))
                start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
                return [b""] if method == "HEAD" else [body]
        return self.app(environ, start_response)

    def _lookup(self, environ: dict[str, Any]) -> tuple[bytes, list[tuple[str, str]]] | None:
        cookie = environ.get("HTTP_COOKIE", "")
        if cookie and any(name in cookie for name in _bypass_cookies()):
            return None
        secure = environ.get("HTTP_X_FORWARDED_PROTO", environ.get("wsgi.url_scheme")) == "https"
        if _insecure(secure):
            return None
        path, host = environ.get("PATH_INFO", ""), environ.get("HTTP_HOST", "")
        if not validate_host(split_domain_port(host)[0], self.hosts):
            return None  # Django answers 400 for a host it does not serve
        elder = bool(cookie and _ELDER.search(cookie))
        key = pagecache.key_for(path, environ.get("QUERY_STRING", ""), elder, host)
        if key is None:
            return None
        body = pagecache.read(pagecache.day_dir(self._day()), key)
        if body is None:
            return None
        ext, lang = pagecache.extension(path), pagecache.language(path)
        headers = self._headers.get((ext, lang, secure))
        if headers is None:
            headers = self._headers[(ext, lang, secure)] = response_headers(ext, lang, secure=secure)
        return body, headers
