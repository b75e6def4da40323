"""Public pages of 依申请公开: the form, the receipt, the tracker (with withdrawal), the letters."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden  # rendered by the branded 403 page
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from gongkai.applications import forms, letter_services, selectors, services
from gongkai.applications.models import Application, Letter
from gongkai.applications.states import actions_for
from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError, InvalidInput, NotFound, PermissionDenied
from gongkai.orgs import access as org_access
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Agency
from gongkai.portal import params
from gongkai.portal.page_http import public_page
from gongkai.portal.security import rate_limited


# ------------------------------------------------------------------------------------------ public
@public_page("q", "page")
def choose_agency(request: HttpRequest) -> HttpResponse:
    """Find the agency to apply to by (part of) its name or 简称: the true number of matches, 20 a page."""
    q = params.text_param(request, "q", max_length=50)
    number = params.page_param(request)
    page = Paginator(org_selectors.agencies_named(q), 20).get_page(number) if q else None
    agencies = list(page.object_list) if page else []
    places = org_selectors.division_places(list({a.division_id: a.division for a in agencies}.values()))
    context = {
        "q": q,
        "page": page,
        "agencies": [(a, places[a.division_id]) for a in agencies],
        "total": page.paginator.count if page else 0,
        "query": urlencode({"q": q}),
    }
    return render(request, "applications/choose_agency.html", context)


def _submissions_left(request: HttpRequest, *, count: bool = False) -> tuple[bool, int]:
    """(may submit, minutes until the window ends) under GONGKAI_RATE_APPLY per client address. Only
    accepted applications count (``count=True`` records one): a citizen who gets fields wrong several
    times is never locked out of the form, and keeps what was typed when the limit is reached."""
    usage = get_usage(
        request,
        group="gongkai.apply-accepted",
        key="ip",
        rate=str(settings.GONGKAI_RATE_APPLY),
        method="POST",
        increment=count,
    )
    if usage is None:
        return True, 0
    allowed = usage["count"] <= usage["limit"] if count else usage["count"] < usage["limit"]
    return allowed, max(1, (int(usage["time_left"]) + 59) // 60)


@never_cache
@rate_limited("apply", "GONGKAI_RATE_APPLY_ATTEMPTS")  # a flood of posts, valid or not
def apply(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=agency_id, is_active=True)
    form = forms.ApplicationForm(
        request.POST or None,
        request.FILES or None,
        initial={} if request.method == "POST" else {"token": _form_token(request)},
    )
    status = 200
    allowed, minutes = _submissions_left(request) if request.method == "POST" else (True, 0)
    if not allowed:
        form.is_valid()  # the typed values and their own errors stay on the page
        form.add_error(
            None,
            _("本网络地址提交的申请已达上限，请在%(m)s分钟后再提交；您填写的内容已保留。") % {"m": minutes},
        )
        status = 429
    elif request.method == "POST" and form.is_valid():
        token = form.cleaned_data.get("token") or None
        try:
            sub = services.application_submit(
                actor=Actor.from_request(request),
                agency=agency,
                applicant=services.ApplicantData(**form.applicant_kwargs()),
                request=services.RequestData(**form.request_kwargs()),
                idempotency_key=token,
                attachments=form.cleaned_data.get("attachments") or [],
                replay_allowed=_own_token(request, token),
                own_receipts=_own_receipts(request),
            )
        except InvalidInput as e:
            form.add_service_errors(e)
        except GongkaiError as e:  # e.g. staff of another agency: explained, not a 500
            form.add_error(None, e.message)
            status = 403
        else:
            if sub.created:
                _submissions_left(request, count=True)
            _remember_token(request, token)
            request.session[f"code:{sub.application.receipt_number}"] = sub.query_code
            if not sub.created:
                messages.info(request, _("您刚才已提交过相同的申请，没有重复提交；以下是该申请的回执。"))
            return redirect("applications:submitted", receipt=sub.application.receipt_number)
    context = {"agency": agency, "form": form, "staff_notice": _staff_notice(request, agency)}
    return render(request, "applications/apply.html", context, status=status)


def _staff_notice(request: HttpRequest, agency: Agency) -> str:
    """What a logged-in staff member opening the public form needs to know ("" for the public)."""
    if not request.user.is_authenticated:
        return ""
    if org_access.can_handle_cases(request.user, agency):
        return _(
            "您已以工作人员身份登录：在此提交的申请记为本机关工作人员代为提交。"
            "登记信函、传真或当面提交的申请，请使用工作台的“登记申请”；以个人身份申请，请先退出登录。"
        )
    return _(
        "您已以工作人员身份登录，但不是本机关的经办人，不能以工作人员身份提交此申请。"
        "以个人身份申请，请先退出登录。"
    )


_TOKENS = "form_tokens"  # session key: the submission tokens this session was given (or first used)


def _form_token(request: HttpRequest) -> str:
    """A fresh idempotency key for a form, remembered as this session's own (a replay returns the receipt
    to this session only, even when a double click's second request runs before the first one ends)."""
    token = uuid.uuid4().hex
    _remember_token(request, token)
    return token


def _remember_token(request: HttpRequest, token: str | None) -> None:
    if token and not _own_token(request, token):
        request.session[_TOKENS] = [*request.session.get(_TOKENS, [])[-19:], token]


def _own_receipts(request: HttpRequest) -> list[str]:
    """The receipts this session filed (their query codes are kept under "code:<receipt>")."""
    return [k.removeprefix("code:") for k in request.session.keys() if k.startswith("code:")]  # noqa: SIM118  # SessionBase is not iterable


def _own_token(request: HttpRequest, token: str | None) -> bool:
    return bool(token) and token in request.session.get(_TOKENS, [])


