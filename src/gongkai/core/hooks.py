"""Extension points of the shared kernel that domain apps plug into (the kernel imports no app)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Called inside the transaction of every change to the holiday calendar, with the acting Actor.
calendar_changed: list[Callable[[Any], Any]] = []


def notify_calendar_changed(actor: Any) -> None:
    for hook in calendar_changed:
        hook(actor)
