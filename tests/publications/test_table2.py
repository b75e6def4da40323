"""表二 computed from records (publications, 权责事项 and their decisions, 政府集中采购 projects), with an
agency's own entered figures taking its place as a whole."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from gongkai.publications import services
from gongkai.publications.models import ItemDecision, PowerItem, ProcurementProject, Publication, Validity
from gongkai.reports import compute
from gongkai.reports.models import Table2Entry
from tests.publications.conftest import normative_input, publish

pytestmark = pytest.mark.django_db


def _at(y: int, m: int, d: int) -> Any:
    return timezone.make_aware(timezone.datetime(y, m, d, 10, 0))


def test_table2_counts_records_in_both_formats(office: dict[str, Any]) -> None:
    agency = office["agency"]
    made = []
    for i, (written, published) in enumerate(
        [
            (date(2020, 3, 2), (2020, 3, 3)),
            (date(2019, 12, 20), (2020, 1, 6)),
            (date(2020, 12, 28), (2021, 1, 4)),
        ]
    ):
        pub = services.publication_create(
            actor=office["clerk"],
            agency=agency,
            data=normative_input(written_on=written, doc_number=f"穗府〔2020〕{i + 1}号"),
        )
        made.append(publish(office, pub, now=_at(*published)))
    Publication.objects.filter(pk=made[1].pk).update(
        validity=Validity.REPEALED, validity_changed_on=date(2020, 6, 1)
    )
    for kind, established, abolished in [
        ("行政许可", date(2015, 1, 1), None),
        ("行政许可", date(2020, 5, 6), None),
        ("行政许可", date(2016, 1, 1), date(2020, 8, 3)),
        ("行政处罚", date(2018, 1, 1), None),
    ]:
        item = PowerItem.objects.create(
            agency=agency, kind=kind, name="事项", established_on=established, abolished_on=abolished
        )
        ItemDecision.objects.bulk_create(
            [ItemDecision(item=item, decided_on=date(2020, 7, d)) for d in (1, 2)]
        )
        ItemDecision.objects.create(item=item, decided_on=date(2019, 7, 1))  # another year
    ProcurementProject.objects.create(agency=agency, contracted_on=date(2020, 4, 1), amount_fen=12_3456_00)
    ProcurementProject.objects.create(agency=agency, contracted_on=date(2020, 9, 1), amount_fen=7_6544_00)
    ProcurementProject.objects.create(agency=agency, contracted_on=date(2021, 1, 5), amount_fen=99_0000_00)

    t19 = compute.compute(compute.scope_of_agency(agency), 2020).table2  # 2020 uses the 2019 format
    b1 = t19["第二十条第（一）项"]["规范性文件"]
    assert b1 == {"本年新制作数量": "1", "本年新公开数量": "2", "对外公开总数量": "2"}
    licensing = t19["第二十条第（五）项"]["行政许可"]
    assert licensing == {"上一年项目数量": "2", "本年增/减": "0", "处理决定数量": "6"}
    assert t19["第二十条第（六）项"]["行政处罚"] == {
        "上一年项目数量": "1",
        "本年增/减": "0",
        "处理决定数量": "2",
    }
    assert t19["第二十条第（九）项"]["政府集中采购"] == {"采购项目数量": "2", "采购总金额": "20"}

    t21 = compute.compute(compute.scope_of_agency(agency), 2021).table2  # 2021 format
    assert t21["第二十条第（一）项"]["行政规范性文件"] == {
        "本年制发件数": "0",
        "本年废止件数": "0",
        "现行有效件数": "2",
    }
    assert t21["第二十条第（五）项"]["行政许可"] == {"本年处理决定数量": "0"}


def test_an_agency_that_entered_its_figures_is_taken_from_them_not_counted_twice(
    office: dict[str, Any],
) -> None:
    agency = office["agency"]
    pub = services.publication_create(actor=office["clerk"], agency=agency, data=normative_input())
    publish(office, pub, now=_at(2020, 3, 3))
    year, block, row, col = 2020, "第二十条第（一）项", "规范性文件", "本年新公开数量"
    t = compute.compute(compute.scope_of_agency(agency), year).table2
    assert t[block][row][col] == "1"
    Table2Entry.objects.create(agency=agency, year=year, block=block, row=row, column=col, value=5)
    t = compute.compute(compute.scope_of_agency(agency), year).table2
    assert t[block][row][col] == "5"
    region = compute.compute(compute.scope_of_division(office["world"].province, region=True), year).table2
    assert region[block][row][col] == "5"
