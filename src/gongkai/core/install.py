"""The installation on disk: the data directory and whether the database has been initialised.

Rule: the data directory is ``GONGKAI_DATA_DIR``, or ``./var`` in the current directory; only
``gongkai init`` and ``gongkai demo`` create it (:func:`data_dir_create`). Every other command first checks
that the database is there (:func:`database_require_initialized`) and otherwise stops with one line telling
the operator to run ``gongkai init``; nothing is created on the way.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

from gongkai.core.errors import DatabaseNotInitialized, DatabaseUnavailable


def data_dir_create() -> Path:
    """Create the data directory; keep the generated secret key in it (unless GONGKAI_SECRET_KEY is set)."""
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / "secret_key"
    if not os.environ.get("GONGKAI_SECRET_KEY") and not key_file.exists():
        # This process already runs with the key settings generated; keep that one, readable by us only.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(settings.SECRET_KEY)
    return data_dir


def database_require_initialized() -> None:
    """Raise :class:`DatabaseNotInitialized` unless the database exists, answers and has its tables.

    Never creates anything: SQLite would create an empty file on connecting, so its file is checked first.
    """
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():  # type: ignore[attr-defined]
        name = Path(str(connection.settings_dict["NAME"]))
        if not name.is_file():
            raise DatabaseNotInitialized(f"找不到数据库文件 {name}")
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as e:
        if "does not exist" in str(e):  # PostgreSQL: the server answers, the database was never created
            raise DatabaseNotInitialized(f"数据库不存在（{first_line(e)}）") from e
        raise DatabaseUnavailable(first_line(e)) from e
    if "django_migrations" not in tables:
        raise DatabaseNotInitialized(f"数据库 {connection.settings_dict['NAME']} 中还没有数据表")


def first_line(error: BaseException) -> str:
    """The first non-empty line of an exception's text (database drivers add hints on further lines)."""
    return next((line.strip() for line in str(error).splitlines() if line.strip()), type(error).__name__)
