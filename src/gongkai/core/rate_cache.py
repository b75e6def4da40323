"""The rate-limit counters' cache: diskcache's Django backend (a SQLite file per host), kept open.

Django closes every cache at the end of each request; diskcache's backend then drops its SQLite connection
and the next request opens a new one and re-runs its ten PRAGMAs, which costs more than the counting. The
connections are per thread and safe to keep, so closing is a no-op here.
"""

from __future__ import annotations

from typing import Any

from diskcache import DjangoCache  # type: ignore[import-untyped]  # no type hints


class CounterCache(DjangoCache):  # type: ignore[misc]  # an untyped base
    def close(self, **kwargs: Any) -> None:
        """Kept open across requests (see the module's docstring)."""
