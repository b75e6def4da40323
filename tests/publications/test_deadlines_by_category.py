"""第二十六条 “法律、法规对政府信息公开的期限另有规定的，从其规定”: publication deadlines per 第二十条
category, kept as data (issue #11 item 5; ../shared/spec/REGULATIONS.md §1.8).

Seeded rules: 20 working days from 形成或者变更 (第二十六条) for every category without its own rule;
部门预算、决算 20 calendar days from the 批复 (预算法第十四条); 行政许可 and 行政处罚 decisions 7 working days
from the decision (national 双公示 practice [S], configurable). The holiday calendar is the one migrations
seed from the chinese-calendar package (2004–2026), as in production; 2027 has no schedule yet.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from gongkai.core.errors import InvalidInput
from gongkai.core.models import AuditEvent
from gongkai.core.workdays import WorkdayCalendar
from gongkai.publications import selectors, services, timeliness
from gongkai.publications.models import DeadlineRule, DocKind, Publication
from gongkai.publications.states import Status
from tests import factories
from tests.publications.conftest import publish

pytestmark = pytest.mark.django_db


def _record(office: dict[str, Any], category: str, written_on: date, **kw: Any) -> Publication:
    data = services.PublicationInput(
        title=kw.pop("title", "广州市人民政府信息"),
        written_on=written_on,
        kind=DocKind.OTHER,
        genre=kw.pop("genre", "通知"),
        category=category,
        **kw,
    )
    return services.publication_create(actor=office["clerk"], agency=office["agency"], data=data)


def _budget(office: dict[str, Any], approved_on: date | None = date(2020, 3, 10)) -> Publication:
    return _record(
        office,
        "20-7",
        date(2020, 3, 10),
        title="广州市人民政府办公厅2020年部门预算",
        genre="预算",
        approved_on=approved_on,
    )


# ---------------------------------------------------------------- 预算法第十四条


def test_seeded_rules_are_those_of_the_law_and_of_practice() -> None:
    """第二十六条, 预算法第十四条 and 双公示 [S], as the data migration seeds them."""
    rules = {r.category: (r.unit, r.length, r.start_event) for r in DeadlineRule.objects.all()}
    assert rules == {
        "*": ("working", 20, "formed"),
        "20-7": ("calendar", 20, "approved"),
        "20-5": ("working", 7, "decided"),
        "20-6": ("working", 7, "decided"),
    }
    assert "预算法》第十四条" in DeadlineRule.objects.get(category="20-7").basis
    assert "未经核实" in DeadlineRule.objects.get(category="20-6").basis  # 双公示 is practice, not law


def test_budget_published_20_calendar_days_after_the_approval_is_on_time(office: dict[str, Any]) -> None:
    """预算法第十四条: 部门预算 “应当在批复后二十日内由各部门向社会公开” — 20 calendar days from the 批复
    (2020-03-10 → 2020-03-30), not 20 working days (which would run to 2020-04-08)."""
    pub = _budget(office)
    deadline = selectors.publication_deadline(pub)
    assert (deadline.start, deadline.publish_by, deadline.provisional) == (
        date(2020, 3, 10),
        date(2020, 3, 30),
        False,
    )
    publish(office, pub, now=factories.aware(2020, 3, 30))
    pub.refresh_from_db()
    assert not pub.published_late
    assert selectors.late_publications(office["world"].province).total == 0


def test_budget_published_21_calendar_days_after_the_approval_is_late(office: dict[str, Any]) -> None:
    """预算法第十四条: the 21st day after the 批复 is too late, though within 20 working days."""
    pub = _budget(office)
    assert services.is_late(pub, date(2020, 3, 31))
    publish(office, pub, now=factories.aware(2020, 3, 31))
    pub.refresh_from_db()
    assert pub.published_late
    late = selectors.late_publications(office["world"].province)
    assert (late.total, [r.publication for r in late.rows]) == (1, [pub])
    assert late.rows[0].deadline.rule.category == "20-7"


def test_a_budget_cannot_be_published_without_its_approval_date(office: dict[str, Any]) -> None:
    """预算法第十四条: the period runs from the 批复, so the 批复日期 is required to publish 预决算."""
    pub = _budget(office, approved_on=None)
    with pytest.raises(InvalidInput) as e:
        publish(office, pub, now=factories.aware(2020, 3, 20))
    assert "approved_on" in e.value.fields
    pub.refresh_from_db()
    assert pub.status == Status.APPROVAL and pub.index_no is None  # nothing published


def test_an_approval_date_in_the_future_is_refused(office: dict[str, Any]) -> None:
    """预算法第十四条 counts from a 批复 that happened: not after today (the clock of record)."""
    with time_machine.travel(factories.aware(2020, 3, 15), tick=False):
        with pytest.raises(InvalidInput) as e:
            _budget(office, approved_on=date(2020, 3, 16))
        assert e.value.fields == {"approved_on": "批复日期不能晚于今天"}
        assert _budget(office, approved_on=date(2020, 3, 15)).approved_on == date(2020, 3, 15)


# ---------------------------------------------------------------- 双公示


def _penalty(office: dict[str, Any]) -> Publication:
    return _record(
        office,
        "20-6",
        date(2020, 6, 22),
        title="广州市人民政府行政处罚决定书（某某有限公司）",
        genre="决定",
        decided_on=date(2020, 6, 22),
    )


def test_penalty_decision_published_on_the_7th_working_day_is_on_time(office: dict[str, Any]) -> None:
    """双公示 (7 working days from the decision, [S]): decided Monday 2020-06-22; 端午 2020-06-25～27 off and
    Sunday 2020-06-28 a 调休 working day, so the 7th working day is 2020-07-02."""
    pub = _penalty(office)
    assert selectors.publication_deadline(pub).publish_by == date(2020, 7, 2)
    publish(office, pub, now=factories.aware(2020, 7, 2))
    pub.refresh_from_db()
    assert not pub.published_late


def test_penalty_decision_published_on_the_8th_working_day_is_late(office: dict[str, Any]) -> None:
    """双公示 [S]: the 8th working day after the decision (2020-07-03) is late, though within 20."""
    pub = _penalty(office)
    publish(office, pub, now=factories.aware(2020, 7, 3))
    pub.refresh_from_db()
    assert pub.published_late
    assert selectors.late_publications(office["world"].province).total == 1


def test_a_penalty_record_without_a_decision_date_keeps_the_default(office: dict[str, Any]) -> None:
    """第二十条（六） also covers the 依据、条件、程序 of penalties: without a 决定日期 the record is no
    decision, and 第二十六条's 20 working days from 形成 apply."""
    pub = _record(office, "20-6", date(2020, 6, 22), title="行政处罚裁量基准")
    deadline = selectors.publication_deadline(pub)
    assert (deadline.rule.category, deadline.publish_by) == ("*", date(2020, 7, 21))


