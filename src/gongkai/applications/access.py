"""Who may do what with an application. Built on the agency rules in :mod:`gongkai.orgs.access`."""

from __future__ import annotations

from typing import Any

from gongkai.applications.models import Application
from gongkai.core.context import Actor
from gongkai.orgs import access as org_access


def can_handle(user: Any, application: Application) -> bool:
    """Register, correct, consult, decide, deliver: the handling agency's clerks and approvers."""
    return org_access.can_handle_cases(user, application.agency)


def can_approve_extension(user: Any, application: Application) -> bool:
    """第三十三条第二款: 经政府信息公开工作机构负责人同意."""
    return org_access.can_approve(user, application.agency)


def can_view(user: Any, application: Application) -> bool:
    """See the case (with personal data masked unless :func:`can_view_personal_data`)."""
    return org_access.can_view_agency_statistics(user, application.agency)


def can_view_personal_data(user: Any, application: Application) -> bool:
    """The applicant's ID number, phone, address and email: the handling agency's staff only."""
    return org_access.can_view_personal_data(user, application.agency)


def can_download_letter(actor: Actor, application: Application) -> bool:
    """Letters name the applicant: the handling agency's staff, and the applicant who verified the case on
    the tracker in this session. Not supervisors or administrators (they are refused, not served a copy)."""
    if actor.is_public:
        return actor.verified_for(application.pk)
    return actor.is_staff and can_view_personal_data(actor.user, application)


def can_approve_decision(user: Any, application: Application) -> bool:
    """经办人拟办 → 负责人审批: the agency's 负责人 approve or return a proposed reply (the same rule as
    extensions and publication)."""
    return org_access.can_approve(user, application.agency)
