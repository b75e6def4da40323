"""The staff side of 联合发文: the named agency's 负责人 accepts or declines from the 主动公开 workbench
(the list itself is on :func:`gongkai.publications.views.staff_list`). Thin: access, service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError
from gongkai.publications import access, co_issues
from gongkai.publications.models import CoIssue
from gongkai.publications.services import MAX_ID

_DECISIONS = {"accept": co_issues.co_issue_accept, "decline": co_issues.co_issue_decline}


@login_required
@require_POST
def staff_co_issue(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    decide = _DECISIONS.get(decision)
    item = CoIssue.objects.select_related("agency").filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if decide is None or item is None or not access.can_decide_co_issue(request.user, item):
        raise Http404
    try:
        decide(actor=Actor.from_request(request), co_issue=item)
    except GongkaiError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已同意联合发文") if decision == "accept" else _("已拒绝联合发文"))
    return redirect("publications:staff_list")
