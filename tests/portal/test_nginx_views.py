"""Document views nginx served from the page cache reach the records' view counts (gongkai.pages.hits):
read from the views log past the last offset, whole lines only, the log emptied once large."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.pages import hits, store
from gongkai.publications import services
from gongkai.publications.models import Publication
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pubs(db: Any) -> list[Publication]:
    w = factories.small_province()
    people = staff_of(w.gz_gov, "gz")
    out = []
    for i in range(2):
        data = normative_input(title=f"通知{i}", doc_number=f"穗府〔2020〕{i + 1}号")
        out.append(
            publish(people, services.publication_create(actor=people["clerk"], agency=w.gz_gov, data=data))
        )
    return out


def _views(pub: Publication) -> int:
    return Publication.objects.get(pk=pub.pk).view_count


def _append(text: str) -> None:
    log = store.views_log()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as f:
        f.write(text)


def test_logged_views_are_counted_once(pubs: list[Publication]) -> None:
    a, b = pubs
    before = _views(a), _views(b)
    assert not hits.has_work()
    _append(f"/publications/{a.pk}/\n/en/publications/{a.pk}/\n/publications/{b.pk}/\n/publications/x/\n/\n")
    assert hits.has_work()
    assert hits.count_logged_views() == 3
    assert (_views(a), _views(b)) == (before[0] + 2, before[1] + 1)
    assert not hits.has_work() and hits.count_logged_views() == 0  # nothing counted twice
    _append(f"/publications/{b.pk}/\n/publications/{b.pk}")  # the second line is still being written
    assert hits.count_logged_views() == 1
    _append("/\n")
    assert hits.count_logged_views() == 1  # the finished line
    assert _views(b) == before[1] + 3


def test_the_log_is_emptied_once_large_and_a_rotated_log_is_read_from_its_start(
    pubs: list[Publication], monkeypatch: Any
) -> None:
    a = pubs[0]
    monkeypatch.setattr(hits, "TRUNCATE_ABOVE", 100)
    _append(f"/publications/{a.pk}/\n" * 10)
    assert hits.count_logged_views() == 10
    assert store.views_log().stat().st_size == 0  # emptied: nginx appends from the start again
    _append(f"/publications/{a.pk}/\n")
    assert hits.count_logged_views() == 1
    log = store.views_log()
    log.rename(log.with_name("views.log.1"))  # rotated by logrotate: a new file, as long as the old
    _append(f"/publications/{a.pk}/\n")
    assert hits.count_logged_views() == 1
    assert _views(a) == 12


def test_the_worker_schedules_the_count_only_when_nginx_logged_something(pubs: list[Publication]) -> None:
    from gongkai.jobs import schedule

    names = [p.task.name for p in schedule.periodic() if p.has_work is hits.has_work]
    assert names == ["count_nginx_views"]
    assert "count_nginx_views" not in schedule.enqueue_due()
    _append(f"/publications/{pubs[0].pk}/\n")
    assert "count_nginx_views" in schedule.enqueue_due()
