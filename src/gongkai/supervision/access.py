"""Who may see the supervision pages and send a 催办. Built on :mod:`gongkai.orgs.access`, the only place
the hierarchy's rules live."""

from __future__ import annotations

from typing import Any

from gongkai.applications.models import Application
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Division


def can_supervise(user: Any, division: Division) -> bool:
    """The overdue list, the timeliness tables and the dashboard of ``division``'s subtree."""
    return org_access.can_supervise_division(user, division)


def sending_division(user: Any, application: Application) -> str | None:
    """The path of the supervising office in whose name ``user`` may send a 催办 on ``application``: the
    nearest one of the user's 政务公开办 above (or at) the case's agency. None: the user may not. An
    administrator who is no supervisor sends none (the platform's administration is not a 政务公开办)."""
    path = application.agency.division.path
    paths = [p for p in org_access.role_set(user).supervised_paths if path.startswith(p)]
    return max(paths, key=len) if paths else None


def can_urge(user: Any, application: Application) -> bool:
    return sending_division(user, application) is not None


def can_acknowledge(user: Any, application: Application) -> bool:
    """The agency's clerks and approvers mark a 催办 as seen by opening the case."""
    return org_access.can_handle_cases(user, application.agency)
