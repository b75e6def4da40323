"""Abuse resistance and response hygiene for every page: request size caps, per-address rate limits with a
Chinese 429 page, the login lockout page, ``Cache-Control: no-store`` where personal data is shown, and short
anonymous sessions. Settings: README, "Configuration" and "Deployment"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from gongkai.core import services as core_services
from gongkai.core.context import Actor
from gongkai.core.net import client_address

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _notice(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """The portal's branded page for a refused request, or the API's JSON error shape under /api/."""
    if _is_api(request):
        code = {413: "request_too_large", 429: "rate_limited"}.get(status, "refused")
        return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    context = {"title": title, "message": message, "status": status}
    response = render(request, "429.html", context, status=status)
    add_never_cache_headers(response)
    return response


# ------------------------------------------------------------------------------------------ middleware
class RequestSizeLimitMiddleware:
    """Refuses a request whose announced body exceeds the cap with 413, before anything reads the body.

    The public cap fits the application form's attachments; signed-in staff get the larger staff cap.
    A body without Content-Length is never read past zero bytes by Django's WSGI handler.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats an unparsable length as an empty body
        cap_mb = int(settings.GONGKAI_MAX_REQUEST_MB)
        if length > cap_mb * 1024 * 1024 and hasattr(request, "user") and request.user.is_authenticated:
            cap_mb = int(settings.GONGKAI_MAX_STAFF_REQUEST_MB)  # looked up only for large requests
        if length > cap_mb * 1024 * 1024:
            message = _("提交的内容过大（超过%(mb)sMB），请减少或压缩附件后再提交。") % {"mb": cap_mb}
            response = _notice(request, 413, _("提交的内容过大"), message)
            response["Connection"] = "close"  # the unread body must not be taken for the next request
            return response
        return self.get_response(request)


class SessionPolicyMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user (staff pages show personal data),
    and a short lifetime for anonymous sessions (staff sessions keep SESSION_COOKIE_AGE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            if session is not None and session.get("_session_expiry") is not None:
                session.set_expiry(None)  # a session that began anonymous and then signed in
        elif session is not None and session.modified and not session.is_empty():
            session.set_expiry(int(settings.GONGKAI_ANONYMOUS_SESSION_SECONDS))
        return response


# ------------------------------------------------------------------------------------------ rate limits
#: WSGI environ key set only by the web worker's own warm-up requests (a client cannot send a key with a
#: dot: its headers arrive as HTTP_*).
WARM_UP_KEY = "gongkai.warm_up"


def rate_limited(group: str, rate_setting: str, method: str | list[str] = "POST") -> Callable[[View], View]:
    """Per client address, at most the rate in ``settings.<rate_setting>`` (read per request, so tests and
    operators can change it) for ``method`` requests to the decorated view; over it, the 429 page."""

    def rate(_group: str, request: HttpRequest) -> str | None:
        if request.META.get(WARM_UP_KEY):
            return None  # a web worker warming itself up (gongkai.wsgi): not a client, not counted
        return str(getattr(settings, rate_setting))

    def decorator(view: View) -> View:
        limit = ratelimit(group=f"gongkai.{group}", key="ip", rate=rate, method=method, block=True)
        limited: View = limit(view)
        return limited

    return decorator


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """RATELIMIT_VIEW: the Chinese 429 page."""
    message = _("您的操作过于频繁，请稍后再试。如需帮助，请联系受理机关。")
    response = _notice(request, 429, _("操作过于频繁"), message)
    response["Retry-After"] = "600"
    return response


# ------------------------------------------------------------------------------------------ login lockout
def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the Chinese lockout page (staff login and /admin/ alike); the lockout itself is
    audited once, on the failure that reached the limit."""
    from axes.helpers import get_client_username

    if getattr(request, "axes_failures_since_start", None) == int(settings.AXES_FAILURE_LIMIT):
        core_services.login_lockout_record(
            actor=Actor.public(client_address(request)),
            username=str(get_client_username(request, credentials) or ""),
            failures=int(settings.AXES_FAILURE_LIMIT),
        )
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "登录失败次数过多，该账号在本网络地址的登录已暂时锁定。请在%(minutes)s分钟后再试；"
        "锁定期间再次尝试会重新计时。如忘记密码，请联系本机关的系统管理员。"
    ) % {"minutes": minutes}
    return _notice(request, 429, _("登录已暂时锁定"), message)


def lockout_log_label(username: str, ip_address: str, user_agent: str, path_info: Any, request: Any) -> str:
    """AXES_CLIENT_STR_CALLABLE: how django-axes names a client in the log — the path only, never the
    username or address (both stay in its database tables, readable by administrators)."""
    path = path_info[0] if isinstance(path_info, (list, tuple)) else path_info
    return f"{{path_info: {str(path)[:100]!r}}}"
