"""Who prepares and who reviews an annual report (REGULATIONS.md §2.3: a department reports to the
disclosure office of its government; a government's office reports up one level)."""

from __future__ import annotations

from typing import Any

from gongkai.orgs import access as org_access
from gongkai.orgs.selectors import division_ancestors
from gongkai.reports.models import AnnualReport


def can_prepare(user: Any, report: AnnualReport) -> bool:
    """Edit the prose and submit: the agency's approver, or the division's own 政务公开办."""
    if report.agency is not None:
        return org_access.can_approve(user, report.agency)
    return report.division is not None and org_access.can_supervise_division(user, report.division)


def can_review(user: Any, report: AnnualReport) -> bool:
    """Approve or return: the 政务公开办 above (the same level's for a department; the one above for a
    government; a province's own office for the province, which reports outside the platform)."""
    if report.agency is not None:
        return org_access.can_supervise_division(user, report.agency.division)
    if report.division is None:
        return False
    ancestors = division_ancestors(report.division)
    return org_access.can_supervise_division(user, ancestors[-1] if ancestors else report.division)


def can_publish(user: Any, report: AnnualReport) -> bool:
    """公开: the body that reports, not the office that reviewed (R2, REGULATIONS.md §2.3: a department
    submits to its 主管部门 and publishes itself; a 主管部门 publishes its aggregate and its government's)."""
    return can_prepare(user, report)


def can_view_draft(user: Any, report: AnnualReport) -> bool:
    return can_prepare(user, report) or can_review(user, report)
