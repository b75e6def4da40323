"""Report pages: the public list and report page; the staff preparation, review and supervision pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.core import clock, report_formats
from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency
from gongkai.portal import params
from gongkai.portal.page_http import public_page
from gongkai.reports import access, narrative, selectors, services, states
from gongkai.reports import render as rendering
from gongkai.reports.models import AnnualReport
from gongkai.supervision import report_urges


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


_FORMATS: dict[str, tuple[str, Callable[[dict[str, Any]], bytes]]] = {
    "json": ("application/json; charset=utf-8", _json),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", rendering.to_xlsx),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", rendering.to_docx),
    "pdf": ("application/pdf", rendering.to_pdf),
}


@public_page("year", "agency")
def public_list(request: HttpRequest) -> HttpResponse:
    """Published reports by the organisation's full name and year, filtered by year or agency."""
    year = params.year_param(request, default=0) or None
    agency_id = params.id_param(request, "agency")
    entries = selectors.published_reports(year=year, agency_id=agency_id)
    context = {"entries": entries, "year": year, "years": selectors.published_years(), "agency_id": agency_id}
    return render(request, "reports/list.html", context)


@public_page()
def public_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk, status=AnnualReport.Status.PUBLISHED)
    data = services.current(report)
    downloads = [(f.upper(), reverse("reports:download", args=[pk, f])) for f in _FORMATS]
    note = f"第{report.version}版（更正：{report.correction_note}）" if report.version > 1 else ""
    return render(
        request,
        "reports/report.html",
        rendering.html_context(data) | {"downloads": downloads, "status_note": note},
    )


