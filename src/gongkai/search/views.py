"""The public search page: a GET form (works without JavaScript), facets as links, pagination."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from gongkai.portal.security import rate_limited
from gongkai.search import selectors

FILTER_PARAMS = ("kind", "agency", "division", "level", "category", "topic", "validity", "year")


@rate_limited("search", "GONGKAI_RATE_SEARCH", method="GET")
def page(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:100]
    params = {k: request.GET.get(k, "") for k in FILTER_PARAMS if request.GET.get(k)}
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    result = selectors.search(query, params=params, page=number, sort=sort)
    base = {"q": query, **params, **({"sort": sort} if sort == "date" else {})}
    facets = [
        (f, [(value, label, count, _link(base, f.name, value), params.get(f.name) == value)
             for value, label, count in f.values])
        for f in result.facets
    ]  # fmt: skip
    active = [(name, params[name], _link(base, name, None)) for name in params]
    context = {
        "q": query,
        "result": result,
        "facets": facets,
        "active": active,
        "sort": sort,
        "sort_links": {"relevance": _link(base, "sort", None), "date": _link(base, "sort", "date")},
        "prev_link": _link(base, "page", str(result.page - 1)) if result.page > 1 else "",
        "next_link": _link(base, "page", str(result.page + 1)) if result.page < result.pages else "",
    }
    return render(request, "search/page.html", context)


def _link(base: dict[str, str], name: str, value: str | None) -> str:
    from urllib.parse import urlencode

    params = {k: v for k, v in base.items() if k != name and k != "page"}
    if value is not None:
        params[name] = value
    return "?" + urlencode(params)


@rate_limited("suggest", "GONGKAI_RATE_SUGGEST", method="GET")
def suggest(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"suggestions": selectors.suggest(request.GET.get("q", ""))})