def _own_receipt(request: HttpRequest, receipt: str) -> tuple[Application, str]:
    """A receipt this session filed, with its query code (404 for any other)."""
    code = request.session.get(f"code:{receipt}")
    if code is None:
        raise Http404
    apps = Application.objects.select_related("agency", "applicant")
    return get_object_or_404(apps, receipt_number=receipt), code


@never_cache
def submitted(request: HttpRequest, receipt: str) -> HttpResponse:
    app, code = _own_receipt(request, receipt)
    return render(request, "applications/submitted.html", {"app": app, "code": code})


@never_cache
def submitted_text(request: HttpRequest, receipt: str) -> HttpResponse:
    """The receipt to keep, as a plain-text file (number, code, agency, what happens next)."""
    app, code = _own_receipt(request, receipt)
    text = render_to_string("applications/receipt.txt", {"app": app, "code": code}, request=request)
    response = HttpResponse(text.replace("\n", "\r\n"), content_type="text/plain; charset=utf-8")
    filename = _("政府信息公开申请回执-%s.txt") % app.receipt_number
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("query_code")
@never_cache
@rate_limited("track", "GONGKAI_RATE_TRACK")
def track(request: HttpRequest) -> HttpResponse:
    """The query code comes by POST only (never in a URL, hence never in access logs or Referer)."""
    form = forms.TrackForm(request.POST if request.method == "POST" else None)
    app = None
    if form.is_bound and form.is_valid():
        app = selectors.track(form.cleaned_data["receipt_number"], form.cleaned_data["query_code"])
        if app is None:
            form.add_error(None, "申请编号或查询码不正确，请核对后重新输入")
        else:
            _remember_verified(request, app)
    return _track_page(request, form, app)


_VERIFIED = "tracked"  # session key: the cases this session proved (number + code) to be its own


def _verified_case_ids(request: HttpRequest) -> list[int]:
    return [i for i in request.session.get(_VERIFIED, []) if isinstance(i, int)]


def _remember_verified(request: HttpRequest, app: Application) -> None:
    """The verified tracker session: later requests (letters, withdrawal) need the case here, not the code."""
    if not _verified_case_ids(request):
        request.session.cycle_key()  # a new session id once it carries a verified case (no fixation)
    request.session[_VERIFIED] = [*[i for i in _verified_case_ids(request) if i != app.pk][-19:], app.pk]


def _track_page(
    request: HttpRequest,
    form: forms.TrackForm,
    app: Application | None,
    withdraw_form: forms.PublicWithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "app": app}
    if app is not None:
        context |= {
            "letters": app.letters.filter(recipient=""),  # not those addressed to a third party
            "released_files": app.released_files.filter(letter__isnull=False),  # sent with the reply
            "timeline": selectors.public_steps(app),
            "plain_status": selectors.plain_status(app),
            "withdraw_form": withdraw_form or forms.PublicWithdrawForm(),
            "can_withdraw": "withdraw" in actions_for(app.status),
        }
    return render(request, "applications/track.html", context, status=status)


@require_POST
@sensitive_post_parameters("query_code")
@never_cache
@rate_limited("track", "GONGKAI_RATE_TRACK")
def track_withdraw(request: HttpRequest) -> HttpResponse:
    """Withdraw a case this session verified on the tracker, or that this POST verifies (number + code)."""
    app = Application.objects.filter(
        receipt_number=request.POST.get("receipt_number", "").strip().upper()[:32],
        pk__in=_verified_case_ids(request),
    ).first()
    check = forms.TrackForm(request.POST)
    if app is None and check.is_valid():
        app = selectors.track(check.cleaned_data["receipt_number"], check.cleaned_data["query_code"])
        if app is not None:
            _remember_verified(request, app)
    if app is None:
        raise Forbidden(_("请先凭申请编号和查询码查询该申请，再撤回"))
    confirm = forms.PublicWithdrawForm(request.POST)
    if not confirm.is_valid():  # not confirmed: the tracker again, the reason kept, nothing withdrawn
        return _track_page(request, forms.TrackForm(), app, withdraw_form=confirm, status=400)
    try:
        services.application_withdraw(
            actor=Actor.from_request(request, tracker_case_id=app.pk),
            application=app,
            reason=confirm.cleaned_data["reason"],
        )
        messages.success(request, "已撤回申请")
    except GongkaiError as e:
        messages.error(request, e.message)
    app.refresh_from_db()
    return _track_page(request, forms.TrackForm(), app)


# ------------------------------------------------------------------------------------------ letters
def letter_response(actor: Actor, letter: Letter, fmt: str) -> HttpResponseBase:
    """The file, for whom :func:`letter_services.letter_download` allows (it audits every download)."""
    try:
        file = letter_services.letter_download(actor=actor, letter=letter, fmt=fmt)
    except NotFound as e:
        raise Http404(e.message) from e
    except PermissionDenied as e:
        raise Forbidden(e.message) from e  # the branded 403 page, with the reason
    except GongkaiError as e:  # LibreOffice unavailable for the PDF
        return HttpResponse(e.message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(file.content, content_type=file.content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(file.filename)}"
    response["Cache-Control"] = "no-store"
    return response


@never_cache  # a letter names the applicant: no shared cache may keep it
def public_letter(request: HttpRequest, letter_id: int, fmt: str) -> HttpResponseBase:
    """Applicants download letters of the cases this session verified on the tracker (number + code)."""
    letter = get_object_or_404(
        Letter.objects.select_related("application"),
        pk=letter_id,
        application_id__in=_verified_case_ids(request),
    )
    return letter_response(Actor.from_request(request, tracker_case_id=letter.application_id), letter, fmt)
