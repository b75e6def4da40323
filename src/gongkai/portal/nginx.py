"""The production recipe's nginx configuration, generated from the settings (``gongkai nginx-config``):
nginx serves the page cache's files and the static files itself, everything else goes to gongkai."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from gongkai.pages import store
from gongkai.portal.page_http import response_headers

TEMPLATE = Path(__file__).with_name("data") / "nginx.conf.in"


def _headers(indent: str = "        ") -> str:
    lines = []
    for name, value in response_headers("html", "zh-hans", secure=bool(settings.GONGKAI_HTTPS)):
        if name in ("Content-Type", "Content-Language", "Vary"):
            continue  # from the file's type and the URL, below
        lines.append(f'{indent}add_header {name} "{value}";')
    lines.append(f"{indent}add_header Content-Language $gongkai_lang;")
    lines.append(f"{indent}add_header Vary $gongkai_vary;")
    return "\n".join(lines)


def config(*, listen: str, upstream: str, access_log: str = "/var/log/nginx/access.log") -> str:
    """``access_log``: the site's usual log for the pages nginx serves itself ("off": none); it must be
    named here because the views log's directive would otherwise replace the inherited one."""
    hosts = [h for h in settings.ALLOWED_HOSTS if h not in ("*",)] or ["_"]
    names = " ".join(h.lstrip(".") if not h.startswith(".") else f"*{h}" for h in hosts)
    values = {
        "@@UPSTREAM@@": upstream,
        "@@LISTEN@@": listen,
        "@@SERVER_NAMES@@": names,
        "@@BODY_MB@@": str(int(settings.GONGKAI_MAX_STAFF_REQUEST_MB)),
        "@@PAGES@@": str(store.current_dir() / "p"),  # through the day's symlink
        "@@STATIC@@": str(settings.STATIC_ROOT),
        # Debian's list (nginx-common): a `types` block replaces the inherited one, so the static files'
        # location names it itself, whatever the http block includes.
        "@@MIME_TYPES@@": "/etc/nginx/mime.types",
        "@@SESSION_COOKIE@@": settings.SESSION_COOKIE_NAME,
        "@@MESSAGE_COOKIE@@": getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
        "@@HEADERS@@": _headers(),
        "@@ACCESS_LOG@@": "" if access_log == "off" else f"        access_log {access_log};",
        "@@VIEWS_LOG@@": str(store.views_log()),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text
