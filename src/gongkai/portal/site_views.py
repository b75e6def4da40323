"""The pages the footer of a 政府网站 links to (国办发〔2017〕47号): 网站地图 and 联系我们.

Public and the same for every reader (the page cache may save them): no cookies, no per-user content.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.orgs import selectors
from gongkai.portal.page_http import public_page


@public_page()
def site_map(request: HttpRequest) -> HttpResponse:
    """网站地图 for people: the sections, the regions below the root and the root's own agencies
    (the machine-readable one is /sitemap.xml)."""
    root = selectors.division_root()
    context: dict[str, object] = {"province": root}
    if root is not None:
        context |= {
            "divisions": list(selectors.division_children(root)),
            "agencies": list(selectors.agencies_of_division(root)),
        }
    return render(request, "portal/site_map.html", context)


@public_page()
def contact(request: HttpRequest) -> HttpResponse:
    """联系我们: who runs the site and how to reach them; questions about information go to the agency
    that holds it (its 政府信息公开指南 lists its office, hours and telephone, 条例第十二条)."""
    office = selectors.site_office()  # unset settings: the 办公厅's own contacts
    context = {
        "email": settings.GONGKAI_SITE_CONTACT_EMAIL or (office.email if office else ""),
        "phone": settings.GONGKAI_SITE_CONTACT_PHONE or (office.phone if office else ""),
        "address": settings.GONGKAI_SITE_CONTACT_ADDRESS or (office.office_address if office else ""),
    }
    return render(request, "portal/contact.html", context)
