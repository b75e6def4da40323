"""The calendar as stored in the database: seeding, corrections by an administrator, the CLI."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from gongkai.cli import main
from gongkai.core import calendar, services
from gongkai.core.context import Actor
from gongkai.core.errors import CalendarNotCovered, InvalidInput
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_seed_covers_2004_to_package_end_and_is_idempotent(system: Actor) -> None:
    years = list(CalendarYear.objects.values_list("year", flat=True))
    assert years[0] == 2004
    assert years == list(range(2004, years[-1] + 1))
    assert services.calendar_seed_from_package(actor=system) == []
    assert CalendarYear.objects.count() == len(years)


def test_seed_adds_back_only_missing_years_and_keeps_corrections(system: Actor) -> None:
    services.calendar_day_set(
        actor=system, day=date(2020, 10, 28), kind=CalendarDay.Kind.HOLIDAY, name="更正"
    )
    CalendarYear.objects.filter(year=2019).delete()
    assert services.calendar_seed_from_package(actor=system) == [2019]
    assert calendar.add_working_days(date(2019, 9, 27), 1) == date(2019, 9, 29)  # 2019-09-29 (Sun) was worked
    assert CalendarDay.objects.get(date=date(2020, 10, 28)).name == "更正"  # the correction survives
    assert AuditEvent.objects.filter(action="calendar.seeded", data__years=[2019]).exists()


def test_database_calendar_gives_statutory_due_date() -> None:
    assert calendar.add_working_days(date(2020, 9, 28), 20) == date(2020, 11, 2)
    assert calendar.working_days_between(date(2020, 9, 28), date(2020, 11, 2)) == 20


def test_admin_correction_changes_results_at_once(system: Actor) -> None:
    before = calendar.add_working_days(date(2020, 10, 26), 5)
    assert before == date(2020, 11, 2)
    services.calendar_day_set(
        actor=system, day=date(2020, 10, 28), kind=CalendarDay.Kind.HOLIDAY, name="测试"
    )
    assert calendar.add_working_days(date(2020, 10, 26), 5) == date(2020, 11, 3)
    assert AuditEvent.objects.filter(action="calendar.day_set", object_type="core.calendarday").exists()
    services.calendar_day_remove(actor=system, day=date(2020, 10, 28))
    assert calendar.add_working_days(date(2020, 10, 26), 5) == date(2020, 11, 2)


def test_new_year_is_added_by_administrator(system: Actor) -> None:
    # A missing year never stops work: counted by weekends only and marked provisional (暂定) ...
    assert calendar.add_working_days(date(2031, 3, 2), 5) == date(2031, 3, 7)
    assert calendar.is_provisional(date(2031, 3, 2), date(2031, 3, 7))
    # ... while the strict calendar still refuses to guess.
    with pytest.raises(CalendarNotCovered):
        calendar.strict_calendar().add_working_days(date(2031, 3, 2), 5)
    services.calendar_year_create(
        actor=system, year=2031, notice="国务院办公厅关于2031年部分节假日安排的通知"
    )
    assert calendar.add_working_days(date(2031, 3, 2), 5) == date(2031, 3, 7)
    assert not calendar.is_provisional(date(2031, 3, 2), date(2031, 3, 7))


def test_day_in_missing_year_is_refused_with_field(system: Actor) -> None:
    with pytest.raises(InvalidInput) as err:
        services.calendar_day_set(actor=system, day=date(2035, 1, 1), kind=CalendarDay.Kind.HOLIDAY)
    assert "date" in err.value.fields
    assert "2035" in err.value.fields["date"]


def test_cli_calendar_add_prints_due_date() -> None:
    result = CliRunner().invoke(main, ["calendar", "add", "2020-09-28", "20"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2020-11-02"


def test_cli_calendar_add_marks_a_year_without_schedule_provisional() -> None:
    result = CliRunner().invoke(main, ["calendar", "add", "2031-03-02", "5"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "2031-03-07"
    assert "暂定" in result.stderr and "2031年" in result.stderr


def test_cli_calendar_add_strict_fails_for_year_without_schedule() -> None:
    result = CliRunner().invoke(main, ["calendar", "add", "2031-03-02", "5", "--strict"])
    assert result.exit_code == 2  # the environment lacks that year's schedule: not a failed check
    assert "2031年" in result.output


def test_cli_calendar_add_rejects_bad_date() -> None:
    result = CliRunner().invoke(main, ["calendar", "add", "2020-13-01", "5"])
    assert result.exit_code == 2
    assert result.output == "日期不存在：2020-13-01\n"
    result = CliRunner().invoke(main, ["calendar", "add", "20200301", "5"])
    assert result.exit_code == 2
    assert result.output == "日期格式应为 YYYY-MM-DD：20200301\n"
