"""Public pages and the staff landing page: parse, ask selectors, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.applications import selectors as application_selectors
from gongkai.core import clock
from gongkai.core.errors import NotFound
from gongkai.orgs import access, selectors
from gongkai.portal import params
from gongkai.portal.page_http import public_page
from gongkai.publications import selectors as publications


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    root = selectors.division_root()
    context: dict[str, object] = {
        "province": root,
        "latest": publications.latest(10),
        "most_read": publications.most_read(8),
        "interpretations": publications.latest_interpretations(6),
    }
    if root is not None:
        context |= {
            "children": selectors.division_children_with_counts(root),
            "agencies": list(selectors.agencies_of_division(root)),
        }
    return render(request, "portal/home.html", context)


@public_page()
def division_detail(request: HttpRequest, code: str) -> HttpResponse:
    division = params.division_or_404(code)
    context = {
        "division": division,
        "ancestors": selectors.division_ancestors(division),
        "children": selectors.division_children_with_counts(division),
        "agencies": list(selectors.agencies_of_division(division)),
    }
    return render(request, "portal/division.html", context)


@public_page()
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    try:
        agency = selectors.agency_get(agency_id)
    except NotFound as e:
        raise Http404(e.message) from e
    context = {
        "agency": agency,
        "ancestors": [*selectors.division_ancestors(agency.division), agency.division],
        "catalogue": publications.agency_catalogue(agency),
        "latest": publications.agency_publications(agency, per_page=10).items,
        "has_standard_catalogue": agency.kind == agency.Kind.GOVERNMENT and agency.division.level >= 3,
    }
    return render(request, "portal/agency.html", context)


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    roles = list(selectors.roles_of_user(request.user))
    context = {
        "roles": roles,
        # cases and records belong to agencies: a supervisor without an agency role is not offered them
        "agency_staff": any(r.agency_id for r in roles),
        "can_administer": access.can_administer(request.user),
        # The year of the report links (?year=, a selector on the page); by default last year's reports.
        "report_year": params.year_param(request, default=clock.today().year - 1),
        "report_years": range(clock.today().year, 2018, -1),  # 2019: the first year of the 2019+ formats
        "work": application_selectors.my_work(request.user),
    }
    return render(request, "portal/staff_home.html", context)
