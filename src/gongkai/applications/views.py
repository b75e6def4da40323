"""Staff pages of 依申请公开: the inbox, registration and the case page (public pages: views_public)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden  # rendered by the branded 403 page
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.applications import access, forms, letter_services, selectors, services
from gongkai.applications.models import Application, Channel
from gongkai.applications.states import Status, actions_for
from gongkai.applications.views_public import (  # re-exported: the URLconf names every view here
    _form_token,
    _own_receipts,
    _own_token,
    _remember_token,
    apply,
    choose_agency,
    letter_response,
    public_letter,
    submitted,
    submitted_text,
    track,
    track_withdraw,
)
from gongkai.core import clock
from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError, InvalidInput
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency, StaffRole
from gongkai.orgs.roles import AGENCY_ROLES
from gongkai.portal import params

__all__ = [
    "apply",
    "choose_agency",
    "public_letter",
    "submitted",
    "submitted_text",
    "track",
    "track_withdraw",
]


# ------------------------------------------------------------------------------------------ staff
def _my_agencies(user: Any) -> list[Agency]:
    ids = StaffRole.objects.filter(user=user, role__in=AGENCY_ROLES).values_list("agency_id", flat=True)
    return list(
        Agency.objects.filter(pk__in=ids).select_related("division").order_by("division__path", "sort_order")
    )


def _chosen_agency(request: HttpRequest, agencies: list[Agency]) -> Agency:
    """The agency of ``?agency=`` among the user's (404 if it is not one of them), else the first."""
    agency_id = params.id_param(request, "agency")
    if agency_id is None:
        return agencies[0]
    chosen = next((a for a in agencies if a.pk == agency_id), None)
    if chosen is None:
        raise Http404(_("您不在该机关任职，无法查看其申请"))
    return chosen


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    agencies = _my_agencies(request.user)
    if not agencies:
        messages.info(request, "您不是任何机关的经办人、负责人或保密审查员")
        return redirect("portal:staff_home")
    agency = _chosen_agency(request, agencies)
    everything = "status" in request.GET  # "?status=" lists every state; no parameter, the open ones
    status = params.choice_param(
        request, "status", {"open", *Status.values}, default="" if everything else "open"
    )
    flag = params.choice_param(request, "flag", {"overdue", "due_soon"})
    mine = params.choice_param(request, "mine", {"0", "1"}) == "1"
    channel = params.choice_param(request, "channel", set(Channel.values))
    qs = selectors.inbox(
        agency, status=status, flag=flag, handler_id=request.user.pk if mine else None, channel=channel
    )
    page = Paginator(qs, 30).get_page(params.page_param(request))
    return render(
        request,
        "applications/inbox.html",
        {
            "agencies": agencies,
            "agency": agency,
            "reminders": selectors.open_reminders(agency),
            "page": page,
            "rows": selectors.inbox_rows(page.object_list),
            "today": clock.today(),
            "status": status,
            "flag": flag,
            "mine": mine,
            "channel": channel,
            "channels": Channel.choices,
            "statuses": Status.choices,
        },
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    agencies = [a for a in _my_agencies(request.user) if org_access.can_handle_cases(request.user, a)]
    if not agencies:
        raise Forbidden(_("只有经办人或负责人可以登记申请"))
    agency = _chosen_agency(request, agencies)
    form = forms.StaffApplicationForm(
        request.POST or None, initial={"token": _form_token(request), "received_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data.get("token") or None
        try:
            sub = services.application_submit(
                actor=Actor.from_request(request),
                agency=agency,
                applicant=services.ApplicantData(**form.applicant_kwargs()),
                request=services.RequestData(**form.request_kwargs()),
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                idempotency_key=token,
                replay_allowed=_own_token(request, token),
                own_receipts=_own_receipts(request),
            )
        except InvalidInput as e:
            form.add_service_errors(e)
        except GongkaiError as e:
            form.add_error(None, e.message)
        else:
            _remember_token(request, token)
            messages.success(
                request, f"已登记，申请编号 {sub.application.receipt_number}，查询码 {sub.query_code}"
            )
            return redirect("applications:case", pk=sub.application.pk)
    return render(
        request, "applications/register.html", {"form": form, "agency": agency, "agencies": agencies}
    )


_ACTIONS: dict[
    str, tuple[type[forms.ServiceErrorsMixin] | None, Callable[[Actor, Application, dict[str, Any]], Any]]
] = {
    "confirm": (
        forms.OnDateForm,
        lambda a, app, d: services.application_confirm_receipt(actor=a, application=app, on=d["on"]),
    ),
    "start": (None, lambda a, app, d: services.application_start(actor=a, application=app)),
    "correction": (
        forms.CorrectionForm,
        lambda a, app, d: services.application_request_correction(
            actor=a, application=app, items=d["items"], deadline=d["deadline"], on=d["on"]
        ),
    ),
    "corrected": (
        forms.OnDateForm,
        lambda a, app, d: services.application_receive_correction(actor=a, application=app, on=d["on"]),
    ),
    "close_uncorrected": (
        forms.OnDateForm,
        lambda a, app, d: services.application_close_uncorrected(actor=a, application=app, on=d["on"]),
    ),
    "consult": (
        forms.ConsultationForm,
        lambda a, app, d: services.application_start_consultation(
            actor=a, application=app, kind=d["kind"], party=d["party"], reason=d["reason"], on=d["on"]
        ),
    ),
    "consulted": (
        forms.EndConsultationForm,
        lambda a, app, d: services.application_end_consultation(
            actor=a,
            application=app,
            on=d["on"],
            note=d["note"],
            third_party_objected=d["third_party_objected"],
            disclose=d["disclose"],
            disclose_reason=d["disclose_reason"],
        ),
    ),
    "ask_reasons": (
        forms.AskReasonsForm,
        lambda a, app, d: services.application_ask_reasons(
            actor=a, application=app, note=d["note"], on=d["on"]
        ),
    ),
    "reasons_answered": (
        forms.ReasonsAnsweredForm,
        lambda a, app, d: services.application_reasons_answered(
            actor=a,
            application=app,
            reasons_text=d["reasons_text"],
            accepted=d["accepted"],
            reasonable_due=d["reasonable_due"],
            basis=d["basis"],
            on=d["on"],
        ),
    ),
    "set_items": (
        forms.ItemsForm,
        lambda a, app, d: services.application_set_items(
            actor=a, application=app, items=d["items"], reason=d["reason"]
        ),
    ),
    "fee_delivered": (
        forms.FeeDeliveredForm,
        lambda a, app, d: services.application_fee_delivered(
            actor=a, application=app, on=d["on"], method=d["method"]
        ),
    ),
    "extend": (
        forms.ExtensionForm,
        lambda a, app, d: services.application_extend(
            actor=a, application=app, days=d["days"], reason=d["reason"], on=d["on"]
        ),
    ),
    "fee_notice": (
        forms.FeeNoticeForm,
        lambda a, app, d: services.application_fee_notice(
            actor=a,
            application=app,
            method=d["method"],
            items=d["items"] or None,
            pages=d["pages"] or 0,
            on=d["on"],
        ),
    ),
    "fee_paid": (
        forms.OnDateForm,
        lambda a, app, d: services.application_fee_paid(actor=a, application=app, on=d["on"]),
    ),
    "close_unpaid": (
        forms.OnDateForm,
        lambda a, app, d: services.application_close_unpaid(actor=a, application=app, on=d["on"]),
    ),
    "decide": (
        forms.DecisionForm,
        lambda a, app, d: services.application_decide(
            actor=a,
            application=app,
            outcome=d["outcome"],
            basis=d["basis"],
            on=d["on"],
            **{f: d[f] for f in forms.DECISION_INPUTS},
        ),
    ),
    "approve": (
        forms.ApproveForm,
        lambda a, app, d: services.application_approve(actor=a, application=app, on=d["on"]),
    ),
    "return": (
        forms.ReturnForm,
        lambda a, app, d: services.application_return(actor=a, application=app, note=d["note"]),
    ),
    "deliver": (
        forms.OnDateForm,
        lambda a, app, d: services.application_deliver(actor=a, application=app, on=d["on"]),
    ),
    "withdraw": (
        forms.WithdrawForm,
        lambda a, app, d: services.application_withdraw(actor=a, application=app, reason=d["reason"]),
    ),
}


def _case_context(
    request: HttpRequest, app: Application, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    today = clock.today()
    action_forms = {}
    for name in _offered_actions(request, app):
        form_class = _ACTIONS[name][0]
        if bound and name in bound:
            action_forms[name] = bound[name]
        elif form_class is not None:
            action_forms[name] = form_class(prefix=name, initial={"on": today})
        else:
            action_forms[name] = None
    return {
        "app": app,
        "applicant": selectors.applicant_masked(app.applicant),
        "timeline": selectors.case_timeline(app),
        "can_approve_decision": access.can_approve_decision(request.user, app),
        "pauses": app.pauses.all(),
        # 第三十二条、第三十四条: working days a consultation ran beyond 15 (show "征求意见超过15个工作日").
        "consultation_overrun": selectors.consultation_overrun(app, today),
        "actions": action_forms,
        "can_handle": access.can_handle(request.user, app),
        "can_view_pii": access.can_view_personal_data(request.user, app),
        "can_approve": access.can_approve_extension(request.user, app),
        # Letters are listed to everyone who sees the case, downloadable by the handling agency only.
        "letters": app.letters.all(),
        "letter_kinds": letter_services.issuable_kinds(app),
        "can_download_letters": access.can_download_letter(Actor.from_request(request), app),
        "appeals": [(a, forms.AppealConclusionForm(prefix=f"conclude-{a.pk}")) for a in app.appeals.all()],
        "appeal_form": forms.AppealForm(prefix="appeal"),
    }


def _offered_actions(request: HttpRequest, app: Application) -> list[str]:
    """The steps the case page offers: approving or returning a proposed reply only to a 负责人 who did not
    propose it (the service refuses anyone else anyway)."""
    reviewer = access.can_approve_decision(request.user, app) and app.proposed_by_id != request.user.pk
    offered = [n for n in actions_for(app.status) if n in _ACTIONS]  # a step without a form yet: not offered
    return [n for n in offered if reviewer or n not in ("approve", "return")]


def _case_or_404(request: HttpRequest, pk: int) -> Application:
    app = get_object_or_404(
        Application.objects.select_related("agency", "applicant", "handler", "proposed_by", "approved_by"),
        pk=pk,
    )
    if not access.can_view(request.user, app):
        raise Http404
    return app


@login_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    from gongkai.supervision.services import urges_mark_seen

    app = _case_or_404(request, pk)
    urges_mark_seen(actor=Actor.from_request(request), application=app)  # the agency's staff saw the 催办
    return render(request, "applications/case.html", _case_context(request, app))


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    app = _case_or_404(request, pk)
    if action not in _ACTIONS:
        raise Http404
    form_class, call = _ACTIONS[action]
    form = form_class(request.POST, prefix=action) if form_class else None
    if form is not None and not form.is_valid():
        return render(
            request, "applications/case.html", _case_context(request, app, {action: form}), status=400
        )
    try:
        call(Actor.from_request(request), app, form.cleaned_data if form else {})
    except InvalidInput as e:
        if form is None:
            messages.error(request, e.message)
            return redirect("applications:case", pk=pk)
        form.add_service_errors(e)
        return render(
            request, "applications/case.html", _case_context(request, app, {action: form}), status=400
        )
    except GongkaiError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已办理")
    return redirect("applications:case", pk=pk)


@login_required
@require_POST
def reveal_applicant(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the unmasked applicant (handling agency only); the view is audited by the service."""
    app = _case_or_404(request, pk)
    try:
        person = services.applicant_personal_data(actor=Actor.from_request(request), application=app)
    except GongkaiError as e:
        raise Forbidden(e.message) from e
    context = _case_context(request, app) | {"applicant_full": person}
    return render(request, "applications/case.html", context)


@login_required
def staff_letter(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> HttpResponseBase:
    app = _case_or_404(request, pk)
    letter = get_object_or_404(app.letters.select_related("application"), pk=letter_id)
    return letter_response(Actor.from_request(request), letter, fmt)


@login_required
@require_POST
def issue_letter(request: HttpRequest, pk: int) -> HttpResponse:
    app = _case_or_404(request, pk)
    try:
        letter = letter_services.letter_issue(
            actor=Actor.from_request(request), application=app, kind=request.POST.get("kind", "")
        )
        messages.success(request, f"已出具{letter.title}（{letter.number}）")
    except GongkaiError as e:
        messages.error(request, e.message)
    return redirect("applications:case", pk=pk)


@login_required
def staff_attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    from django.http import FileResponse

    app = _case_or_404(request, pk)
    try:
        att = services.attachment_open(
            actor=Actor.from_request(request), application=app, attachment_id=attachment_id
        )
    except GongkaiError as e:
        raise Forbidden(e.message) from e
    return FileResponse(
        att.file.open("rb"), as_attachment=True, filename=att.original_name, content_type=att.content_type
    )


@login_required
@require_POST
def record_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    from gongkai.appeals import services as appeal_services

    app = _case_or_404(request, pk)
    form = forms.AppealForm(request.POST, prefix="appeal")
    if form.is_valid():
        try:
            appeal_services.appeal_record(
                actor=Actor.from_request(request),
                agency=app.agency,
                application=app,
                kind=form.cleaned_data["kind"],
                filed_on=form.cleaned_data["filed_on"],
                case_number=form.cleaned_data["case_number"],
                body=form.cleaned_data["body"],
            )
            messages.success(request, "已登记复议诉讼案件")
        except GongkaiError as e:
            messages.error(request, e.message)
    else:
        problems = [f"{form.fields[f].label}：{' '.join(map(str, e))}" for f, e in form.errors.items()]
        messages.error(request, "；".join(problems))
    return redirect("applications:case", pk=pk)


@login_required
@require_POST
def conclude_appeal(request: HttpRequest, pk: int, appeal_id: int) -> HttpResponse:
    from gongkai.appeals import services as appeal_services

    app = _case_or_404(request, pk)
    appeal = get_object_or_404(app.appeals, pk=appeal_id)
    form = forms.AppealConclusionForm(request.POST, prefix=f"conclude-{appeal_id}")
    if form.is_valid():
        try:
            appeal_services.appeal_conclude(
                actor=Actor.from_request(request),
                appeal=appeal,
                result=form.cleaned_data["result"],
                on=form.cleaned_data["on"],
            )
            messages.success(request, "已登记审结结果")
        except GongkaiError as e:
            messages.error(request, e.message)
    return redirect("applications:case", pk=pk)
