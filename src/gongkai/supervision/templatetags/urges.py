"""The 催办 where staff see them: on the case page (with the form for a supervisor above the agency) and on
the workbench of the agency's clerks and approvers."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.applications.states import OPEN
from gongkai.supervision import access, selectors

register = template.Library()


@register.inclusion_tag("supervision/_case_urges.html", takes_context=True)
def case_urges(context: template.Context, app: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "app": app,
        "urges": selectors.urges_of_case(app),
        "can_urge": access.can_urge(user, app) and app.status in OPEN,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("supervision/_workbench_urges.html", takes_context=True)
def workbench_urges(context: template.Context) -> dict[str, Any]:
    return {"urges": selectors.urges_for_staff(context["request"].user)}
