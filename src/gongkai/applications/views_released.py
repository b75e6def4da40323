"""The files of information released with a reply (第三十六条第（二）项、第三十七条): staff add them on
the case page; staff and the verified applicant download them under the letters' rules (audited)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden  # rendered by the branded 403 page
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.applications import access, letter_services
from gongkai.applications.models import Application, ReleasedFile
from gongkai.applications.views_public import _verified_case_ids
from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError, NotFound, PermissionDenied


def _case(request: HttpRequest, pk: int) -> Application:
    app = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    if not access.can_view(request.user, app):
        raise Http404
    return app


@login_required
@require_POST
def add_released_file(request: HttpRequest, pk: int) -> HttpResponse:
    app = _case(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要公开的文件")
        return redirect("applications:case", pk=pk)
    try:
        released = letter_services.released_file_add(
            actor=Actor.from_request(request), application=app, upload=upload
        )
        messages.success(request, f"已添加公开文件“{released.original_name}”")
    except GongkaiError as e:
        messages.error(request, e.message)
    return redirect("applications:case", pk=pk)


def _response(actor: Actor, released: ReleasedFile) -> HttpResponseBase:
    try:
        file = letter_services.released_file_download(actor=actor, released=released)
    except NotFound as e:
        raise Http404(e.message) from e
    except PermissionDenied as e:
        raise Forbidden(e.message) from e
    response = HttpResponse(file.content, content_type=released.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(released.original_name)}"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def staff_released_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponseBase:
    app = _case(request, pk)
    released = get_object_or_404(app.released_files.select_related("application"), pk=file_id)
    return _response(Actor.from_request(request), released)


@never_cache
def public_released_file(request: HttpRequest, file_id: int) -> HttpResponseBase:
    """The verified applicant (tracker session) downloads the files released with the reply."""
    released = get_object_or_404(
        ReleasedFile.objects.select_related("application"),
        pk=file_id,
        letter__isnull=False,  # released with an issued reply, not a draft upload
        application_id__in=_verified_case_ids(request),
    )
    return _response(Actor.from_request(request, tracker_case_id=released.application_id), released)
