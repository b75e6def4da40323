"""Computing 表三/表四 from the records, as of 12月31日, in the format of the report year."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.appeals import services as appeal_services
from gongkai.applications import services
from gongkai.core.context import Actor
from gongkai.orgs.roles import Role
from gongkai.reports import checks, compute
from tests import factories

pytestmark = pytest.mark.django_db
GRANTED = "三、本年度办理结果/（一）予以公开"
OTHER_2021 = "三、本年度办理结果/（六）其他处理/3.其他"


@pytest.fixture
def office() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.gclerk = factories.staff("gclerk", Role.CLERK, agency=w.gz_gov)  # type: ignore[attr-defined]
    return w


def _app(
    o: Any,
    received: date,
    decided: date | None,
    outcome: str = GRANTED,
    basis: str = "",
    reason: str = "",
    **kw: Any,
) -> Any:
    app = factories.registered_application(o.yuexiu_edu, o.clerk, received, **kw)
    if decided is not None:
        services.application_decide(
            actor=Actor(user=o.clerk),
            application=app,
            outcome=outcome,
            basis=basis,
            reason=reason,
            on=decided,
        )
    return app


def test_received_carried_in_decided_and_carried_out(office: Any) -> None:
    _app(office, date(2019, 12, 20), date(2020, 1, 10))  # carried in, decided 2020
    _app(office, date(2020, 3, 2), date(2020, 3, 20))  # received and decided 2020
    _app(office, date(2020, 12, 28), date(2021, 1, 8))  # carried out
    _app(office, date(2020, 12, 29), None)  # still open: carried out
    _app(office, date(2019, 5, 6), date(2019, 5, 20))  # 2019 only
    org = factories.applicant_data(
        category="legal",
        name="广东某律师事务所",
        id_type="",
        id_number="",
        uscc=factories.uscc_for("440100"),
        contact_person="王律师",
    )
    _app(office, date(2020, 6, 1), date(2020, 6, 10), applicant=org)
    report = compute.compute(compute.scope_of_agency(office.yuexiu_edu), 2020)
    t3 = report.table3
    assert report.format == "2019"
    assert t3[compute.RECEIVED] == {
        "自然人": 3,
        "商业企业": 0,
        "科研机构": 0,
        "社会公益组织": 0,
        "法律服务机构": 1,
        "其他": 0,
        "总计": 4,
    }
    assert t3[compute.CARRIED_IN]["总计"] == 1
    assert t3[GRANTED] == {
        "自然人": 2,
        "商业企业": 0,
        "科研机构": 0,
        "社会公益组织": 0,
        "法律服务机构": 1,
        "其他": 0,
        "总计": 3,
    }
    assert t3[compute.TOTAL]["总计"] == 3
    assert t3[compute.CARRIED_OUT]["总计"] == 2
    assert checks.check_report(report.as_json()) == []
    # The next year's carry-in equals this year's carry-out (cross-year identity).
    nxt = compute.compute(compute.scope_of_agency(office.yuexiu_edu), 2021)
    assert checks.check_report(nxt.as_json(), previous=report.as_json()) == []
    assert nxt.table3[compute.CARRIED_IN]["总计"] == 2


def test_other_processing_is_one_row_in_2019_format_and_split_in_2021(office: Any) -> None:
    _app(office, date(2020, 3, 2), date(2020, 3, 20), outcome=OTHER_2021, basis="申请人撤回")
    _app(office, date(2021, 3, 2), date(2021, 3, 19), outcome=OTHER_2021, basis="申请人撤回")
    r2020 = compute.compute(compute.scope_of_agency(office.yuexiu_edu), 2020)
    r2021 = compute.compute(compute.scope_of_agency(office.yuexiu_edu), 2021)
    assert r2020.table3["三、本年度办理结果/（六）其他处理"]["总计"] == 1
    assert OTHER_2021 not in r2020.table3
    assert r2021.format == "2021" and r2021.table3[OTHER_2021]["总计"] == 1


def test_table4_counts_cases_filed_in_the_year_by_result_known_at_year_end(office: Any) -> None:
    app = _app(
        office,
        date(2020, 3, 2),
        date(2020, 3, 20),
        outcome="三、本年度办理结果/（三）不予公开/1.属于国家秘密",
        reason="该文件已依法定密",  # 第三十六条第（三）项: 说明理由
    )
    actor = Actor(user=office.clerk)
    done = appeal_services.appeal_record(
        actor=actor, agency=office.yuexiu_edu, application=app, kind="review", filed_on=date(2020, 4, 1)
    )
    appeal_services.appeal_conclude(actor=actor, appeal=done, result="upheld", on=date(2020, 6, 1))
    late = appeal_services.appeal_record(
        actor=actor,
        agency=office.yuexiu_edu,
        application=app,
        kind="litigation_direct",
        filed_on=date(2020, 11, 2),
    )
    appeal_services.appeal_conclude(actor=actor, appeal=late, result="corrected", on=date(2021, 2, 1))
    t4 = compute.compute(compute.scope_of_agency(office.yuexiu_edu), 2020).table4
    assert t4["行政复议"] == {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 1}
    assert t4["行政诉讼/未经复议直接起诉"]["尚未审结"] == 1  # concluded only in 2021
    assert t4["行政诉讼/复议后起诉"]["总计"] == 0


def test_government_own_report_and_region_aggregate(office: Any) -> None:
    _app(office, date(2020, 3, 2), date(2020, 3, 20))
    gov_app = factories.registered_application(office.gz_gov, office.gclerk, date(2020, 3, 2))
    services.application_decide(
        actor=Actor(user=office.gclerk), application=gov_app, outcome=GRANTED, on=date(2020, 3, 9)
    )
    own = compute.compute(compute.scope_of_division(office.guangzhou, region=False), 2020)
    region = compute.compute(compute.scope_of_division(office.guangzhou, region=True), 2020)
    province = compute.compute(compute.scope_of_division(office.province, region=True), 2020)
    assert own.organization == "广州市人民政府" and own.table3[compute.RECEIVED]["总计"] == 1
    assert region.organization == "广州市" and region.table3[compute.RECEIVED]["总计"] == 2
    assert province.table3[compute.RECEIVED]["总计"] == 2


def test_narrative_states_the_figures_with_shares(office: Any) -> None:
    for _ in range(3):
        _app(office, date(2020, 3, 2), date(2020, 3, 20))
    _app(
        office,
        date(2020, 3, 2),
        date(2020, 3, 20),
        outcome="三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息",
    )
    report = compute.compute(compute.scope_of_agency(office.yuexiu_edu), 2020)
    text = report.sections["三、收到和处理政府信息公开申请情况"]
    assert "共收到政府信息公开申请4件" in text
    assert "予以公开及部分公开3宗，占75.0%" in text and "无法提供1宗，占25.0%" in text
    assert report.sections["一、总体情况"] == "（文字描述）"
    assert checks.check_narrative(report.as_json()) == []


def test_fees_paid_in_the_year_are_reported_in_section_six_of_the_2021_format(office: Any) -> None:
    clerk = Actor(user=office.clerk)
    app = services.application_start(
        actor=clerk,
        application=factories.registered_application(office.yuexiu_edu, office.clerk, date(2021, 3, 1)),
    )
    services.application_fee_notice(
        actor=clerk, application=app, method="per_page", pages=250, on=date(2021, 3, 2)
    )
    services.application_fee_paid(actor=clerk, application=app, on=date(2021, 3, 9))
    report = compute.compute(compute.scope_of_agency(office.yuexiu_edu), 2021)
    assert report.fees_total == 4700
    assert report.sections["六、其他需要报告的事项"].startswith("本年度收取信息处理费4700元。")


def test_year_on_year_change_is_stated(office: Any) -> None:
    _app(office, date(2019, 3, 4), date(2019, 3, 20))
    _app(office, date(2019, 4, 1), date(2019, 4, 20))
    for _ in range(3):
        _app(office, date(2020, 3, 2), date(2020, 3, 20))
    text = compute.compute(compute.scope_of_agency(office.yuexiu_edu), 2020).sections[
        "三、收到和处理政府信息公开申请情况"
    ]
    assert "共收到政府信息公开申请3件" in text and "比上年增长50.0%" in text
    first_year = compute.compute(compute.scope_of_agency(office.yuexiu_edu), 2019).sections
    assert "比上年" not in first_year["三、收到和处理政府信息公开申请情况"]
