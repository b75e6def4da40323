"""The public search page (works without JavaScript: a GET form)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.search import selectors


def page(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:100]
    results = selectors.search(query) if query else []
    return render(request, "search/page.html", {"q": query, "results": results})
