"""Who may do what with 主动公开 records (the rules themselves live in :mod:`gongkai.orgs.access`)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from gongkai.orgs import access as org_access
from gongkai.orgs.roles import Role
from gongkai.publications.models import CoIssue, Publication


def can_draft(user: Any, publication: Publication) -> bool:
    """经办人 and 负责人 of the publishing agency write drafts and interpretations."""
    return org_access.can_handle_cases(user, publication.agency)


def can_review(user: Any, publication: Publication) -> bool:
    """保密审查: the agency's reviewer, and never the author of the record (four eyes)."""
    return (
        org_access.can_review_confidentiality(user, publication.agency)
        and getattr(user, "pk", None) != publication.author_id
    )


def can_publish(user: Any, publication: Publication) -> bool:
    """Publishing, withdrawing, correcting and validity changes: the agency's 负责人."""
    return org_access.can_approve(user, publication.agency)


def can_see_drafts(user: Any, publication: Publication) -> bool:
    """The agency's staff, supervisors above it, and the 负责人 of an agency it names as co-issuer (who
    must read what they are asked to co-sign)."""
    if org_access.can_view_personal_data(user, publication.agency) or org_access.can_supervise_division(
        user, publication.agency.division
    ):
        return True
    deciding = co_issue_agency_ids(user)
    return bool(deciding) and publication.co_issues.filter(agency_id__in=deciding).exists()


# ---------------------------------------------------------------- 联合发文 and 修改/废止 across agencies


def can_decide_co_issue(user: Any, co_issue: CoIssue) -> bool:
    """Only the 负责人 of the agency named as co-issuer accepts or declines: no agency can put another's
    name on its document."""
    return org_access.can_approve(user, co_issue.agency)


def co_issue_agency_ids(user: Any) -> set[int]:
    """The agencies whose co-issue requests ``user`` decides (those where they are 负责人)."""
    roles = org_access.role_set(user).agency_roles
    return {agency_id for agency_id, names in roles.items() if Role.APPROVER in names}


def may_supersede(target: Publication, *, issuer_ids: Collection[int]) -> bool:
    """修改/废止: a document amends or repeals only documents of its own issuers, i.e. its agency and the
    co-issuers that accepted (a district cannot repeal the province's 政府令 by naming it)."""
    return target.agency_id in issuer_ids
