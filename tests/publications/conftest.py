from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.core.context import Actor
from gongkai.orgs.roles import Role
from gongkai.publications import services
from gongkai.publications.models import DocKind, Topic
from tests import factories


@pytest.fixture
def office(db: Any) -> dict[str, Any]:
    w = factories.small_province()
    return {
        "world": w,
        "agency": w.gz_gov,
        **staff_of(w.gz_gov, "gz"),
        "outsider": Actor(factories.staff("edu-clerk", Role.CLERK, agency=w.gz_edu)),
    }


def normative_input(**kw: Any) -> services.PublicationInput:
    topic = Topic.objects.get(parent__name="科技、教育", name="教育")
    values: dict[str, Any] = {
        "title": "广州市义务教育阶段学校招生入学管理办法",
        "written_on": date(2020, 3, 2),
        "kind": DocKind.NORMATIVE,
        "genre": "办法",
        "category": "20-1",
        "doc_number": "穗府〔2020〕3号",
        "topic_id": topic.pk,
        "summary": "规范义务教育阶段学校招生入学工作。",
        "body": "<p>第一条 为规范招生入学工作，制定本办法。</p>",
        "keywords": "义务教育 招生",
    }
    values.update(kw)
    return services.PublicationInput(**values)


def staff_of(agency: Any, prefix: str) -> dict[str, Actor]:
    """The agency's 经办人, 负责人 and 保密审查员 as actors, keyed "clerk", "approver", "reviewer"."""
    return {
        role.value: Actor(factories.staff(f"{prefix}-{role.value}", role, agency=agency))
        for role in (Role.CLERK, Role.APPROVER, Role.REVIEWER)
    }


def publish(people: dict[str, Any], pub: Any, now: Any = None) -> Any:
    """submit → clear review (acknowledging every flag) → publish, by ``people`` (an office or
    :func:`staff_of`); ``now`` dates the publication."""
    from gongkai.publications.models import ScanFlag

    services.publication_submit(actor=people["clerk"], publication=pub)
    for flag in ScanFlag.objects.filter(publication=pub):
        services.flag_acknowledge(actor=people["reviewer"], flag=flag)
    services.publication_clear_review(actor=people["reviewer"], publication=pub)
    return services.publication_publish(actor=people["approver"], publication=pub, now=now)