def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    if report.status != AnnualReport.Status.PUBLISHED and not access.can_view_draft(request.user, report):
        raise Http404
    if fmt not in _FORMATS:
        raise Http404
    content_type, make = _FORMATS[fmt]
    data = services.current(report)
    try:
        body = make(data)
    except GongkaiError as e:
        return HttpResponse(e.message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=report-{report.year}-{pk}.{fmt}"
    return response


@login_required
def supervision(request: HttpRequest, code: str, year: int) -> HttpResponse:
    division, year = params.division_or_404(code), params.path_year(year)
    if not org_access.can_supervise_division(request.user, division):
        raise Http404
    today = clock.today()
    rows = selectors.expected_reports(division, year)
    checked = [(r, r.problems()) for r in rows]  # the checker over every subordinate report, in one batch
    urged = report_urges.latest_urges(division, year)
    context = {
        "checked": [
            (r, problems, urged.get(_target_key(r)), _flag(r, today), _open(r)) for r, problems in checked
        ],
        "division": division,
        "year": year,
        "years": report_years(),
        "rows": rows,
        "today": today,
        "missing": sum(r.missing(today) for r in rows),
        "late": sum(r.late() for r in rows),
        "pending": sum(_open(r) for r in rows),
    }
    return render(request, "reports/supervision.html", context)


def _target_key(row: selectors.Expected) -> tuple[int | None, int | None]:
    return (row.agency.pk if row.agency else None, row.division.pk if row.division else None)


def _open(row: selectors.Expected) -> bool:
    """Still to be delivered by the body below (no report, a draft, or returned to it)."""
    return row.report is None or row.report.status in report_urges.OPEN_STATUSES


def _flag(row: selectors.Expected, today: date) -> str:
    """How the row is highlighted: overdue and not delivered, delivered late, or due within days."""
    if row.missing(today):
        return "missing"
    if row.late():
        return "late"
    if _open(row) and today <= row.due <= today + timedelta(days=DUE_SOON_DAYS):
        return "soon"
    return ""


#: 国办公开办函〔2019〕60号 introduced the formats for report year 2019 (REGULATIONS.md §2.2).
FIRST_REPORT_YEAR = 2019
#: A report not yet delivered this close to its deadline is marked 即将到期 on the supervision page.
DUE_SOON_DAYS = 10


def report_years() -> list[int]:
    """The years a selector offers: 2019 (the first year of the 2019 formats) to the current one."""
    return list(range(clock.today().year, FIRST_REPORT_YEAR - 1, -1))


@login_required
def supervision_year(request: HttpRequest, code: str) -> HttpResponse:
    """The year selector's target: the supervision page of the chosen year."""
    division = params.division_or_404(code)
    if not org_access.can_supervise_division(request.user, division):
        raise Http404
    year = params.year_param(request, default=clock.today().year - 1)
    return redirect("reports:supervision", code=division.code, year=year)


@login_required
@require_POST
def urge(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """催报: the office of ``code`` reminds an agency or a division directly below it."""
    sender, year = params.division_or_404(code), params.path_year(year)
    if not org_access.can_supervise_division(request.user, sender):
        raise Http404
    form = request.POST
    agency_id, target_code = form.get("agency", "").strip(), form.get("division", "").strip()
    try:
        report_urges.urge_report(
            actor=Actor.from_request(request),
            sender_division=sender,
            year=year,
            scope=form.get("scope", "agency"),  # checked against the target by the service
            message=form.get("message", ""),
            agency=get_object_or_404(Agency, pk=params.parse_int("agency", agency_id, minimum=1))
            if agency_id
            else None,
            division=params.division_or_404(target_code) if target_code else None,
        )
        messages.success(request, gettext("已催报"))
    except GongkaiError as e:
        messages.error(request, e.message)
    return redirect("reports:supervision", code=sender.code, year=year)


@login_required
@require_POST
def urge_overdue(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """催报 to every body below whose report is overdue and not delivered."""
    sender, year = params.division_or_404(code), params.path_year(year)
    if not org_access.can_supervise_division(request.user, sender):
        raise Http404
    try:
        n = report_urges.urge_overdue_reports(
            actor=Actor.from_request(request),
            sender_division=sender,
            year=year,
            message=request.POST.get("message", ""),
        )
        messages.success(request, gettext("已向%(n)s个逾期未报单位催报") % {"n": n})
    except GongkaiError as e:
        messages.error(request, e.message)
    return redirect("reports:supervision", code=sender.code, year=year)


@login_required
def open_report(request: HttpRequest) -> HttpResponse:
    agency_id, code = params.id_param(request, "agency"), params.text_param(request, "division")
    try:
        report = services.report_open(
            actor=Actor.from_request(request),
            scope=params.choice_param(request, "scope", set(AnnualReport.Scope.values), default="agency"),
            year=params.year_param(request, default=clock.today().year - 1),
            agency=get_object_or_404(Agency, pk=agency_id) if agency_id else None,
            division=params.division_or_404(code) if code else None,
        )
    except GongkaiError as e:
        messages.error(request, e.message)
        return redirect("portal:staff_home")
    return redirect("reports:staff_report", pk=report.pk)


def _staff_context(request: HttpRequest, report: AnnualReport) -> dict[str, Any]:
    data = services.current(report)
    from gongkai.reports import checks

    headings = report_formats.formats()["sections"]
    editable = [(h, (report.prose or {}).get(h, "")) for h in (headings[0], headings[4], headings[5])]
    actions = states.actions_for(report.status)
    return rendering.html_context(data) | {
        "report": report,
        "findings": checks.check_report(data) + checks.check_narrative(data),
        "unfinished": narrative.unfinished_sections(data.get("sections") or {}),
        "can_prepare": access.can_prepare(request.user, report),
        "can_review": access.can_review(request.user, report),
        "can_publish": access.can_publish(request.user, report),
        "blocked": services.report_blocked_actions(Actor.from_request(request), report, actions),
        "confirm_publish": "publish" in actions and request.GET.get("confirm") == "publish",
        "urges": report_urges.urges_for_report(report),
        "actions": actions,
        "editable": editable,
        "difference": services.report_pending_difference(report)[:50],
        "downloads": [(f.upper(), reverse("reports:download", args=[report.pk, f])) for f in _FORMATS],
    }


@login_required
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport.objects.select_related("agency", "division"), pk=pk)
    if not access.can_view_draft(request.user, report):
        raise Http404
    report_urges.urges_mark_seen(actor=Actor.from_request(request), report=report)
    return render(request, "reports/staff_report.html", _staff_context(request, report))


_ACTIONS = {
    "submit": lambda a, r, p: services.report_submit(actor=a, report=r),
    "approve": lambda a, r, p: services.report_approve(actor=a, report=r),
    "return": lambda a, r, p: services.report_return(actor=a, report=r, reason=p.get("reason", "")),
    "publish": lambda a, r, p: services.report_publish(actor=a, report=r, confirm=p.get("confirm") == "yes"),
    "correct": lambda a, r, p: services.report_correct(actor=a, report=r, note=p.get("note", "")),
    "prose": lambda a, r, p: services.report_update_prose(
        actor=a, report=r, prose={k.removeprefix("prose:"): v for k, v in p.items() if k.startswith("prose:")}
    ),
}


#: What each action did, said after it (not a bare "已办理").
_DONE = {
    "submit": gettext_lazy("年度报告已报送，等待政务公开办审核"),
    "approve": gettext_lazy("年度报告已审核通过，可以公开"),
    "return": gettext_lazy("年度报告已退回，编制人可修改后重新报送"),
    "publish": gettext_lazy("年度报告已公开，公众可在“年度报告”栏目查看"),
    "correct": gettext_lazy("已创建更正版本（草稿），修改后按原流程报送"),
    "prose": gettext_lazy("文字部分已保存"),
}


@login_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    if action not in _ACTIONS or not access.can_view_draft(request.user, report):
        raise Http404
    try:
        result = _ACTIONS[action](Actor.from_request(request), report, request.POST)
        messages.success(request, str(_DONE[action]))
        if isinstance(result, AnnualReport) and result.pk != report.pk:
            return redirect("reports:staff_report", pk=result.pk)
    except GongkaiError as e:
        messages.error(request, e.message)
        if action == "publish" and "confirm" in e.fields:
            return redirect(reverse("reports:staff_report", args=[pk]) + "?confirm=publish#confirm-publish")
    return redirect("reports:staff_report", pk=pk)


@login_required
def table2_entry(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """The 表二 entry form of one agency and year (until publications computes 表二 from records)."""
    from gongkai.core.errors import InvalidInput
    from gongkai.reports.models import Table2Entry

    agency, year = get_object_or_404(Agency, pk=agency_id), params.path_year(year)
    if not (
        org_access.can_approve(request.user, agency) or org_access.can_handle_cases(request.user, agency)
    ):
        raise Http404
    cells = services.table2_cells(year)
    stored = {
        (e.block, e.row, e.column): e.value for e in Table2Entry.objects.filter(agency=agency, year=year)
    }
    errors: dict[str, str] = {}
    values = {cell: rendering.decimal_text(stored[cell]) if cell in stored else "" for cell in cells}
    if request.method == "POST":
        values = {cell: request.POST.get("/".join(cell), "") for cell in cells}
        try:
            services.table2_save(actor=Actor.from_request(request), agency=agency, year=year, values=values)
            messages.success(request, "已保存")
            return redirect("reports:table2", agency_id=agency_id, year=year)
        except InvalidInput as e:
            errors = e.fields
        except GongkaiError as e:
            messages.error(request, e.message)
    rows = [
        (
            "/".join(cell),
            (*cell[:2], report_formats.column_label(cell[2])),
            values[cell],
            errors.get("/".join(cell), ""),
        )
        for cell in cells
    ]  # the label with its unit: 采购总金额（万元）
    return render(
        request, "reports/table2_entry.html", {"agency": agency, "year": year, "rows": rows, "errors": errors}
    )
