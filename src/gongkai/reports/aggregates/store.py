"""Writing the figures: a year built in bulk for every agency, one agency recounted inside the transaction
that changed its records, an agency moved to another division.

Every agency's figure is also added into each division at or above it (DivisionFigure), so that a
region's report reads one division's rows. Changes reach the divisions as deltas (``value = value + d``),
in a fixed order, so that concurrent writers for agencies under the same city neither lose an update nor
deadlock; one agency's recount holds that agency's row lock, so two writers of the same agency recount one
after the other and the second sees the first's committed records (PostgreSQL, READ COMMITTED; SQLite
serialises writers anyway).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q

from gongkai.core import clock
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import PermissionDenied
from gongkai.orgs.models import Agency, Division
from gongkai.reports.aggregates.cells import PARTS, Cells, part_of, recount
from gongkai.reports.models import AgencyFigure, DivisionFigure, FigureYear

Delta = tuple[int, int, str, Decimal]  # (agency or division id, year, key, change)


def built_years(*, lock: bool = False) -> list[int]:
    """The years whose figures exist. ``lock`` (inside a transaction) waits for a build in progress."""
    if lock and connection.vendor == "postgresql":
        # FOR SHARE: writers do not wait for one another, only for a build (its EXCLUSIVE table lock).
        table = connection.ops.quote_name(FigureYear._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT year FROM {table} ORDER BY year FOR SHARE")  # noqa: S608
            return [int(y) for (y,) in cursor.fetchall()]
    return [int(y) for y in FigureYear.objects.order_by("year").values_list("year", flat=True)]


def ensure_years(years: Iterable[int]) -> None:
    """Build the years not built yet (once: afterwards every write keeps them current)."""
    missing = set(years) - set(built_years())
    if missing:
        build_years(missing, only_missing=True)


def ancestor_map() -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Division id -> ids of the divisions with a roll-up at or above it; agency id -> the same for its
    division. Roll-ups are kept for the province, cities and counties (a town's report is its
    government's: a sum over a few agencies)."""
    by_path = dict(Division.objects.filter(level__lt=Division.Level.TOWN).values_list("path", "pk"))
    steplen = Division.steplen
    paths = dict(Division.objects.values_list("pk", "path"))
    up = {
        pk: [by_path[path[:i]] for i in range(steplen, len(path) + 1, steplen) if path[:i] in by_path]
        for pk, path in paths.items()
    }
    agencies = {pk: up.get(division, []) for pk, division in Agency.objects.values_list("pk", "division_id")}
    return up, agencies


def _ancestors_of(division_id: int) -> list[int]:
    path = Division.objects.filter(pk=division_id).values_list("path", flat=True).first()
    if path is None:
        return []
    steplen = Division.steplen
    prefixes = [path[:i] for i in range(steplen, len(path) + 1, steplen)]
    above = Division.objects.filter(path__in=prefixes, level__lt=Division.Level.TOWN)
    return sorted(above.values_list("pk", flat=True))


def _plain(value: Decimal | int) -> int | Decimal:
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else value


@transaction.atomic
def build_years(years: Iterable[int], *, only_missing: bool = False) -> int:
    """Recount every agency for ``years`` and replace their rows (agencies and divisions); returns the
    number of agency rows written. Concurrent writers wait for it (PostgreSQL: a table lock on the list
    of built years, which they read with a row lock)."""
    wanted = sorted(set(years))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {FigureYear._meta.db_table} IN EXCLUSIVE MODE")
    if only_missing:  # another reader may have built them while this one waited for the lock
        wanted = sorted(set(wanted) - set(built_years()))
        if not wanted:
            return 0
    cells = recount(Q(), wanted)
    AgencyFigure.objects.filter(year__in=wanted).delete()
    DivisionFigure.objects.filter(year__in=wanted).delete()
    _, agency_up = ancestor_map()
    totals: dict[tuple[int, int, str], Decimal] = defaultdict(Decimal)
    rows: list[tuple[int, int, str, int | Decimal]] = []
    for (agency, year), by_key in cells.items():
        ups = agency_up.get(agency, [])
        for key, value in by_key.items():
            rows.append((agency, year, key, _plain(value)))
            for division in ups:
                totals[(division, year, key)] += value
    rows.sort(key=lambda r: (r[1], r[0], r[2]))  # in the unique index's order: appends, not page splits
    _insert(AgencyFigure, "agency_id", rows)
    _insert(
        DivisionFigure, "division_id", sorted((d, y, k, _plain(v)) for (d, y, k), v in totals.items() if v)
    )
    now = clock.now()
    for year in wanted:
        FigureYear.objects.update_or_create(year=year, defaults={"built_at": now})
    return len(rows)


def _insert(model: type[AgencyFigure] | type[DivisionFigure], owner: str, rows: Sequence[tuple]) -> None:  # type: ignore[type-arg]
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in (owner, "year", "key", "value"))
    sql = f"INSERT INTO {q(model._meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20000):
            cursor.executemany(sql, rows[start : start + 20000])


