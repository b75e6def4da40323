"""The stored per-agency figures (gongkai.reports.aggregates) always equal a recount from scratch: after
random writes through the services (applications received, decided and appealed; publications made,
published and repealed; 权责事项, decisions, procurement; 表二 entries; an agency moved), the stored rows
match the recount and every agency's, government's and region's report equals the one counted straight
from the records."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gongkai.appeals import services as appeal_services
from gongkai.applications import services as app_services
from gongkai.core.context import Actor
from gongkai.orgs import services as org_services
from gongkai.orgs.models import Agency, Division
from gongkai.orgs.roles import Role
from gongkai.publications import services as pub_services
from gongkai.publications.models import ItemDecision, PowerItem, ProcurementProject
from gongkai.reports import compute
from gongkai.reports import services as report_services
from gongkai.reports.aggregates import store, verify
from gongkai.reports.models import AgencyFigure, DivisionFigure, FigureYear
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = pytest.mark.django_db
YEARS = (2019, 2020, 2021)
OUTCOMES = (
    "三、本年度办理结果/（一）予以公开",
    "三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息",
    "三、本年度办理结果/（五）不予处理/1.信访举报投诉类申请",
)


def _all_reports_equal_the_recount() -> None:
    for agency in Agency.objects.all():
        for year in YEARS:
            scope = compute.scope_of_agency(agency)
            assert (
                compute.compute(scope, year).as_json() == compute.compute_from_records(scope, year).as_json()
            )
    for division in Division.objects.all():
        for region in (True, False):
            scope = compute.scope_of_division(division, region=region)
            for year in YEARS:
                fast, slow = compute.compute(scope, year).as_json(), compute.compute_from_records(scope, year)
                assert fast == slow.as_json(), (division.name, region, year)


def _day(rng: random.Random) -> date:
    return date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))


class Writer:
    """Random writes through the services, as the staff of a few agencies would make them."""

    def __init__(self, world: Any, rng: random.Random) -> None:
        self.rng, self.world = rng, world
        self.agencies = [world.yuexiu_edu, world.gz_gov, world.beijing_office]
        self.staff = {a.pk: staff_of(a, f"s{a.pk}") for a in self.agencies}
        self.apps: list[Any] = []
        self.items: list[PowerItem] = []
        self.docs = 0

    def receive(self) -> None:
        agency = self.rng.choice(self.agencies)
        app = factories.registered_application(agency, self.staff[agency.pk]["clerk"].user, _day(self.rng))
        self.apps.append(app)

    def decide(self) -> None:
        open_ = [a for a in self.apps if a.decided_on is None]
        if not open_:
            return self.receive()
        app = self.rng.choice(open_)
        on = max(app.received_on, _day(self.rng))
        app_services.application_decide(
            actor=self.staff[app.agency_id]["clerk"],
            application=app,
            outcome=self.rng.choice(OUTCOMES),
            basis="",
            reason="",
            on=on,
        )
        app.refresh_from_db()

    def fee(self) -> None:
        """信息处理费 paid (saved as clock_services.application_fee_paid saves it)."""
        if not self.apps:
            return self.receive()
        app = self.rng.choice(self.apps)
        app.fee_amount, app.fee_paid_on = Decimal(self.rng.randint(1, 9999)) / 100, _day(self.rng)
        app.save(update_fields=["fee_amount", "fee_paid_on", "updated_at"])

    def appeal(self) -> None:
        decided = [a for a in self.apps if a.decided_on is not None]
        if not decided:
            return self.decide()
        app = self.rng.choice(decided)
        actor = self.staff[app.agency_id]["clerk"]
        filed = max(app.decided_on, _day(self.rng))
        case = appeal_services.appeal_record(
            actor=actor, agency=app.agency, application=app, kind="review", filed_on=filed
        )
        if self.rng.random() < 0.6:
            on = max(filed, _day(self.rng))
            appeal_services.appeal_conclude(actor=actor, appeal=case, result="upheld", on=on)

    def publication(self) -> None:
        agency = self.world.gz_gov
        people = self.staff[agency.pk]
        self.docs += 1
        written = _day(self.rng)
        pub = pub_services.publication_create(
            actor=people["clerk"],
            agency=agency,
            data=normative_input(written_on=written, doc_number=f"穗府〔{written.year}〕{self.docs}号"),
        )
        at = timezone.make_aware(
            timezone.datetime(written.year, written.month, written.day, 10) + timezone.timedelta(days=3)
        )
        pub = publish(people, pub, now=at)
        if self.rng.random() < 0.4:
            pub_services.publication_set_validity(
                actor=people["approver"],
                publication=pub,
                validity="repealed",
                on=max(written, _day(self.rng)),
            )

    def power(self) -> None:
        agency = self.rng.choice(self.agencies)
        if self.items and self.rng.random() < 0.5:
            item = self.rng.choice(self.items)
            ItemDecision.objects.create(item=item, decided_on=_day(self.rng))
            return
        kind = self.rng.choice(["行政许可", "行政处罚", "行政事业性收费"])
        item = PowerItem.objects.create(agency=agency, kind=kind, name="事项", established_on=_day(self.rng))
        self.items.append(item)
        if self.rng.random() < 0.3:
            item.abolished_on = _day(self.rng)
            item.save()

    def procurement(self) -> None:
        agency = self.rng.choice(self.agencies)
        amount = self.rng.randint(1, 10**8)
        ProcurementProject.objects.create(agency=agency, contracted_on=_day(self.rng), amount_fen=amount)

    def table2(self) -> None:
        agency = self.world.gz_edu
        clerk = factories.staff(f"t2-{self.rng.random()}", Role.CLERK, agency=agency)
        year = self.rng.choice(YEARS)
        cells = report_services.table2_cells(year)
        values = {cell: str(self.rng.randint(0, 9)) for cell in self.rng.sample(cells, 5)}
        report_services.table2_save(actor=Actor(user=clerk), agency=agency, year=year, values=values)

    def move(self) -> None:
        target = self.rng.choice([self.world.futian, self.world.yuexiu])
        org_services.agency_move(actor=Actor.system("tests"), agency=self.world.gz_edu, division=target)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_figures_equal_a_recount_after_random_writes(seed: int) -> None:
    world = factories.small_province()
    rng = random.Random(seed)
    writer = Writer(world, rng)
    for _ in range(6):
        writer.receive()
    store.build_years(range(2016, 2022))  # built before the writes: from here on only the writes keep them
    assert verify.differences() == []
    ops = [writer.receive] * 4 + [writer.decide] * 4 + [writer.appeal] * 2 + [writer.publication] * 2
    ops += [writer.power, writer.procurement, writer.table2, writer.move, writer.fee]
    for _ in range(40):
        rng.choice(ops)()
    assert AgencyFigure.objects.exists() and DivisionFigure.objects.exists()
    assert verify.differences() == []
    _all_reports_equal_the_recount()


def test_a_missing_year_is_built_on_first_read_and_kept_by_later_writes() -> None:
    world = factories.small_province()
    clerk = factories.staff("c", Role.CLERK, agency=world.yuexiu_edu)
    factories.registered_application(world.yuexiu_edu, clerk, date(2020, 3, 2))
    scope = compute.scope_of_division(world.province, region=True)
    assert compute.compute(scope, 2020).table3[compute.RECEIVED]["总计"] == 1
    assert set(FigureYear.objects.values_list("year", flat=True)) == {2016, 2017, 2018, 2019, 2020}
    factories.registered_application(world.yuexiu_edu, clerk, date(2020, 5, 6))  # no rebuild: a write
    assert compute.compute(scope, 2020).table3[compute.RECEIVED]["总计"] == 2
    assert verify.differences() == []


def test_verify_reports_a_tampered_figure_and_a_rebuild_fixes_it() -> None:
    world = factories.small_province()
    clerk = factories.staff("c", Role.CLERK, agency=world.yuexiu_edu)
    factories.registered_application(world.yuexiu_edu, clerk, date(2020, 3, 2))
    store.build_years([2020])
    AgencyFigure.objects.filter(agency=world.yuexiu_edu, key__endswith="|received").update(value=5)
    found = verify.differences()
    assert [(d.owner, d.name, d.year, d.stored, d.counted) for d in found] == [
        ("agency", "广州市越秀区教育局", 2020, 5, 1)
    ]
    store.build_years([2020])
    assert verify.differences() == []


def test_verify_aggregates_command_reports_fixes_and_confirms() -> None:
    from click.testing import CliRunner

    from gongkai.cli import main

    world = factories.small_province()
    clerk = factories.staff("c", Role.CLERK, agency=world.yuexiu_edu)
    factories.registered_application(world.yuexiu_edu, clerk, date(2020, 3, 2))
    runner = CliRunner()
    unbuilt = runner.invoke(main, ["report", "verify-aggregates", "--year", "2020"])
    assert unbuilt.exit_code == 1 and "2020年：尚未建立统计数据" in unbuilt.output
    fixed = runner.invoke(main, ["report", "verify-aggregates", "--year", "2020", "--fix"])
    assert fixed.exit_code == 0 and "已按原始记录重新统计2020年度" in fixed.output
    AgencyFigure.objects.filter(key__endswith="|received").update(value=7)
    wrong = runner.invoke(main, ["report", "verify-aggregates"])
    assert wrong.exit_code == 1
    assert "2020年 机关“广州市越秀区教育局”" in wrong.output and "已存 7，重新统计 1" in wrong.output
    assert "发现1处差异" in wrong.output
    assert runner.invoke(main, ["report", "verify-aggregates", "--fix"]).exit_code == 0
    ok = runner.invoke(main, ["report", "verify-aggregates"])
    assert ok.exit_code == 0 and "统计数据与原始记录完全一致" in ok.output


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_one_city_leave_the_figures_equal_to_the_recount() -> None:
    """PostgreSQL (SQLite serialises writers anyway): applications committed from several threads at once,
    to the same agency and to agencies under the same city, lose no update of the roll-ups."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL only")
    world = factories.small_province()
    clerks = {
        a.pk: factories.staff(f"c{a.pk}", Role.CLERK, agency=a) for a in (world.gz_edu, world.yuexiu_edu)
    }
    store.build_years([2020])
    errors: list[BaseException] = []

    def write(agency: Agency, days: range) -> None:
        try:
            for day in days:
                factories.registered_application(agency, clerks[agency.pk], date(2020, 5, day))
        except BaseException as e:  # reported by the main thread
            errors.append(e)
        finally:
            connections.close_all()

    agencies = (world.gz_edu, world.yuexiu_edu, world.gz_edu, world.yuexiu_edu)
    threads = [threading.Thread(target=write, args=(agency, range(1, 9))) for agency in agencies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert verify.differences() == []
    scope = compute.scope_of_division(world.guangzhou, region=True)
    assert compute.compute(scope, 2020).table3[compute.RECEIVED]["总计"] == 32
