"""``{% report_urges_panel user %}``: the 催报 addressed to the signed-in staff member's agencies or divisions
(shown on the staff home), each with a link to the report it asks for."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from gongkai.supervision import report_urges

register = template.Library()


def _open_url(urge: Any) -> str:
    """Where the addressee prepares the report asked for (reports:open creates the draft if need be)."""
    target = f"division={urge.division.code}" if urge.division_id else f"agency={urge.agency_id}"
    return f"{reverse('reports:open')}?scope={urge.report_scope}&{target}&year={urge.report_year}"


@register.inclusion_tag("reports/_urges.html")
def report_urges_panel(user: Any) -> dict[str, Any]:
    urges = report_urges.urges_for_user(user)
    return {"urges": [(u, _open_url(u)) for u in urges]}
