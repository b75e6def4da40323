"""The error pages (400, 403, 404, 500 and the CSRF failure), in Chinese and in the portal's layout.

A message is shown only when it was written for the public: a :class:`~gongkai.portal.params.BadParameter`
or an ``Http404``/``PermissionDenied`` raised with a Chinese message by our views; Django's own messages
("No Publication matches the given query.") and anything technical stay in the log.
The 500 page renders without the request, the database and the context processors (any of them may be
what failed), and falls back to a plain page if even the template cannot be rendered.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from gongkai.portal import context
from gongkai.portal.params import BadParameter

log = logging.getLogger(__name__)

_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_FALLBACK_500 = (
    '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>服务器内部错误</title></head>'
    "<body><h1>服务器内部错误</h1><p>系统暂时无法处理您的请求，请稍后再试。</p>"
    '<p><a href="/">返回首页</a></p></body></html>'
)


def public_message(exception: BaseException | None) -> str:
    """The exception's message if it was written for the public (Chinese text of our own), else "".
    On the English pages (/en/) such a message gives way to the page's English explanation unless the
    catalogue translates it (a BadParameter's message is translated where it is raised)."""
    if isinstance(exception, BadParameter):
        return exception.message
    message = exception.args[0] if exception is not None and exception.args else ""
    if not isinstance(message, str) or not _CHINESE.search(message) or len(message) > 300:
        return ""
    if (get_language() or "zh-hans").startswith("zh"):
        return message
    translated = _(message)
    return "" if _CHINESE.search(translated) else translated


def _page(request: HttpRequest, template: str, status: int, message: str) -> HttpResponse:
    body = loader.render_to_string(template, {"message": message}, request=request)
    return HttpResponse(body, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return _page(request, "400.html", 400, public_message(exception))


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return _page(request, "403.html", 403, public_message(exception))


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: BaseException) -> HttpResponse:
    if request.path.startswith("/api/"):  # an unknown API path answers in the API's one error shape
        body = {"code": "not_found", "message": "接口不存在，请查阅 /api/docs", "fields": {}}
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    return _page(request, "404.html", 404, public_message(exception))


def server_error(request: HttpRequest) -> HttpResponse:
    site_name = str(settings.GONGKAI_SITE_NAME or _("政府信息公开平台"))
    # Without the request and the database (either may be what failed): the footer from settings alone.
    page = {"SITE_NAME": site_name, **context.footer(sponsor=context.sponsor_without_database())}
    body: str
    try:
        body = loader.render_to_string("500.html", page)
    except Exception:  # the page that reports a failure must not fail itself
        log.exception("the 500 page could not be rendered")
        body = _FALLBACK_500
    return HttpResponse(body, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without a valid token (an expired page, cookies off, another site)."""
    log.warning("CSRF failure on %s: %s", request.path, reason)
    message = _("页面已过期或浏览器未启用Cookie，表单未能提交。请返回上一页，刷新后重新提交。")
    return _page(request, "403.html", 403, message)
