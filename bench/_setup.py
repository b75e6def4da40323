"""Shared set-up for benchmarks: a fresh database in a temporary data directory (or GONGKAI_DATABASE_URL)."""

from __future__ import annotations

import os
import tempfile


def django_with_fresh_database() -> str:
    """Point gongkai at a new empty SQLite database (unless GONGKAI_DATABASE_URL is set), migrate it."""
    if not os.environ.get("GONGKAI_DATABASE_URL"):
        os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command(
        "flush" if os.environ.get("GONGKAI_DATABASE_URL") else "migrate", interactive=False, verbosity=0
    )
    if os.environ.get("GONGKAI_DATABASE_URL"):
        call_command("migrate", interactive=False, verbosity=0)
    from gongkai.core.context import Actor
    from gongkai.core.services import calendar_seed_from_package

    calendar_seed_from_package(actor=Actor.system("bench"))
    return str(connection.vendor)