# ---------------------------------------------------------------- 第二十六条 default


def test_default_is_20_working_days_from_forming_across_the_spring_festival(office: dict[str, Any]) -> None:
    """第二十六条: formed Monday 2020-01-20; 春节 2020-01-24～02-02 off (the extension to 02-02 included):
    the 20th working day is 2020-02-25, the 21st 2020-02-26."""
    pub = _record(office, "20-15", date(2020, 1, 20))
    deadline = selectors.publication_deadline(pub)
    assert (deadline.rule.category, deadline.publish_by, deadline.provisional) == (
        "*",
        date(2020, 2, 25),
        False,
    )
    assert not services.is_late(pub, date(2020, 2, 25))
    assert services.is_late(pub, date(2020, 2, 26))


def test_a_change_date_restarts_the_default_period(office: dict[str, Any]) -> None:
    """第二十六条: “自该政府信息形成或者变更之日起” — the 变更日期 when there is one."""
    pub = _record(office, "20-15", date(2020, 1, 2), changed_on=date(2020, 1, 20))
    assert selectors.publication_deadline(pub).publish_by == date(2020, 2, 25)


# ---------------------------------------------------------------- rules are data


@pytest.fixture
def root(client: Client) -> Any:
    user = factories.user("root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_a_rule_edited_in_the_admin_changes_the_result(
    office: dict[str, Any], client: Client, root: Any
) -> None:
    """第二十六条 “另有规定” is local data: a province whose 双公示 rule is 5 working days edits the 行政处罚
    row; a decision published on the 7th working day then counts as late, and the edit is audited."""
    pub = _penalty(office)
    publish(office, pub, now=factories.aware(2020, 7, 2))
    assert selectors.late_publications(office["world"].province).total == 0
    rule = DeadlineRule.objects.get(category="20-6")
    response = client.post(
        f"/admin/publications/deadlinerule/{rule.pk}/change/",
        {
            "category": "20-6",
            "unit": "working",
            "length": 5,
            "start_event": "decided",
            "basis": "某省双公示规定：自作出决定之日起5个工作日内公开",
        },
    )
    assert response.status_code == 302
    late = selectors.late_publications(office["world"].province)
    assert (late.total, late.rows[0].deadline.publish_by) == (1, date(2020, 6, 30))
    audit = AuditEvent.objects.get(action="publications.deadlinerule.updated")
    assert audit.data == {"fields": ["basis", "length"]}


