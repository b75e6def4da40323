"""Reads over the division tree and the agencies in it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from gongkai.core.errors import NotFound
from gongkai.orgs.models import Agency, Division, StaffRole


def division_get_by_code(code: str) -> Division:
    division = Division.objects.filter(code=code).first()
    if division is None:
        raise NotFound(f"行政区划代码{code}不存在")
    return division


def division_root() -> Division | None:
    return Division.objects.filter(depth=1).order_by("path").first()


def site_office() -> Agency | None:
    """The agency that runs the province's site by default (主办单位): the root government's 办公厅, else
    the root government; None before the province exists."""
    root = division_root()
    if root is None:
        return None
    kinds = [Agency.Kind.GENERAL_OFFICE, Agency.Kind.GOVERNMENT]
    found = {a.kind: a for a in Agency.objects.filter(division=root, kind__in=kinds, is_active=True)}
    return found.get(Agency.Kind.GENERAL_OFFICE) or found.get(Agency.Kind.GOVERNMENT)


_PATH_MAX = 255


def subtree_range(path: str) -> tuple[str, str]:
    """Bounds of the materialized paths at or under ``path``.

    A range (not ``LIKE 'prefix%'``) so that SQLite, whose case-insensitive LIKE cannot use a BINARY
    index, and PostgreSQL both answer it with an index range scan. Paths use only ``0-9A-Z``.
    """
    return path, path + "Z" * (_PATH_MAX - len(path))


def division_subtree(division: Division, *, include_self: bool = True) -> QuerySet[Division]:
    """Every division under ``division`` (one indexed query on the materialized path)."""
    qs = Division.objects.filter(path__range=subtree_range(division.path))
    if not include_self:
        qs = qs.exclude(pk=division.pk)
    return qs.order_by("path")


def division_children(division: Division) -> QuerySet[Division]:
    return Division.objects.filter(
        path__range=subtree_range(division.path), depth=division.depth + 1
    ).order_by("path")


def division_ancestors(division: Division) -> list[Division]:
    """From the root down to the parent of ``division`` (one query)."""
    steplen = Division.steplen
    paths = [division.path[:i] for i in range(steplen, len(division.path), steplen)]
    return list(Division.objects.filter(path__in=paths).order_by("depth"))


def division_places(divisions: list[Division]) -> dict[int, list[Division]]:
    """Each division with its ancestors below the root, top down (广州市, 从化区, 太平镇), in one query:
    same-named towns and districts are told apart by where they lie."""
    steplen = Division.steplen
    wanted = {d.path[:i] for d in divisions for i in range(2 * steplen, len(d.path), steplen)}
    found = {d.path: d for d in Division.objects.filter(path__in=wanted)} if wanted else {}
    return {
        d.pk: [*(found[p] for p in sorted(found) if d.path.startswith(p) and p != d.path), d]
        for d in divisions
    }


def agencies_in_subtree(division: Division) -> QuerySet[Agency]:
    """Every agency of ``division`` and of all divisions under it, in one SQL query.

    The filter on the joined division's materialized path uses the path index (a prefix range scan).
    """
    return (
        Agency.objects.select_related("division")
        .filter(division__path__range=subtree_range(division.path), is_active=True)
        .order_by("division__path", "sort_order", "id")
    )


def agencies_of_division(division: Division) -> QuerySet[Agency]:
    return Agency.objects.filter(division=division, is_active=True).order_by("sort_order", "id")


def agencies_named(words: str) -> QuerySet[Agency]:
    """Active agencies whose full name, 简称 or English name contains every word of ``words`` (广州 教育局,
    Guangzhou Education), in the tree's order: the agency picker of 依申请公开."""
    qs = Agency.objects.filter(is_active=True)
    for word in words.split()[:5]:  # English words match the English name (Guangzhou Education)
        qs = qs.filter(Q(name__contains=word) | Q(short_name__contains=word) | Q(name_en__icontains=word))
    return qs.select_related("division").order_by("division__path", "sort_order", "id")


def agency_get(agency_id: int) -> Agency:
    agency = Agency.objects.select_related("division").filter(pk=agency_id).first()
    if agency is None:
        raise NotFound(f"机关{agency_id}不存在")
    return agency


def division_children_with_counts(division: Division) -> list[tuple[Division, dict[str, int]]]:
    """Each child of ``division`` with how many divisions and agencies lie under it (three queries; the
    database groups by each child's path prefix, so the work does not grow with the tree in Python)."""
    children = list(division_children(division))
    result: dict[int, dict[str, int]] = {c.pk: {"divisions": 0, "agencies": 0} for c in children}
    plen = len(division.path) + Division.steplen
    by_prefix = {c.path: c.pk for c in children}
    division_rows = (
        Division.objects.filter(path__range=subtree_range(division.path), depth__gt=division.depth + 1)
        .annotate(prefix=Substr("path", 1, plen))
        .values_list("prefix")
        .annotate(n=Count("id"))
        .order_by()
    )
    for prefix, n in division_rows:
        result[by_prefix[prefix]]["divisions"] += n
    agency_rows = (
        Agency.objects.filter(
            division__path__range=subtree_range(division.path),
            division__depth__gt=division.depth,
            is_active=True,
        )
        .annotate(prefix=Substr("division__path", 1, plen))
        .values_list("prefix")
        .annotate(n=Count("id"))
        .order_by()
    )
    for prefix, n in agency_rows:
        result[by_prefix[prefix]]["agencies"] += n
    return [(child, result[child.pk]) for child in children]


def administrator_exists() -> bool:
    """Whether any administrator (superuser) exists: ``gongkai init`` then creates none."""
    return get_user_model().objects.filter(is_superuser=True).exists()


def roles_of_user(user: Any) -> QuerySet[StaffRole]:
    return StaffRole.objects.filter(user=user).select_related("agency", "agency__division", "division")


def org_stats() -> dict[str, Any]:
    by_level = dict(Division.objects.values_list("level").annotate(n=Count("id")).order_by())
    level_names = {
        Division.Level.PROVINCE: "province",
        Division.Level.PREFECTURE: "prefecture",
        Division.Level.COUNTY: "county",
        Division.Level.TOWN: "town",
    }
    agencies_by_kind = dict(Agency.objects.values_list("kind").annotate(n=Count("id")).order_by())
    roles = dict(StaffRole.objects.values_list("role").annotate(n=Count("id")).order_by())
    return {
        "divisions": {name: int(by_level.get(level, 0)) for level, name in level_names.items()},
        "agencies": sum(agencies_by_kind.values()),
        "agencies_by_kind": {k: agencies_by_kind[k] for k in sorted(agencies_by_kind)},
        "users": get_user_model().objects.count(),
        "staff_roles": {k: roles[k] for k in sorted(roles)},
    }
