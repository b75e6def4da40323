"""Browsing the gazette archive by year and issue."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from gongkai.gazette import selectors
from gongkai.gazette.models import GazetteDocument, GazetteIssue
from gongkai.portal import params
from gongkai.portal.page_http import public_page


@public_page()
def archive(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "gazette/archive.html",
        {"years": selectors.years(), "undated": selectors.undated_documents()},
    )


@public_page()
def year(request: HttpRequest, year: int) -> HttpResponse:
    issues = selectors.issues_of_year(params.path_year(year))
    if not issues:
        raise Http404(_("%(year)s年没有收录的政府公报") % {"year": year})
    return render(request, "gazette/year.html", {"year": year, "issues": issues})


@public_page()
def issue(request: HttpRequest, year: int, number: int) -> HttpResponse:
    item = get_object_or_404(GazetteIssue, year=year, number=number)
    return render(
        request,
        "gazette/issue.html",
        {"issue": item, "documents": item.documents.only("id", "title", "issuer", "doc_number")},
    )


@public_page()
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(GazetteDocument.objects.select_related("issue"), pk=pk)
    return render(
        request,
        "gazette/document.html",
        {"doc": doc, "paragraphs": [p for p in doc.text.split("\n") if p.strip()]},
    )