def test_the_default_rule_cannot_count_from_another_event_nor_be_deleted(client: Client, root: Any) -> None:
    """第二十六条: the default counts from 形成或者变更之日, the one date every record has."""
    rule = DeadlineRule.objects.get(category="*")
    response = client.post(
        f"/admin/publications/deadlinerule/{rule.pk}/change/",
        {"category": "*", "unit": "working", "length": 20, "start_event": "approved", "basis": rule.basis},
    )
    assert response.status_code == 200  # the form again, with the error
    rule.refresh_from_db()
    assert rule.start_event == "formed"
    assert (
        client.post(f"/admin/publications/deadlinerule/{rule.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert DeadlineRule.objects.filter(category="*").exists()


def test_without_any_rule_row_the_statute_applies() -> None:
    """第二十六条 itself when the table is empty (an administrator deleted every rule)."""
    DeadlineRule.objects.all().delete()
    rules = selectors.deadline_rules()
    assert rules.for_category("20-7") == timeliness.STATUTORY_DEFAULT


# ---------------------------------------------------------------- a year without a holiday schedule


def test_a_year_without_a_holiday_schedule_does_not_raise_and_is_provisional(office: dict[str, Any]) -> None:
    """第二十六条 counts 工作日, and 2027's schedule is not entered yet: formed 2026-12-28, the period is
    counted by weekends only through 2027 (2027-01-01 counted as a working day) to 2027-01-25, marked 暂定."""
    with time_machine.travel(factories.aware(2027, 1, 26), tick=False):
        pub = _record(office, "20-15", date(2026, 12, 28))
        deadline = selectors.publication_deadline(pub)
        assert (deadline.publish_by, deadline.provisional) == (date(2027, 1, 25), True)
        publish(office, pub, now=factories.aware(2027, 1, 26))
        pub.refresh_from_db()
        assert pub.published_late
        late = selectors.late_publications(office["world"].province)
        assert (late.total, late.provisional) == (1, 1)


def test_the_pure_function_catches_a_strict_calendar_refusal() -> None:
    """第二十六条 with a calendar that raises CalendarNotCovered for 2027: computed, not raised."""
    strict = WorkdayCalendar.build([2026], [], [])
    rules = timeliness.Rules.of(
        [timeliness.STATUTORY_DEFAULT, timeliness.Rule("20-6", "working", 7, "decided")]
    )
    found = timeliness.deadline(
        rules, "20-6", timeliness.RecordDates(date(2026, 12, 28), decided_on=date(2026, 12, 28)), strict
    )
    # 12-29, 12-30, 12-31, then 2027-01-01 (a Friday, by weekends only), 01-04, 01-05, 01-06
    assert (found.publish_by, found.provisional) == (date(2027, 1, 6), True)
    inside = timeliness.deadline(
        rules, "20-6", timeliness.RecordDates(date(2026, 12, 1), decided_on=date(2026, 12, 1)), strict
    )
    assert (inside.publish_by, inside.provisional) == (date(2026, 12, 10), False)


# ---------------------------------------------------------------- form and queries


def test_the_staff_form_shows_the_approval_date_with_its_help_text(
    office: dict[str, Any], client: Client
) -> None:
    client.force_login(office["clerk"].user)
    response = client.get(f"/staff/publications/new/{office['agency'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "批复日期" in html and "预算法第十四条" in html and "决定日期" in html


def test_the_late_list_loads_rules_once_not_per_row(
    office: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    """第二十六条 over a subtree: a constant number of queries however many records."""
    for day in (2, 3, 6):
        pub = _record(office, "20-15", date(2020, 1, day), title=f"信息{day}")
        publish(office, pub, now=factories.aware(2020, 3, 2))
    selectors.late_publications(office["world"].province)  # warm the calendar cache
    with django_assert_max_num_queries(5):
        late = selectors.late_publications(office["world"].province)
    assert late.total == 3