def _apply(
    model: type[AgencyFigure] | type[DivisionFigure], owner: str, conflict: str, deltas: list[Delta]
) -> None:
    """Add each change to its row (created at the change, deleted when it comes back to zero)."""
    if not deltas:
        return
    q, table = connection.ops.quote_name, connection.ops.quote_name(model._meta.db_table)
    columns, value = ", ".join(q(c) for c in (owner, "year", "key", "value")), q("value")
    upsert = f"ON CONFLICT ({conflict}) DO UPDATE SET {value} = {table}.{value} + excluded.{value}"
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s) {upsert}"  # noqa: S608
    ordered = sorted(deltas, key=lambda d: (d[0], d[1], d[2]))  # one order for every writer: no deadlock
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(o, y, k, _plain(v)) for o, y, k, v in ordered])
    owners = sorted({d[0] for d in deltas})
    model.objects.filter(**{f"{owner}__in": owners}, value=0).delete()


def _spread(deltas: list[Delta], divisions: list[int], sign: int = 1) -> list[Delta]:
    return [(d, year, key, value * sign) for d in divisions for _a, year, key, value in deltas]


def _apply_all(agency_deltas: list[Delta], divisions: list[int], sign: int = 1) -> None:
    q = connection.ops.quote_name
    _apply(AgencyFigure, "agency_id", f"{q('year')}, {q('agency_id')}, {q('key')}", agency_deltas)
    _apply(
        DivisionFigure,
        "division_id",
        f"{q('division_id')}, {q('year')}, {q('key')}",
        _spread(agency_deltas, divisions, sign),
    )


def refresh_agency(agency_id: int, parts: Iterable[str] = PARTS) -> int:
    """Recount one agency's figures (the named parts: t3, t4, t2) for every built year and write what
    changed; returns the number of changed figures. Called inside the transaction that changed the
    records, so the figures commit (or roll back) with them."""
    wanted = [p for p in PARTS if p in set(parts)]
    with transaction.atomic():
        years = built_years(lock=True)
        if not years or not wanted:
            return 0
        # NO KEY: rows that merely reference the agency (a new application) are not held up by it.
        locked = Agency.objects.select_for_update(no_key=True, of=("self",)).filter(pk=agency_id)
        division_id = locked.values_list("division_id", flat=True).first()
        if division_id is None:
            return 0
        fresh = recount(Q(agency_id=agency_id), years, wanted)
        stored: Cells = {}
        for year, key, value in AgencyFigure.objects.filter(agency_id=agency_id, year__in=years).values_list(
            "year", "key", "value"
        ):
            if part_of(key) in wanted:
                stored.setdefault((agency_id, year), {})[key] = Decimal(value)
        deltas: list[Delta] = []
        for target in set(fresh) | set(stored):
            new, old = fresh.get(target, {}), stored.get(target, {})
            for key in set(new) | set(old):
                change = Decimal(new.get(key, 0)) - old.get(key, Decimal(0))
                if change:
                    deltas.append((agency_id, target[1], key, change))
        _apply_all(deltas, _ancestors_of(division_id))
        return len(deltas)


_pending: ContextVar[dict[int, set[str]] | None] = ContextVar("figures_pending", default=None)


def touch(agency_id: int, part: str) -> None:
    """A record of the agency that ``part`` counts changed: recount now, or once at the end of the
    enclosing ``recount_once`` block."""
    pending = _pending.get()
    if pending is None:
        refresh_agency(agency_id, [part])
    else:
        pending.setdefault(agency_id, set()).add(part)


@contextmanager
def recount_once() -> Iterator[None]:
    """Many writes in a row (a bulk save of entries): each agency touched is recounted once, at the end
    (inside the caller's transaction, like a single write)."""
    if _pending.get() is not None:
        yield
        return
    pending: dict[int, set[str]] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for agency_id, parts in sorted(pending.items()):
        refresh_agency(agency_id, parts)


def move_agency(agency_id: int, old_division_id: int, new_division_id: int, *, leaving: bool = False) -> None:
    """An agency placed under another division (or deleted, ``leaving``): its figures leave the divisions
    above the old place and join those above the new one."""
    with transaction.atomic():
        if not built_years(lock=True):
            return
        rows = [
            (agency_id, int(y), k, Decimal(v))
            for y, k, v in AgencyFigure.objects.filter(agency_id=agency_id).values_list(
                "year", "key", "value"
            )
        ]
        q = connection.ops.quote_name
        conflict = f"{q('division_id')}, {q('year')}, {q('key')}"
        _apply(DivisionFigure, "division_id", conflict, _spread(rows, _ancestors_of(old_division_id), -1))
        if not leaving:
            _apply(DivisionFigure, "division_id", conflict, _spread(rows, _ancestors_of(new_division_id)))


def figures_rebuild(*, actor: Actor, years: Iterable[int]) -> int:
    """Recount the figures of ``years`` from scratch and mark them built (``verify-aggregates --fix``, a
    new database); system tasks and administrators only. Returns the number of agency figures."""
    if not (actor.is_system or actor.is_administrator):
        raise PermissionDenied("只有系统任务或系统管理员可以重建年度报告统计数据")
    wanted = sorted(set(years))
    with transaction.atomic():
        written = build_years(wanted)
        audit_record(actor, "report.figures_rebuilt", data={"years": wanted, "figures": written})
    return written


def wipe() -> None:
    """Forget every figure (the demo's reset; `verify-aggregates --fix` builds them again)."""
    AgencyFigure.objects.all().delete()
    DivisionFigure.objects.all().delete()
    FigureYear.objects.all().delete()
