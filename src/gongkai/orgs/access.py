"""Every permission rule about agencies and divisions lives here, and only here.

Scoping follows the hierarchy: agency staff act within their own agency; a supervisor (政务公开办) sees the
statistics of every agency in its division's subtree but never applicants' personal data, which only the
handling agency's own staff may see; a system administrator administers the platform (and likewise does
not see personal data by virtue of that role).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.orgs.models import Agency, Division, StaffRole
from gongkai.orgs.roles import Role

_CACHE_ATTR = "_gongkai_role_set"


@dataclass(frozen=True)
class RoleSet:
    agency_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    supervised_paths: tuple[str, ...] = ()
    is_admin: bool = False

    @property
    def is_staff_member(self) -> bool:
        return bool(self.agency_roles or self.supervised_paths or self.is_admin)


_EMPTY = RoleSet()


def role_set(user: Any) -> RoleSet:
    """The roles of ``user``, loaded once per user object (one query)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return _EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    agency_roles: dict[int, set[str]] = {}
    paths: list[str] = []
    is_admin = bool(getattr(user, "is_superuser", False))
    for role, agency_id, path in StaffRole.objects.filter(user=user).values_list(
        "role", "agency_id", "division__path"
    ):
        if role == Role.ADMIN:
            is_admin = True
        elif role == Role.SUPERVISOR and path:
            paths.append(path)
        elif agency_id is not None:
            agency_roles.setdefault(agency_id, set()).add(role)
    result = RoleSet({k: frozenset(v) for k, v in agency_roles.items()}, tuple(sorted(paths)), is_admin)
    setattr(user, _CACHE_ATTR, result)
    return result


def forget_roles(user: Any) -> None:
    """Drop the cached role set (after a grant or revoke in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _has_agency_role(user: Any, agency: Agency, roles: frozenset[str]) -> bool:
    return bool(role_set(user).agency_roles.get(agency.pk, frozenset()) & roles)


def can_administer(user: Any) -> bool:
    """System administration: the admin site, users, reference data, the calendar, the audit log."""
    return role_set(user).is_admin


def can_enter_staff_area(user: Any) -> bool:
    return role_set(user).is_staff_member


def can_handle_cases(user: Any, agency: Agency) -> bool:
    """经办人 and 负责人 of the agency handle its applications and drafts."""
    return _has_agency_role(user, agency, frozenset({Role.CLERK, Role.APPROVER}))


def can_approve(user: Any, agency: Agency) -> bool:
    """Only the agency's 负责人 approves extensions (条例第三十三条第二款) and publications."""
    return _has_agency_role(user, agency, frozenset({Role.APPROVER}))


def can_review_confidentiality(user: Any, agency: Agency) -> bool:
    """保密审查 before publication is done by the agency's designated reviewer."""
    return _has_agency_role(user, agency, frozenset({Role.REVIEWER}))


def can_view_personal_data(user: Any, agency: Agency) -> bool:
    """Applicants' ID numbers, phones and addresses: the handling agency's own staff only."""
    return _has_agency_role(user, agency, frozenset({Role.CLERK, Role.APPROVER, Role.REVIEWER}))


def can_supervise_division(user: Any, division: Division) -> bool:
    """A supervisor sees its own division and everything under it; an administrator sees all."""
    roles = role_set(user)
    if roles.is_admin:
        return True
    return any(division.path.startswith(p) for p in roles.supervised_paths)


def can_view_agency_statistics(user: Any, agency: Agency) -> bool:
    if _has_agency_role(user, agency, frozenset({Role.CLERK, Role.APPROVER, Role.REVIEWER})):
        return True
    return can_supervise_division(user, agency.division)


def can_grant_role(user: Any, *, role: str, agency: Agency | None, division: Division | None) -> bool:
    """Administrators grant any role; a supervisor staffs the agencies and sub-divisions under it."""
    if can_administer(user):
        return True
    if role == Role.ADMIN:
        return False
    if agency is not None:
        return can_supervise_division(user, agency.division)
    if division is not None:
        # Supervisors may appoint supervisors strictly below their own division, not at their own level.
        roles = role_set(user)
        return any(division.path.startswith(p) and division.path != p for p in roles.supervised_paths)
    return False
