"""Who may do what with 主动公开 records (the rules themselves live in :mod:`gongkai.orgs.access`)."""

from __future__ import annotations

from typing import Any

from gongkai.orgs import access as org_access
from gongkai.publications.models import Publication


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
    return org_access.can_view_personal_data(user, publication.agency) or org_access.can_supervise_division(
        user, publication.agency.division
    )
