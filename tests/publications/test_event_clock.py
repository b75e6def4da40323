"""A record's public history is dated on the clock of record, like every other date of the platform: a
demo pinned to its day does not show the machine's real date beside it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from gongkai.publications import services
from gongkai.publications.models import PublicationEvent
from tests.publications.conftest import normative_input, publish


def test_history_entries_are_dated_on_the_pinned_day(office: dict[str, Any], settings: Any) -> None:
    settings.GONGKAI_TODAY = "2021-03-15"
    pub = publish(office, services.publication_create(actor=office["clerk"], agency=office["agency"],
                                                      data=normative_input()))  # fmt: skip
    services.publication_correct(
        actor=office["approver"], publication=pub, title=pub.title + "（更正）", body=pub.body,
        summary=pub.summary, note="更正标题错字",
    )  # fmt: skip
    days = {timezone.localdate(e.at) for e in PublicationEvent.objects.filter(publication=pub)}
    assert days == {date(2021, 3, 15)}
