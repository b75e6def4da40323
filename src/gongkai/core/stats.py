"""``gongkai stats``: counts of what is in the database, contributed by each app.

An app registers a provider in its ``AppConfig.ready``; the providers' dicts are merged under their keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

StatsProvider = Callable[[], dict[str, Any]]
_providers: dict[str, StatsProvider] = {}


def register(key: str, provider: StatsProvider) -> None:
    _providers[key] = provider


def collect() -> dict[str, Any]:
    return {key: provider() for key, provider in sorted(_providers.items())}
