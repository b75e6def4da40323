"""The demo's 依申请公开 data: the seed's 2020 province-wide figures, exactly, and consistent case stories."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

import pytest
from django.db.models import Count, F, Q

from gongkai.appeals.models import Appeal
from gongkai.applications import outcomes
from gongkai.applications.models import Applicant, Application, ApplicationEvent
from gongkai.applications.services import hash_query_code
from gongkai.applications.states import CLOCK_RUNNING, Status
from gongkai.core.calendar import current_calendar
from gongkai.core.context import Actor
from gongkai.demo import builder
from gongkai.demo.applications_step import DEMO_QUERY_CODE

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_2020_figures_are_the_seeds() -> None:
    _, counts = builder.build(profile="guangdong-2020", seed=2020)
    assert counts["applications"]["received_by_year"]["2020"] == 47517

    received = Application.objects.filter(received_on__year=2020)
    by_cat = dict(received.values_list("applicant_category").annotate(n=Count("id")).order_by())
    assert by_cat["natural"] == 41127
    assert sum(n for c, n in by_cat.items() if c != "natural") == 6390

    decided = Application.objects.filter(decided_on__year=2020)
    by_group = Counter()
    for outcome, n in decided.values_list("outcome").annotate(n=Count("id")).order_by():
        by_group[outcomes.get(outcome).group] += n
    assert by_group[outcomes.GRANTED] + by_group[outcomes.PARTIAL] == 24836
    assert by_group[outcomes.REFUSED] == 3252
    assert by_group[outcomes.UNABLE] == 12936
    assert by_group[outcomes.NOT_PROCESSED] == 4002
    assert by_group[outcomes.OTHER] == 2491

    # Carried in from 2019 (received before 2020, undecided on 2020-01-01) == carried out to 2021.
    carried_in = (
        Application.objects.filter(received_on__year__lt=2020).exclude(decided_on__year__lt=2020).count()
    )
    carried_out = received.exclude(decided_on__year__lte=2020).count()  # decided in 2021, or still open
    assert carried_in == carried_out > 0

    appeals = Appeal.objects.filter(filed_on__year=2020)
    assert appeals.filter(kind=Appeal.Kind.REVIEW).count() == 1320
    assert appeals.exclude(kind=Appeal.Kind.REVIEW).count() == 1104

    # The province's 2020 annual report, computed from these records, is the seed's (issue #4 acceptance).
    from gongkai.orgs.models import Division
    from gongkai.reports import checks, compute

    report = compute.compute(
        compute.scope_of_division(Division.objects.get(code="440000"), region=True), 2020
    )
    data = report.as_json()
    assert data["format"] == "2019"
    t3 = data["table3"]
    received_row = t3["一、本年新收政府信息公开申请数量"]
    assert received_row["总计"] == 47517 and received_row["自然人"] == 41127
    assert (
        sum(received_row[c] for c in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")) == 6390
    )
    granted = t3["三、本年度办理结果/（一）予以公开"]["总计"]
    partial = t3["三、本年度办理结果/（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]["总计"]
    assert granted + partial == 24836
    assert sum(v["总计"] for k, v in t3.items() if "/（三）不予公开/" in k) == 3252
    assert sum(v["总计"] for k, v in t3.items() if "/（四）无法提供/" in k) == 12936
    assert sum(v["总计"] for k, v in t3.items() if "/（五）不予处理/" in k) == 4002
    assert t3["三、本年度办理结果/（六）其他处理"]["总计"] == 2491
    assert data["table4"]["行政复议"]["总计"] == 1320
    assert (
        data["table4"]["行政诉讼/未经复议直接起诉"]["总计"] + data["table4"]["行政诉讼/复议后起诉"]["总计"]
        == 1104
    )
    text = data["sections"]["三、收到和处理政府信息公开申请情况"]
    for share in ("52.3%", "6.8%", "27.2%", "8.4%", "5.2%"):
        assert share in text
    t2 = data["table2"]
    assert t2["第二十条第（一）项"]["规章"]["本年新公开数量"] == "61"
    assert t2["第二十条第（一）项"]["规范性文件"]["本年新公开数量"] == "3783"
    for block, row, n in (
        ("第二十条第（五）项", "行政许可", 719),
        ("第二十条第（六）项", "行政处罚", 7802),
        ("第二十条第（六）项", "行政强制", 409),
    ):
        cells = t2[block][row]
        assert int(cells["上一年项目数量"]) + int(cells["本年增/减"]) == n  # items at year end
    assert t2["第二十条第（九）项"]["政府集中采购"] == {
        "采购项目数量": "400600",
        "采购总金额": "12966000",
    }  # 万元
    assert checks.check_report(data) == [] and checks.check_narrative(data) == []
    # The same figures in every output format, read back.
    import io
    import subprocess

    from docx import Document

    from gongkai.reports import html_tables, reading, render

    assert reading.read_xlsx(render.to_xlsx(data))["table3"] == t3
    assert html_tables.parse(render.to_html(data))["table3"] == t3
    docx_table = next(
        t for t in Document(io.BytesIO(render.to_docx(data))).tables if "申请人情况" in t.cell(0, 3).text
    )
    first_row = next(r for r in docx_table.rows if r.cells[0].text == "一、本年新收政府信息公开申请数量")
    assert [c.text for c in first_row.cells[3:]] == [str(received_row[c]) for c in received_row]
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=render.to_pdf(data), capture_output=True, check=True
    ).stdout.decode()
    flat = "".join(pdf_text.split())
    assert "47517" in flat and "予以公开及部分公开24836宗，占52.3%" in flat

    # Consistent stories: on the working-day calendar, decided after receipt, timelines present.
    cal = current_calendar()
    sample = list(Application.objects.filter(decided_on__isnull=False).order_by("?")[:400])
    for app in sample:
        assert app.received_on is not None and app.decided_on is not None
        assert cal.is_workday(app.received_on)
        assert app.decided_on >= app.received_on
        assert app.outcome in outcomes.outcomes()
        assert app.query_code_hash == hash_query_code(DEMO_QUERY_CODE)
    assert ApplicationEvent.objects.filter(application__in=sample, action="received").count() == len(sample)
    # A realistic share of extensions, corrections and third-party consultations.
    total = Application.objects.count()
    stats = Application.objects.aggregate(
        ext=Count("id", filter=Q(extension_days__gt=0)),
        corr=Count("id", filter=Q(correction_requested_on__isnull=False)),
        late=Count("id", filter=Q(decided_on__gt=F("due_date"))),
    )
    assert 0.04 < stats["ext"] / total < 0.10
    assert 0.03 < stats["corr"] / total < 0.10
    assert 0.002 < stats["late"] / total < 0.03
    assert Application.objects.filter(pauses__kind="third_party").distinct().count() > 0.02 * total
    assert Application.objects.filter(status=Status.WITHDRAWN).exists()
    _the_province_at_work_on_the_demo_today()


def _the_province_at_work_on_the_demo_today() -> None:
    """#11: the demo's clock is inside its data (DEMO_TODAY): every prefecture city has open, due-soon and
    overdue cases, there are unconfirmed submissions (第三十一条) and running consultations (第三十二条),
    nothing exists after today, and the retention sweep erases nobody (all cases are within 5 years)."""
    from gongkai.applications import erasure, selectors
    from gongkai.demo.as_of import DEMO_TODAY
    from gongkai.orgs.models import Division

    after = (
        Q(submitted_at__date__gt=DEMO_TODAY) | Q(received_on__gt=DEMO_TODAY) | Q(decided_on__gt=DEMO_TODAY)
    )
    assert not Application.objects.filter(after).exists()
    assert not Appeal.objects.filter(filed_on__gt=DEMO_TODAY).exists()
    soon = selectors.due_soon_threshold(DEMO_TODAY)
    for city in Division.objects.filter(level=Division.Level.PREFECTURE):
        running = Application.objects.filter(
            agency__division__path__startswith=city.path, status__in=CLOCK_RUNNING
        )
        assert running.filter(due_date__lt=DEMO_TODAY).exists(), city.name  # overdue
        assert running.filter(due_date__gte=DEMO_TODAY, due_date__lte=soon).exists(), city.name  # due soon
    work = selectors.workload(DEMO_TODAY)
    assert work["open"] > 1000 and work["overdue"] >= 3 * 21 and work["due_soon"] > 100
    assert Application.objects.filter(status=Status.SUBMITTED).exists()
    assert Application.objects.filter(status=Status.CONSULTING).exists()
    assert Application.objects.filter(status=Status.CORRECTION).exists()
    erased = erasure.personal_data_erase_expired(actor=Actor.system("tests"), today=DEMO_TODAY)
    assert erased == 0 and not Applicant.objects.filter(erased_at__isnull=False).exists()


def _digest() -> str:
    # Receipt numbers embed the agency's database id, which a rebuild in the same database changes.
    rows = Application.objects.order_by("agency__uscc", "submitted_at", "applicant__name").values_list(
        "agency__uscc",
        "submitted_at",
        "applicant__name",
        "applicant__id_number",
        "received_on",
        "decided_on",
        "outcome",
        "description",
        "due_date",
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_small_province_is_deterministic() -> None:
    builder.build(profile="guangdong-2020", seed=3, scale=0.01)
    first = _digest()
    # 1% of 2019–2020 and of 2021 up to the demo's today (2021-03-15)
    assert Application.objects.count() > 900
    builder.build(profile="guangdong-2020", seed=3, scale=0.01)
    assert _digest() == first


def test_no_fee_notice_before_the_fee_measures_apply() -> None:
    # 国办函〔2020〕109号 applies to applications received from 2021-01-01 (GONGKAI_FEE_COMMENCEMENT).
    builder.build(profile="guangdong-2020", seed=3, scale=0.01)
    early = Application.objects.filter(received_on__lt=date(2021, 1, 1))
    assert not early.filter(outcome=outcomes.fee_unpaid()).exists()
    assert not early.exclude(fee_method="").exists()
    assert not ApplicationEvent.objects.filter(action="fee_notice", application__in=early).exists()
