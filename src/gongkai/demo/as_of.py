"""The demo's applications as they stand on the demo's "today" (its clock of record, ``DEMO_TODAY``).

The stories are generated whole (received → decided → delivered) so that the 2019–2021 statistics hold;
then every story is cut at today: what happened after it is dropped, and a case not yet decided is left
in the state it was in — awaiting confirmation (第三十一条), 待补正 (第三十条), consulting (第三十二条),
awaiting a fee, or in progress with its due date. Applications submitted after today do not exist yet.

So that every prefecture has work to show, a few cases per city that were answered on time are instead
still open past their due date (overdue): the demo is a province at work, not a clean archive.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any, Protocol

from gongkai.applications.states import Status

#: The demo province's "today": inside its data (the 2020 annual reports are being compiled, 2021's cases
#: are being handled). ``gongkai demo`` pins the clock to it (GONGKAI_TODAY).
DEMO_TODAY = date(2021, 3, 15)
#: Cases per prefecture city left open past their due date.
OVERDUE_PER_CITY = 3


class _Days(Protocol):
    def add(self, d: date, n: int) -> date: ...
    def between(self, a: date, b: date) -> int: ...


def cases_as_of(cases: list[Any], today: date, days: _Days, rng: random.Random) -> list[Any]:
    """``cases`` (the step's ``_Case`` records) cut at ``today``; order kept."""
    out = [c for c in (_cut(c, today, days) for c in cases) if c is not None]
    return _overdue_in_every_city(out, today, days, rng)


def _cut(case: Any, today: date, days: _Days) -> Any | None:
    if case.submitted_at.date() > today:
        return None
    if case.decided_on is not None and case.decided_on <= today:
        if case.delivered_on is not None and case.delivered_on > today:
            return replace(
                case,
                status=Status.DECIDED,
                delivered_on=None,
                events=[e for e in case.events if e[0] <= today],
            )
        return case
    return _open(case, today, days)


def _open(case: Any, today: date, days: _Days) -> Any:
    """The state of an undecided case on ``today``."""
    events = [e for e in case.events if e[0] <= today]
    common: dict[str, Any] = {"outcome": "", "decided_on": None, "delivered_on": None, "events": events}
    if case.received_on > today:  # online / ordinary letter not yet confirmed (第三十一条)
        return replace(
            case,
            status=Status.SUBMITTED,
            received_on=None,
            clock_start=None,
            due_date=None,
            extension_days=0,
            correction=None,
            pauses=[],
            fee=None,
            **common,
        )
    correction = case.correction
    if correction is not None and correction[0] > today:
        correction = None
    if correction is not None and (correction[2] is None or correction[2] > today):  # 待补正 (第三十条)
        return replace(
            case,
            status=Status.CORRECTION,
            clock_start=None,
            due_date=None,
            extension_days=0,
            correction=(correction[0], correction[1], None),
            pauses=[],
            fee=None,
            **common,
        )
    clock = correction[2] if correction is not None else case.received_on
    extended = any(action == "extended" for _on, action, _note in events)
    pauses: list[tuple[str, date, date | None, date, str]] = []
    paused, status = 0, (Status.RECEIVED if clock == today else Status.IN_PROGRESS)
    for kind, start, end, expected, reason in case.pauses:
        if start > today:
            continue
        if end > today:  # still running: counted up to its expected end, like the services do
            pauses.append((kind, start, None, expected, reason))
            paused += days.between(start, expected)
            status = Status.CONSULTING if kind != "fee" else Status.AWAITING_FEE
        else:
            pauses.append((kind, start, end, expected, reason))
            paused += days.between(start, end)
    fee = case.fee if case.fee is not None and case.fee[0] <= today else None
    extension = case.extension_days if extended else 0
    return replace(
        case,
        status=status,
        clock_start=clock,
        due_date=days.add(clock, 20 + extension + paused),
        extension_days=extension,
        correction=correction,
        pauses=pauses,
        fee=fee,
        **common,
    )


def _overdue_in_every_city(cases: list[Any], today: date, days: _Days, rng: random.Random) -> list[Any]:
    """Leave a few plain cases per city (received 22–30 working days ago, answered since) still open."""
    by_city: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        code = c.agency.division.code
        if code[2:4] == "00" or c.decided_on is None or c.correction or c.pauses or c.extension_days:
            continue  # province level, or not a plain story
        if c.status == Status.WITHDRAWN or c.received_on is None:
            continue
        if 22 <= days.between(c.received_on, today) <= 30:
            by_city[code[:4]].append(i)
    for _city, indexes in sorted(by_city.items()):
        for i in rng.sample(indexes, min(OVERDUE_PER_CITY, len(indexes))):
            c = cases[i]
            cases[i] = replace(
                c,
                status=Status.IN_PROGRESS,
                outcome="",
                decided_on=None,
                delivered_on=None,
                fee=None,
                events=[e for e in c.events if e[1] in ("submitted", "received")],
            )
    return cases
