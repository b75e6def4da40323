"""Staff roles. Who may do what with them is decided in :mod:`gongkai.orgs.access`, nowhere else."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("经办人")
    APPROVER = "approver", _("负责人")
    REVIEWER = "reviewer", _("保密审查员")
    SUPERVISOR = "supervisor", _("政务公开办（监督）")
    ADMIN = "admin", _("系统管理员")


#: Roles held within one agency (the others are scoped to a division, or global).
AGENCY_ROLES = frozenset({Role.CLERK, Role.APPROVER, Role.REVIEWER})
DIVISION_ROLES = frozenset({Role.SUPERVISOR})
GLOBAL_ROLES = frozenset({Role.ADMIN})
