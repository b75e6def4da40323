"""The ``gongkai`` command: a thin layer over the services and Django's management commands.

One module per command group; importing them registers their commands on ``main``.
"""

from __future__ import annotations

from gongkai.cli import admin, bootstrap, gazette, report, search, server, tokens, workdays  # noqa: F401
from gongkai.cli.app import main

__all__ = ["main"]
