"""Fast bulk inserts for demo data (hundreds of thousands of rows).

Django's ``bulk_create`` builds a model instance and prepares every value through the field API, which
dominates a 1,000,000-row demo load. Here rows are plain dicts keyed by attribute name, values are adapted
once per column type with the backend's own adapters, and ids are assigned up front (sequences are reset
afterwards on PostgreSQL), so foreign keys can be filled in without reading anything back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

_MISSING = object()


def next_id(model: type[models.Model]) -> int:
    return int(model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        digits, places = field.max_digits, field.decimal_places
        return lambda v: ops.adapt_decimalfield_value(v, digits, places)
    if isinstance(field, models.JSONField):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def _chunks(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def insert(model: type[models.Model], rows: Iterable[dict[str, Any]], *, batch: int = 5000) -> int:
    """Insert dict rows (attribute names, e.g. ``agency_id``); absent fields get their model default."""
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608  (names from the model)
    spec = []
    for f in fields:
        # Absent values take the model default as the ORM would (callables are called per row); fields
        # without one (the id, auto_now timestamps, required foreign keys) must be given.
        required = f.primary_key or (not f.has_default() and not f.null and not f.empty_strings_allowed)
        spec.append((f.attname, None if required else f.get_default, _adapter(f)))

    def adapt(row: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for name, default, fn in spec:
            value = row.get(name, _MISSING)
            if value is _MISSING:
                if default is None:
                    raise KeyError(f"{model.__name__}.{name} has no value and no default")
                value = default()
            out.append(fn(value) if fn is not None and value is not None else value)
        return tuple(out)

    n = 0
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # COPY streams rows without a round trip per batch: several times faster than INSERT.
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with cur.cursor.copy(copy_sql) as copy:
                for row in map(adapt, rows):
                    copy.write_row(row)
                    n += 1
            return n
        for chunk in _chunks(map(adapt, rows), batch):
            cur.executemany(sql, chunk)
            n += len(chunk)
    return n


def reset_sequences(*models_: type[models.Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)


def delete_all(*models_: type[models.Model]) -> None:
    """Empty tables in the order given (children first), without Django's per-object deletion collector."""
    with connection.cursor() as cur:
        for model in models_:
            cur.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
