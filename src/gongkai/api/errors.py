"""The API's one error shape ``{"code", "message", "fields"}`` (Chinese messages), the exception handlers
that produce it, and the ``responses`` every operation declares, so that OpenAPI lists each status an
operation can answer with."""

from __future__ import annotations

import logging
import math
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from gongkai.core.errors import GongkaiError

log = logging.getLogger(__name__)


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, str]


_STATUS = {
    "invalid_input": 400,
    "permission_denied": 403,
    "not_found": 404,
    "invalid_transition": 409,
}

#: What a client may always get, besides the operation's own statuses: a bad request and rate limiting.
COMMON: dict[int, type[Schema]] = {400: ErrorOut, 429: ErrorOut}
#: The staff operations (token) add: no or a bad token, and a role the token's user lacks.
STAFF: dict[int, type[Schema]] = {**COMMON, 401: ErrorOut, 403: ErrorOut}


def responses(ok: dict[int, Any], *extra: int, staff: bool = False) -> dict[int, Any]:
    """The ``response=`` of an operation: its success, the common errors, and ``extra`` error statuses
    (413 comes from :class:`gongkai.portal.security.RequestSizeLimitMiddleware`, in this same shape)."""
    return {**ok, **(STAFF if staff else COMMON), **dict.fromkeys(extra, ErrorOut)}


#: pydantic's error types, said in Chinese (``ctx`` fills the limits).
_MESSAGES = {
    "missing": "必填",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为字符串",
    "list_type": "应为数组",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "greater_than_equal": "不能小于{ge}",
    "greater_than": "应大于{gt}",
    "less_than_equal": "不能大于{le}",
    "less_than": "应小于{lt}",
    "string_too_long": "不能超过{max_length}个字符",
    "string_too_short": "不能少于{min_length}个字符",
    "too_long": "长度不能超过{max_length}",
    "enum": "应为以下之一：{expected}",
    "literal_error": "应为以下之一：{expected}",
    "extra_forbidden": "不认识的字段",
    "value_error": "{error}",
}


def _field_message(error: dict[str, Any]) -> str:
    template = _MESSAGES.get(str(error.get("type", "")), "取值无效")
    ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        message = template.format(**ctx)
    except (KeyError, IndexError):
        message = "取值无效"
    return message.removeprefix("Value error, ")


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, str] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


#: Messages of the statuses django-ninja raises itself (its own texts are English).
_HTTP_MESSAGES = {
    400: ("invalid_input", "请求体不是有效的 JSON"),
    404: ("not_found", "请求的对象不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
}


def install(api: NinjaAPI) -> None:
    """Registers the handlers that turn every error into the one shape."""

    def _gongkai(request: HttpRequest, exc: GongkaiError) -> HttpResponse:
        return error_response(api, request, _STATUS.get(exc.code, 400), exc.code, exc.message, exc.fields)

    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, str] = {}
        for e in exc.errors:
            loc = [str(x) for x in e.get("loc", []) if x not in ("body", "query", "path", "payload", "data")]
            fields.setdefault(".".join(loc) or "request", _field_message(e))
        return error_response(api, request, 400, "invalid_input", "请求参数有误", fields)

    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            api, request, 401, "unauthorized", "缺少或无效的接口令牌（Authorization: Bearer …）"
        )

    def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = max(1, math.ceil(exc.wait or 60))
        response = error_response(api, request, 429, "rate_limited", f"请求过于频繁，请{wait}秒后再试")
        response["Retry-After"] = str(wait)
        return response

    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code, message = _HTTP_MESSAGES.get(exc.status_code, ("error", "请求有误"))
        return error_response(api, request, exc.status_code, code, message)

    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", "请求的对象不存在")

    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The traceback names code, not the request's content (which may carry personal data).
        log.exception("API error on %s %s", request.method, request.path)
        return error_response(api, request, 500, "server_error", "服务器内部错误，请稍后再试")

    api.add_exception_handler(GongkaiError, _gongkai)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, _validation)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, _auth)  # type: ignore[arg-type]
    api.add_exception_handler(Throttled, _throttled)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, _http)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, _not_found)  # type: ignore[arg-type]
    api.add_exception_handler(Exception, _unexpected)  # type: ignore[arg-type]
