"""The publishing workflow: 保密审查 by someone else than the author, 同步发布 of interpretations, 索引号,
withdrawal, corrections, validity history and 第二十六条 timeliness."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from gongkai.publications import selectors, services
from gongkai.publications.models import (
    DocKind,
    IndexCounter,
    Interpretation,
    Publication,
    PublicationVersion,
    ScanFlag,
    Validity,
)
from gongkai.publications.states import TRANSITIONS, Status
from tests import factories
from tests.publications.conftest import normative_input, publish

pytestmark = pytest.mark.django_db


def aware(y: int, m: int, d: int) -> Any:
    return timezone.make_aware(timezone.datetime(y, m, d, 10, 0))


def test_every_invalid_field_is_named_at_once(office: dict[str, Any]) -> None:
    data = normative_input(title=" ", written_on=None, doc_number="穗府2020-3", category="20-4")
    with pytest.raises(InvalidInput) as e:
        services.publication_create(actor=office["clerk"], agency=office["agency"], data=data)
    assert set(e.value.fields) >= {"title", "written_on", "doc_number", "category"}
    assert "机关代字〔年份〕序号号" in e.value.fields["doc_number"]
    assert Publication.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("粤府〔2020〕1号", "粤府〔2020〕1号"),
        ("粤府[2020]1号", "粤府〔2020〕1号"),
        ("粤府（2020） 12号", "粤府〔2020〕12号"),
        ("广东省人民政府令第270号", "广东省人民政府令第270号"),
    ],
)
def test_doc_numbers_are_normalised_to_hexagonal_brackets(typed: str, stored: str) -> None:
    assert services.normalize_doc_number(typed) == stored


def test_doc_number_serials_are_not_zero_padded() -> None:
    with pytest.raises(InvalidInput) as e:
        services.normalize_doc_number("粤府〔2020〕01号")
    assert "不编虚位" in e.value.fields["doc_number"]


def test_a_rule_is_made_only_by_a_province_or_city_government(office: dict[str, Any]) -> None:
    w = office["world"]
    clerk = factories.staff("yx-clerk", Role.CLERK, agency=w.yuexiu_gov)
    from gongkai.core.context import Actor

    with pytest.raises(InvalidInput) as e:
        services.publication_create(
            actor=Actor(clerk), agency=w.yuexiu_gov, data=normative_input(kind=DocKind.RULE, doc_number="")
        )
    assert "规章只能由省、设区的市人民政府制定" in e.value.fields["kind"]


def test_only_the_agencys_own_staff_draft(office: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.publication_create(actor=office["outsider"], agency=office["agency"], data=normative_input())


def test_body_html_is_sanitised(office: dict[str, Any]) -> None:
    pub = services.publication_create(
        actor=office["clerk"],
        agency=office["agency"],
        data=normative_input(
            body='<p onclick="x()">正文<script>alert(1)</script><a href="javascript:x">链接</a></p>'
        ),
    )
    assert "script" not in pub.body and "onclick" not in pub.body and "javascript" not in pub.body
    assert "正文" in pub.body


def test_policy_needing_interpretation_is_refused_until_one_exists_then_both_publish_together(
    office: dict[str, Any],
) -> None:
    pub = services.publication_create(
        actor=office["clerk"], agency=office["agency"], data=normative_input(needs_interpretation=True)
    )
    with pytest.raises(InvalidInput) as e:
        services.publication_submit(actor=office["clerk"], publication=pub)
    assert e.value.code == "interpretation_missing"
    item = services.interpretation_save(
        actor=office["clerk"], policy=pub, title="《招生入学管理办法》政策解读", body="<p>一、制定背景</p>"
    )
    assert item.status == Status.DRAFT
    pub = publish(office, pub)
    item.refresh_from_db()
    assert pub.status == Status.PUBLISHED and item.status == Status.PUBLISHED
    assert item.published_at == pub.published_at  # 同步发布


def test_reviewer_must_not_be_the_author(office: dict[str, Any]) -> None:
    w = office["world"]
    both = factories.staff("both", Role.CLERK, agency=w.gz_gov)
    from gongkai.core.context import Actor
    from gongkai.orgs.models import StaffRole

    StaffRole.objects.create(user=both, role=Role.REVIEWER, agency=w.gz_gov)
    pub = services.publication_create(actor=Actor(both), agency=w.gz_gov, data=normative_input())
    services.publication_submit(actor=Actor(both), publication=pub)
    with pytest.raises(PermissionDenied) as e:
        services.publication_clear_review(actor=Actor(both), publication=pub)
    assert "不能是起草人" in e.value.message
    services.publication_clear_review(actor=office["reviewer"], publication=pub)


def test_flags_in_the_body_must_each_be_acknowledged(office: dict[str, Any]) -> None:
    id_number = factories.resident_id()
    pub = services.publication_create(
        actor=office["clerk"],
        agency=office["agency"],
        data=normative_input(body=f"<p>联系人张三，身份证{id_number}，手机13800138000。</p>"),
    )
    services.publication_submit(actor=office["clerk"], publication=pub)
    flags = list(ScanFlag.objects.filter(publication=pub).order_by("pk"))
    assert [f.kind for f in flags] == ["id_number", "mobile"]
    assert id_number not in flags[0].detail and "*" in flags[0].detail  # masked
    with pytest.raises(InvalidInput) as e:
        services.publication_clear_review(actor=office["reviewer"], publication=pub)
    assert e.value.code == "flags_open"
    with pytest.raises(PermissionDenied):  # the approver is not the reviewer
        services.flag_acknowledge(actor=office["approver"], flag=flags[0])
    for f in flags:
        services.flag_acknowledge(actor=office["reviewer"], flag=f)
    services.publication_clear_review(actor=office["reviewer"], publication=pub)
    assert not AuditEvent.objects.filter(data__icontains=id_number).exists()


def test_publication_gets_an_index_number_per_agency_and_year_never_reused(office: dict[str, Any]) -> None:
    a = publish(
        office,
        services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input()),
    )
    b = publish(
        office,
        services.publication_create(
            actor=office["clerk"], agency=office["agency"], data=normative_input(doc_number="穗府〔2020〕4号")
        ),
    )
    year = timezone.localdate().year
    prefix = office["agency"].uscc[8:17]
    assert a.index_no == f"{prefix}/{year}-00001" and b.index_no == f"{prefix}/{year}-00002"
    assert re.fullmatch(r"[0-9A-Z]{9}/\d{4}-\d{5}", a.index_no)
    services.publication_withdraw(actor=office["approver"], publication=b, reason="内容有误")
    c = publish(
        office,
        services.publication_create(
            actor=office["clerk"], agency=office["agency"], data=normative_input(doc_number="穗府〔2020〕5号")
        ),
    )
    assert c.index_no == f"{prefix}/{year}-00003"
    assert IndexCounter.objects.get(agency=office["agency"], year=year).last == 3


def test_only_the_approver_publishes(office: dict[str, Any]) -> None:
    pub = services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input())
    services.publication_submit(actor=office["clerk"], publication=pub)
    services.publication_clear_review(actor=office["reviewer"], publication=pub)
    with pytest.raises(PermissionDenied):
        services.publication_publish(actor=office["clerk"], publication=pub)
    with pytest.raises(InvalidTransition):
        services.publication_withdraw(actor=office["approver"], publication=pub, reason="x")


def test_withdrawn_record_stays_reachable_and_says_why_but_leaves_every_list(office: dict[str, Any]) -> None:
    pub = publish(
        office,
        services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input()),
    )
    with pytest.raises(InvalidInput) as e:
        services.publication_withdraw(actor=office["approver"], publication=pub, reason=" ")
    assert "reason" in e.value.fields
    services.publication_withdraw(actor=office["approver"], publication=pub, reason="已被新文件代替")
    got = selectors.publication_public_get(pub.pk)
    assert got.status == Status.WITHDRAWN and got.withdrawn_reason == "已被新文件代替"
    assert pub.pk not in [p.pk for p in selectors.latest(50)]
    assert selectors.agency_publications(office["agency"]).items == []
    assert selectors.library(selectors.LibraryFilters()).items == []


def test_a_correction_is_a_new_version_and_the_old_text_stays_readable(office: dict[str, Any]) -> None:
    pub = publish(
        office,
        services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input()),
    )
    with pytest.raises(InvalidInput) as e:
        services.publication_correct(
            actor=office["approver"],
            publication=pub,
            title=pub.title,
            body="<p>电话13800138000</p>",
            summary="",
            note="改",
        )
    assert "个人信息" in e.value.fields["body"]
    services.publication_correct(
        actor=office["approver"],
        publication=pub,
        title=pub.title,
        body="<p>第一条 修正后的条文。</p>",
        summary=pub.summary,
        note="更正第一条的文字错误",
    )
    pub.refresh_from_db()
    assert pub.version == 2 and pub.revision_note == "更正第一条的文字错误"
    old = PublicationVersion.objects.get(publication=pub)
    assert old.version == 1 and "为规范招生入学工作" in old.body


def test_a_replacement_marks_the_old_document_amended_with_a_link(office: dict[str, Any]) -> None:
    old = publish(
        office,
        services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input()),
    )
    assert old.validity == Validity.IN_FORCE
    new = services.publication_create(
        actor=office["clerk"],
        agency=office["agency"],
        data=normative_input(
            title="广州市义务教育阶段学校招生入学管理办法（修订）",
            doc_number="穗府〔2020〕9号",
            supersedes_id=old.pk,
            supersedes_as=Validity.AMENDED,
        ),
    )
    publish(office, new)
    old.refresh_from_db()
    assert old.validity == Validity.AMENDED and old.replaced_by_id == new.pk
    assert old.validity_changed_on == timezone.localdate()
    assert old.events.filter(action="validity_changed", public=True).exists()


def test_supersedes_must_name_a_published_rule_or_normative_document(office: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as e:
        services.publication_create(
            actor=office["clerk"],
            agency=office["agency"],
            data=normative_input(supersedes_id=999999, supersedes_as=""),
        )
    assert {"supersedes", "supersedes_as"} <= set(e.value.fields)


def test_publishing_more_than_20_working_days_after_forming_is_flagged(office: dict[str, Any]) -> None:
    """第二十六条: formed 2020-09-28; 20 working days later is 2020-11-02 (国庆/中秋 holidays)."""
    pub = services.publication_create(
        actor=office["clerk"], agency=office["agency"], data=normative_input(written_on=date(2020, 9, 28))
    )
    assert not services.is_late(pub, date(2020, 11, 2))
    assert services.is_late(pub, date(2020, 11, 3))
    publish(office, pub, now=aware(2020, 11, 3))
    pub.refresh_from_db()
    assert pub.published_late
    late = selectors.late_publications(office["world"].province)
    assert (late.total, [r.publication for r in late.rows]) == (1, [pub])
    assert late.rows[0].deadline.publish_by == date(2020, 11, 2)


def test_interpretation_forms_are_validated(office: dict[str, Any]) -> None:
    pub = services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input())
    with pytest.raises(InvalidInput) as e:
        services.interpretation_save(
            actor=office["clerk"], policy=pub, title="解读", form=Interpretation.Form.VIDEO
        )
    assert "video_url" in e.value.fields
    with pytest.raises(InvalidInput) as e:
        services.interpretation_save(
            actor=office["clerk"],
            policy=pub,
            title="解读",
            form=Interpretation.Form.QA,
            qa=[{"q": "问题", "a": ""}],
        )
    assert "qa" in e.value.fields
    with pytest.raises(InvalidInput) as e:
        services.interpretation_save(
            actor=office["clerk"], policy=pub, title="解读", form=Interpretation.Form.GRAPHIC
        )
    assert "image" in e.value.fields


def test_every_transition_is_reachable_and_terminal_states_have_no_way_out() -> None:
    reachable = {Status.DRAFT}
    frontier = [Status.DRAFT]
    while frontier:
        for nxt in TRANSITIONS[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(Status)
    assert TRANSITIONS[Status.WITHDRAWN] == frozenset()
