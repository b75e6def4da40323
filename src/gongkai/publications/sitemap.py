"""sitemap.xml: an index of sections of at most 40,000 documents each (the protocol allows 50,000)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.portal.page_http import public_page
from gongkai.publications import selectors

SITEMAP_PAGE = 40000
_URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)
_INDEX = '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


@public_page()
def sitemap(request: HttpRequest, section: int | None = None) -> HttpResponse:
    """The index (no ``section``) or one section; a section past the last document is a 404."""
    count = selectors.sitemap_count()
    sections = max(1, -(-count // SITEMAP_PAGE))
    if section is None:
        locs = [request.build_absolute_uri(reverse("sitemap_section", args=[i + 1])) for i in range(sections)]
        body = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
        return _xml(f"{_INDEX}{body}</sitemapindex>")
    if not 1 <= section <= sections:
        raise Http404(_("站点地图只有%(n)s个分段") % {"n": sections})
    base = request.build_absolute_uri("/")[:-1]
    rows = selectors.sitemap_rows((section - 1) * SITEMAP_PAGE, SITEMAP_PAGE)
    parts = [
        f"<url><loc>{base}{reverse('publications:detail', args=[pk])}</loc>"
        f"<lastmod>{updated.date().isoformat()}</lastmod></url>"
        for pk, updated in rows
    ]
    if section == 1:
        for name in ("portal:home", "publications:library", "reports:list", "gazette:archive"):
            parts.insert(0, f"<url><loc>{base}{reverse(name)}</loc></url>")
    return _xml(_URLSET + "".join(parts) + "</urlset>")


def _xml(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="application/xml; charset=utf-8")
