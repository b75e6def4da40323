"""Staff pages of a 政务公开办: the dashboard, overdue and due-soon applications (with 催办 and the
.xlsx), and 主动公开 timeliness. Parse, check, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.applications.models import Application
from gongkai.core import clock
from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency, Division
from gongkai.orgs.selectors import division_ancestors
from gongkai.portal import params
from gongkai.publications import reference
from gongkai.supervision import access, charts, dashboard, export, selectors, services, timeliness
from gongkai.supervision.rollup import share

FIRST_YEAR = 2019  # the 2019 条例 and its report formats
PER_PAGE = 50  # rows of a list page


def _division(request: HttpRequest, code: str) -> Division:
    division = params.division_or_404(code)
    if not access.can_supervise(request.user, division):
        raise Http404(_("您不是该地区的政务公开办"))
    return division


def _agency(request: HttpRequest, agency_id: int) -> Agency:
    agency = get_object_or_404(Agency.objects.select_related("division"), pk=agency_id)
    if not access.can_supervise(request.user, agency.division):
        raise Http404(_("您不是该机关的上级政务公开办"))
    return agency


def _year(request: HttpRequest) -> int:
    return params.year_param(request, default=clock.today().year)


def _crumbs(request: HttpRequest, division: Division) -> list[Division]:
    """The ancestors the user supervises too (the drill-down's way back up)."""
    return [d for d in division_ancestors(division) if access.can_supervise(request.user, d)]


def _base(request: HttpRequest, division: Division, year: int) -> dict[str, Any]:
    today = clock.today()
    return {
        "division": division,
        "crumbs": _crumbs(request, division),
        "year": year,
        "years": list(range(FIRST_YEAR, today.year + 1)),
        "today": today,
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The first division the user supervises (its dashboard)."""
    paths = org_access.role_set(request.user).supervised_paths
    division = Division.objects.filter(path__in=paths).order_by("depth", "path").first() if paths else None
    if division is None:
        raise Http404(_("您不是任何地区的政务公开办"))
    return redirect("supervision:dashboard", code=division.code)


@login_required
def dashboard_view(request: HttpRequest, code: str) -> HttpResponse:
    division, year = _division(request, code), _year(request)
    board = dashboard.dashboard(division, year)
    outcome_items = [(o.label, o.count, o.percent) for o in board.outcomes]
    context = _base(request, division, year) | {
        "board": board,
        "outcome_chart": charts.bars_svg(outcome_items, title=_("办理结果构成")),
        "rows": [
            (a, share(a.counts["published"] - a.counts["late"], a.counts["published"])) for a in board.rows
        ],
    }
    return render(request, "supervision/dashboard.html", context)


def _overdue_context(request: HttpRequest, division: Division, qs: Any) -> dict[str, Any]:
    page = Paginator(qs, PER_PAGE).get_page(params.page_param(request))
    return {"page": page, "cases": selectors.case_rows(page.object_list)}


@login_required
def overdue(request: HttpRequest, code: str) -> HttpResponse:
    division, year = _division(request, code), _year(request)
    own = params.choice_param(request, "own", {"0", "1"}) == "1"
    trend = selectors.monthly_trend(division, year)
    months = [p.month for p in trend]
    series = [
        (_("收到"), [p.received for p in trend]),
        (_("办结"), [p.closed for p in trend]),
        (_("月末超期"), [p.overdue for p in trend]),
    ]
    context = _base(request, division, year) | {
        "summary": selectors.overdue_rollup(division),
        "own": own,
        "trend": trend,
        "trend_chart": charts.trend_svg(months, series, title=_("%(y)s年各月申请办理情况") % {"y": year}),
        **_overdue_context(request, division, selectors.overdue_cases(division=division, own_only=own)),
    }
    return render(request, "supervision/overdue.html", context)


@login_required
def overdue_agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _agency(request, agency_id)
    context = _base(request, agency.division, _year(request)) | {
        "agency": agency,
        **_overdue_context(request, agency.division, selectors.overdue_cases(agency=agency)),
    }
    return render(request, "supervision/overdue_agency.html", context)


@login_required
def overdue_export(request: HttpRequest, code: str) -> HttpResponse:
    division = _division(request, code)
    today = clock.today()
    rows = selectors.case_rows(selectors.overdue_cases(division=division)[:20000], today)
    body = export.overdue_workbook(division, today, selectors.overdue_rollup(division, today), rows)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="overdue-{division.code}-{today:%Y%m%d}.xlsx"'
    return response


@login_required
@require_POST
def urge(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_object_or_404(Application.objects.select_related("agency__division"), pk=pk)
    if not access.can_supervise(request.user, app.agency.division):
        raise Http404
    try:
        services.urge_case_send(
            actor=Actor.from_request(request), application=app, message=request.POST.get("message", "")
        )
    except GongkaiError as e:
        field = _("督办意见") if "message" in e.fields else ""
        messages.error(request, f"{field}：{e.message}" if field else e.message)
    else:
        messages.success(request, _("已催办，该机关的经办人和负责人将在案件和工作台上看到"))
    return redirect("applications:case", pk=pk)


def _filters(request: HttpRequest) -> timeliness.Filters:
    categories = {c for c, _label in reference.category_choices()}
    level = params.choice_param(request, "level", {"1", "2", "3", "4"})
    return timeliness.Filters(
        year=_year(request),
        category=params.choice_param(request, "category", categories),
        level=int(level) if level else None,
    )


@login_required
def timeliness_view(request: HttpRequest, code: str) -> HttpResponse:
    division, filters = _division(request, code), _filters(request)
    only_late = params.choice_param(request, "late", {"0", "1"}, default="1") == "1"
    table = timeliness.timeliness_table(division, filters)
    summary = table.summary
    agencies = table.late_agencies if only_late else table.agencies
    page = Paginator(agencies, PER_PAGE).get_page(params.page_param(request))
    context = _base(request, division, filters.year or clock.today().year) | {
        "filters": filters,
        "only_late": only_late,
        "summary": summary,
        "summary_rows": [(a, _on_time(a.counts)) for a in summary.rows],
        "total_share": _on_time(summary.total),
        "page": page,
        "categories": reference.category_choices(),
        "levels": [(1, _("省级")), (2, _("市级")), (3, _("县级")), (4, _("乡镇级"))],
    }
    return render(request, "supervision/timeliness.html", context)


def _on_time(counts: dict[str, int]) -> float | None:
    return share(counts["published"] - counts["late"], counts["published"])


@login_required
def timeliness_agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency, filters = _agency(request, agency_id), _filters(request)
    page = Paginator(timeliness.late_of_agency(agency, filters), PER_PAGE).get_page(
        params.page_param(request)
    )
    from gongkai.publications.selectors import deadline_checker, publication_deadline

    checker = deadline_checker()
    rows = [(p, publication_deadline(p, checker)) for p in page.object_list]
    context = _base(request, agency.division, filters.year or clock.today().year) | {
        "agency": agency,
        "filters": filters,
        "page": page,
        "rows": rows,
    }
    return render(request, "supervision/timeliness_agency.html", context)
