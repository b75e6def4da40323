"""The public search page: a GET form (works without JavaScript), facets as links, pagination."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from gongkai.portal.page_http import public_page
from gongkai.portal.params import BadParameter, check_year, page_param, parse_int, text_param
from gongkai.portal.security import rate_limited
from gongkai.search import selectors
from gongkai.search.analysis import has_cjk

FILTER_PARAMS = ("kind", "agency", "division", "level", "category", "topic", "validity", "year")


# Results pages are saved like other public pages (every change to what search finds drops them all, see
# gongkai.pages.purges): a query many people type is answered from the cache, and only new ones cost.
@public_page("q", "page", "sort", *FILTER_PARAMS)
@rate_limited("search", "GONGKAI_RATE_SEARCH", method="GET")
def page(request: HttpRequest) -> HttpResponse:
    query = text_param(request, "q", max_length=1000)[:100]  # longer than the engine reads: cut
    params = _filters(request)
    number = page_param(request)
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
        # a query without Chinese characters that finds nothing: say that the documents are in Chinese
        "latin_query": not result.hits and bool(query) and not has_cjk(query),
        "facets": facets,
        "active": active,
        "sort": sort,
        "sort_links": {"relevance": _link(base, "sort", None), "date": _link(base, "sort", "date")},
        "prev_link": _link(base, "page", str(result.page - 1)) if result.page > 1 else "",
        "next_link": _link(base, "page", str(result.page + 1)) if result.page < result.pages else "",
    }
    return render(request, "search/page.html", context)


def _filters(request: HttpRequest) -> dict[str, str]:
    """The facet filters asked for: a malformed year or id is a 400, an unknown facet value finds nothing."""
    found = {k: v for k in FILTER_PARAMS if (v := text_param(request, k, max_length=100))}
    if "year" in found:
        check_year(found["year"])
    for name in ("agency", "division"):
        if name in found:
            parse_int(name, found[name], minimum=1)
    for name, message in selectors.filter_problems(found).items():
        raise BadParameter(name, message)
    return found


def _link(base: dict[str, str], name: str, value: str | None) -> str:
    from urllib.parse import urlencode

    params = {k: v for k, v in base.items() if k != name and k != "page"}
    if value is not None:
        params[name] = value
    return "?" + urlencode(params)


@rate_limited("suggest", "GONGKAI_RATE_SUGGEST", method="GET")
def suggest(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"suggestions": selectors.suggest(request.GET.get("q", ""))})
