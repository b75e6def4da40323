"""Extension points of the shared kernel that domain apps plug into (the kernel imports no app)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Called inside the transaction of every change to the holiday calendar, with the acting Actor.
calendar_changed: list[Callable[[Any], Any]] = []


def notify_calendar_changed(actor: Any) -> None:
    for hook in calendar_changed:
        hook(actor)


#: Rules deciding whether a user administers the platform (gongkai.orgs registers its own); with none
#: registered nobody does (the kernel fails closed).
administrator_rules: list[Callable[[Any], bool]] = []


def is_administrator(user: Any) -> bool:
    return user is not None and any(rule(user) for rule in administrator_rules)


#: Called inside the transaction of every change to what the public may read (publish, withdraw, correct,
#: validity change, a report published, gazette documents imported …) with (content type, primary keys);
#: the search outbox listens.
content_changed: list[Callable[[str, list[int]], Any]] = []


def notify_content_changed(content_type: str, *pks: int) -> None:
    if not pks:
        return
    for hook in content_changed:
        hook(content_type, list(pks))


#: Called after the search index has taken in changes (a worker batch committed, a rebuild swapped in):
#: results pages saved before it are stale (the page cache listens).
index_changed: list[Callable[[], Any]] = []


def notify_index_changed() -> None:
    for hook in index_changed:
        hook()
