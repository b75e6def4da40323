"""A year without a holiday schedule never stops the office (#11 item 1).

The State Council publishes next year's schedule late in the year; until it is entered, a due date that
reaches into that year is computed by weekends only (条例第三十三条 counts 工作日; REGULATIONS.md §1.5)
and marked 暂定, and it becomes definite — recomputed and audited — when the schedule is entered.
The clock is pinned to 2026-12-20: the package calendar ends with 2026, so 2027 has no schedule.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from gongkai.applications import services
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.states import Status
from gongkai.core import calendar
from gongkai.core import services as core_services
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput
from gongkai.core.models import AuditEvent, CalendarYear
from gongkai.orgs.roles import Role
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = pytest.mark.django_db
D = date

# The 2027 schedule as the notice would give it (dates invented for the test where the real notice differs
# does not matter: what matters is that entering it moves the due date).
HOLIDAYS_2027 = """
2027-01-01 至 2027-01-03 元旦
2027-02-06～2027-02-12 春节
2027-04-05 清明节
"""
WORKDAYS_2027 = "2027-02-14 春节调休\n2027-02-20 春节调休\n"


@pytest.fixture
def office() -> dict[str, Any]:
    w = factories.small_province()
    return {
        "world": w,
        "agency": w.yuexiu_edu,
        "clerk": factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu),
        "admin": factories.user("root", is_superuser=True, is_staff=True),
    }


@pytest.fixture(autouse=True)
def december_2026() -> Any:
    with time_machine.travel(factories.aware(2026, 12, 20, 10), tick=False):
        yield


def test_2027_is_not_in_the_calendar() -> None:
    assert 2026 in calendar.covered_years() and 2027 not in calendar.covered_years()


def test_intake_and_confirmation_succeed_with_a_provisional_due_date(office: Any) -> None:
    online = services.application_submit(
        actor=Actor.public("127.0.0.1"),
        agency=office["agency"],
        applicant=factories.applicant_data(),
        request=factories.request_data(),
        idempotency_key="dec-2026",
    ).application
    app = services.application_confirm_receipt(
        actor=Actor(user=office["clerk"]), application=online, on=D(2026, 12, 20)
    )
    # 20 working days after Sun 2026-12-20, counting 2027 by weekends only: 2027-01-15.
    assert (app.status, app.due_date, app.due_provisional) == (Status.RECEIVED, D(2027, 1, 15), True)
    stored = Application.objects.get(pk=app.pk)
    assert (stored.due_date, stored.due_provisional) == (D(2027, 1, 15), True)


def test_registering_and_extending_succeed(office: Any) -> None:
    app = factories.registered_application(office["agency"], office["clerk"], D(2026, 12, 18))
    assert app.due_provisional
    approver = factories.staff("head", Role.APPROVER, agency=office["agency"])
    app = services.application_extend(
        actor=Actor(user=approver), application=app, days=10, reason="需调取多年档案", on=D(2026, 12, 18)
    )
    assert app.due_provisional and app.due_date == D(2027, 1, 29)


def test_a_due_date_inside_a_scheduled_year_is_definite(office: Any) -> None:
    app = factories.registered_application(office["agency"], office["clerk"], D(2026, 11, 2))
    assert (app.due_date, app.due_provisional) == (D(2026, 11, 30), False)


def test_publishing_succeeds(office: Any) -> None:
    people = staff_of(office["world"].gz_gov, "gz")
    pub = services_publication(people, office)
    published = publish(people, pub)
    assert published.status == "published" and published.index_no


def services_publication(people: dict[str, Any], office: Any) -> Any:
    from gongkai.publications import services as pub_services

    return pub_services.publication_create(
        actor=people["clerk"],
        agency=office["world"].gz_gov,
        data=normative_input(written_on=D(2026, 12, 10), doc_number="穗府〔2026〕9号"),
    )


def test_entering_the_2027_schedule_recomputes_and_audits(office: Any) -> None:
    app = factories.registered_application(office["agency"], office["clerk"], D(2026, 12, 18))
    assert (app.due_date, app.due_provisional) == (D(2027, 1, 15), True)
    admin = Actor(user=office["admin"])
    core_services.calendar_year_enter(
        actor=admin,
        year=2027,
        notice="国务院办公厅关于2027年部分节假日安排的通知",
        holidays_text=HOLIDAYS_2027,
        workdays_text=WORKDAYS_2027,
    )
    app.refresh_from_db()
    # 2027-01-01 is a holiday on a weekday: one more working day → Mon 2027-01-18, now definite.
    assert (app.due_date, app.due_provisional) == (D(2027, 1, 18), False)
    event = ApplicationEvent.objects.get(application=app, action="due_recomputed")
    assert "2027年1月15日（暂定）" in event.note and "2027年1月18日" in event.note
    run = AuditEvent.objects.get(action="application.due_dates_recomputed")
    assert run.data["receipts"] == [app.receipt_number]
    assert AuditEvent.objects.filter(action="calendar.year_entered").exists()
    # Entering it again changes nothing and records no new timeline entry.
    core_services.calendar_year_enter(
        actor=admin, year=2027, notice="同上", holidays_text=HOLIDAYS_2027, workdays_text=WORKDAYS_2027
    )
    assert ApplicationEvent.objects.filter(application=app, action="due_recomputed").count() == 1


def test_schedule_errors_name_the_line_and_store_nothing(office: Any) -> None:
    admin = Actor(user=office["admin"])
    with pytest.raises(InvalidInput) as err:
        core_services.calendar_year_enter(
            actor=admin,
            year=2027,
            notice="",
            holidays_text="2027-01-01 元旦\n2027-02-30 春节",
            workdays_text="",
        )
    assert "第2行" in err.value.fields["holidays"]
    with pytest.raises(InvalidInput) as err:
        core_services.calendar_year_enter(
            actor=admin, year=2027, notice="", holidays_text=HOLIDAYS_2027, workdays_text="2027-02-15"
        )
    assert "是工作日" in err.value.fields["workdays"]  # a Monday is not a 调休 day
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_only_administrators_enter_a_schedule(office: Any) -> None:
    from gongkai.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        core_services.calendar_year_enter(
            actor=Actor(user=office["clerk"]),
            year=2027,
            notice="",
            holidays_text=HOLIDAYS_2027,
            workdays_text="",
        )


def test_administrators_are_warned_sixty_days_before_the_last_year_ends() -> None:
    assert calendar.coverage_warning(D(2026, 10, 31)) is None  # 61 days before 2026-12-31
    warning = calendar.coverage_warning(D(2026, 11, 1))
    assert warning is not None and "2027年" in warning
    assert "2027年" in (calendar.coverage_warning(D(2027, 1, 4)) or "")


def test_the_schedule_warning_is_shown_to_administrators_only(office: Any, client: Any) -> None:
    # Pinned to 2026-12-20: 2027's schedule is missing and 2026 ends in 11 days.
    client.force_login(office["admin"])
    page = client.get("/staff/").content.decode()
    assert "2027年的节假日安排尚未录入" in page and "录入节假日安排" in page
    client.force_login(office["clerk"])
    for url in ("/staff/", "/staff/applications/"):
        assert "节假日安排尚未录入" not in client.get(url).content.decode()
    client.logout()
    assert "节假日安排" not in client.get("/").content.decode()


def test_the_admin_enters_a_year_in_one_form(office: Any, client: Any) -> None:
    client.force_login(office["admin"])
    bad = client.post(
        "/admin/core/calendaryear/add/",
        {
            "year": "2027",
            "notice": "国务院办公厅关于2027年部分节假日安排的通知",
            "holidays": "2027-13-01 元旦",
        },
    )
    assert bad.status_code == 200 and "第1行" in bad.content.decode()  # shown on the form, input kept
    assert not CalendarYear.objects.filter(year=2027).exists()
    ok = client.post(
        "/admin/core/calendaryear/add/",
        {
            "year": "2027",
            "notice": "国务院办公厅关于2027年部分节假日安排的通知",
            "holidays": HOLIDAYS_2027,
            "workdays": WORKDAYS_2027,
        },
    )
    assert ok.status_code == 302, ok.content.decode()[:2000]
    year = CalendarYear.objects.get(year=2027)
    assert year.days.filter(kind="holiday").count() == 3 + 7 + 1
    assert year.days.filter(kind="workday").count() == 2
    assert 2027 in calendar.covered_years()
    # The change form shows the ranges folded back as typed.
    page = client.get(f"/admin/core/calendaryear/{year.pk}/change/").content.decode()
    assert "2027-02-06 至 2027-02-12 春节" in page


def test_a_letter_never_states_a_provisional_date_as_final(office: Any) -> None:
    from gongkai.applications import letters

    app = factories.registered_application(office["agency"], office["clerk"], D(2026, 12, 18))
    approver = factories.staff("head", Role.APPROVER, agency=office["agency"])
    app = services.application_extend(
        actor=Actor(user=approver), application=app, days=10, reason="需调取多年档案", on=D(2026, 12, 18)
    )
    text = "".join(
        letters.render_paragraphs("extension", letters.context(app, "extension", D(2026, 12, 18)))[1]
    )
    assert "2027年1月29日（2027年节假日安排公布前暂按周末计算，公布后按工作日重新计算）前作出答复" in text
