"""`/healthz`: for load balancers and monitoring (no personal data; never cached)."""

from __future__ import annotations

from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongkai.jobs import selectors


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers (``status`` says whether the worker keeps up); 503 when it does not."""
    try:
        return JsonResponse(selectors.health(), json_dumps_params={"ensure_ascii": False})
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
