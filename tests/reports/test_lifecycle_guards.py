"""Guards on the annual report's life: 报送 needs every narrative section written; the separation of duties
between who drafts, who approves and who publishes (REGULATIONS.md §2.3: a department submits to its
主管部门 and publishes itself); 公开 only after an explicit confirmation. Refusals change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs import services as org_services
from gongkai.orgs.roles import Role
from gongkai.reports import narrative
from gongkai.reports import services as rs
from gongkai.reports.models import AnnualReport
from tests import factories
from tests.reports.prose import FULL_PROSE, prose

pytestmark = pytest.mark.django_db
S = AnnualReport.Status


@pytest.fixture
def w() -> Any:
    w = factories.small_province()
    w.approver = factories.staff("approver", Role.APPROVER, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.sup = factories.staff("supx", Role.SUPERVISOR, division=w.yuexiu)  # type: ignore[attr-defined]
    return w


def _draft(w: Any, text: dict[str, str] | None = None) -> AnnualReport:
    report = rs.report_open(actor=Actor(w.approver), scope="agency", agency=w.yuexiu_edu, year=2020)
    if text is not None:
        rs.report_update_prose(actor=Actor(w.approver), report=report, prose=text)
    return report


def _refused(call: Any, error: type[Exception], report: AnnualReport) -> Exception:
    """Run ``call``, expect ``error``, and check that neither the report nor the audit log changed."""
    events, before = AuditEvent.objects.count(), AnnualReport.objects.get(pk=report.pk)
    with pytest.raises(error) as info:
        call()
    after = AnnualReport.objects.get(pk=report.pk)
    assert (after.status, after.submitted_by_id, after.approved_by_id) == (
        before.status,
        before.submitted_by_id,
        before.approved_by_id,
    )
    assert AuditEvent.objects.count() == events
    return info.value


def test_placeholders_are_found_in_every_form_they_take() -> None:
    sections = {
        "一、总体情况": "（文字描述）",
        "二、主动公开政府信息情况": "见下表。",
        "三、收到和处理政府信息公开申请情况": "共收到1件。",
        "四、政府信息公开行政复议、行政诉讼情况": "无。",
        "五、存在的主要问题及改进情况": "问题如下。(文字描述)",
        "六、其他需要报告的事项": "本年度收取信息处理费0元。（文字描述，收取信息处理费情况在此处报告。）",
    }
    assert narrative.unfinished_sections(sections) == [
        "一、总体情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert narrative.unfinished_sections({**sections, "一、总体情况": "  "})[0] == "一、总体情况"
    written = sections | {
        h: "已写。" for h in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    }
    assert narrative.unfinished_sections(written) == []


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        (None, ["一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]),
        ({"一、总体情况": "本局依法公开。"}, ["五、存在的主要问题及改进情况", "六、其他需要报告的事项"]),
        (prose(五="（文字描述）"), ["五、存在的主要问题及改进情况"]),  # the placeholder pasted back
    ],
)
def test_submit_is_refused_while_a_section_is_empty_or_a_placeholder(
    w: Any, text: dict[str, str] | None, missing: list[str]
) -> None:
    report = _draft(w, text)
    error = _refused(lambda: rs.report_submit(actor=Actor(w.approver), report=report), InvalidInput, report)
    assert isinstance(error, InvalidInput)
    assert all(h in error.message for h in missing) and "文字描述" in error.message
    assert set(error.fields) == {f"prose:{h}" for h in missing}
    assert AnnualReport.objects.get(pk=report.pk).status == S.DRAFT


def test_submit_records_who_submitted(w: Any) -> None:
    report = rs.report_submit(actor=Actor(w.approver), report=_draft(w, FULL_PROSE))
    report.refresh_from_db()
    assert (report.status, report.submitted_by_id) == (S.SUBMITTED, w.approver.pk)
    assert report.submitted_at is not None


def test_who_drafted_or_submitted_cannot_approve_even_holding_the_reviewers_role(w: Any) -> None:
    # One person holds both roles: the department's 负责人 and a post in the district's 政务公开办.
    both = factories.staff("both", Role.APPROVER, agency=w.yuexiu_edu)
    org_services.staff_role_grant(
        actor=Actor.system("tests"), user=both, role=Role.SUPERVISOR, division=w.yuexiu
    )
    report = rs.report_open(actor=Actor(both), scope="agency", agency=w.yuexiu_edu, year=2020)
    rs.report_update_prose(actor=Actor(both), report=report, prose=FULL_PROSE)
    rs.report_submit(actor=Actor(both), report=report)
    error = _refused(lambda: rs.report_approve(actor=Actor(both), report=report), PermissionDenied, report)
    assert "职责分离" in str(error) and "报送" in str(error)
    # Someone who only drafted (not submitted) is barred as well.
    drafter = factories.staff("drafter", Role.APPROVER, agency=w.yuexiu_edu)
    org_services.staff_role_grant(
        actor=Actor.system("tests"), user=drafter, role=Role.SUPERVISOR, division=w.yuexiu
    )
    rs.report_return(actor=Actor(w.sup), report=report, reason="请补充")
    rs.report_update_prose(actor=Actor(drafter), report=report, prose=prose(一="补充后的总体情况。"))
    rs.report_submit(actor=Actor(both), report=report)
    _refused(lambda: rs.report_approve(actor=Actor(drafter), report=report), PermissionDenied, report)
    # The district's office, which took no part, approves.
    rs.report_approve(actor=Actor(w.sup), report=report)
    report.refresh_from_db()
    assert (report.status, report.approved_by_id) == (S.APPROVED, w.sup.pk)


def test_the_reviewer_cannot_publish_and_the_reporting_body_must_confirm(w: Any) -> None:
    report = rs.report_submit(actor=Actor(w.approver), report=_draft(w, FULL_PROSE))
    rs.report_approve(actor=Actor(w.sup), report=report)
    error = _refused(
        lambda: rs.report_publish(actor=Actor(w.sup), report=report, confirm=True), PermissionDenied, report
    )
    assert "审核单位不能代为公开" in str(error)
    for confirm in (False, "yes", 1):  # only an explicit True confirms
        error = _refused(
            lambda c=confirm: rs.report_publish(actor=Actor(w.approver), report=report, confirm=c),
            InvalidInput,
            report,
        )
        assert isinstance(error, InvalidInput) and set(error.fields) == {"confirm"}
    rs.report_publish(actor=Actor(w.approver), report=report, confirm=True)
    report.refresh_from_db()
    assert report.status == S.PUBLISHED and report.snapshot is not None
    assert (
        report.snapshot["sections"]["五、存在的主要问题及改进情况"]
        == FULL_PROSE["五、存在的主要问题及改进情况"]
    )


def test_who_approved_cannot_publish(w: Any) -> None:
    both = factories.staff("both", Role.APPROVER, agency=w.yuexiu_edu)
    org_services.staff_role_grant(
        actor=Actor.system("tests"), user=both, role=Role.SUPERVISOR, division=w.yuexiu
    )
    report = rs.report_submit(actor=Actor(w.approver), report=_draft(w, FULL_PROSE))
    rs.report_approve(actor=Actor(both), report=report)
    _refused(
        lambda: rs.report_publish(actor=Actor(both), report=report, confirm=True), PermissionDenied, report
    )
    rs.report_publish(actor=Actor(w.approver), report=report, confirm=True)
    assert AnnualReport.objects.get(pk=report.pk).status == S.PUBLISHED


def test_a_return_withdraws_the_approval(w: Any) -> None:
    report = rs.report_submit(actor=Actor(w.approver), report=_draft(w, FULL_PROSE))
    rs.report_approve(actor=Actor(w.sup), report=report)
    rs.report_return(actor=Actor(w.sup), report=report, reason="数据需核对")
    report.refresh_from_db()
    assert (report.status, report.approved_by_id, report.approved_at) == (S.RETURNED, None, None)


def test_the_provinces_own_office_needs_two_people_for_its_region_report(w: Any) -> None:
    """The province reports outside the platform, so its own office both prepares and reviews: the
    separation of duties then falls between two of its staff."""
    first = factories.staff("gd-sup-1", Role.SUPERVISOR, division=w.province)
    second = factories.staff("gd-sup-2", Role.SUPERVISOR, division=w.province)
    report = rs.report_open(actor=Actor(first), scope="region", division=w.province, year=2020)
    rs.report_update_prose(actor=Actor(first), report=report, prose=FULL_PROSE)
    rs.report_submit(actor=Actor(first), report=report)
    _refused(lambda: rs.report_approve(actor=Actor(first), report=report), PermissionDenied, report)
    rs.report_approve(actor=Actor(second), report=report)
    _refused(
        lambda: rs.report_publish(actor=Actor(second), report=report, confirm=True), PermissionDenied, report
    )
    rs.report_publish(actor=Actor(first), report=report, confirm=True)
    report.refresh_from_db()
    assert (report.status, report.submitted_by_id, report.approved_by_id) == (
        S.PUBLISHED,
        first.pk,
        second.pk,
    )
    actions = AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="report.")
    assert list(actions.order_by("pk").values_list("action", "actor_id")) == [
        ("report.opened", first.pk),
        ("report.prose_updated", first.pk),
        ("report.submitted", first.pk),
        ("report.approved", second.pk),
        ("report.published", first.pk),
    ]


def test_the_page_asks_for_confirmation_before_publishing(client: Any, w: Any) -> None:
    report = rs.report_submit(actor=Actor(w.approver), report=_draft(w, FULL_PROSE))
    rs.report_approve(actor=Actor(w.sup), report=report)
    client.force_login(w.approver)
    page = client.get(f"/staff/reports/{report.pk}/").content.decode()
    assert f"/staff/reports/{report.pk}/?confirm=publish" in page and "确认公开" not in page
    # A POST without the confirmation publishes nothing and leads to the confirmation step.
    response = client.post(f"/staff/reports/{report.pk}/publish/")
    assert response["Location"] == f"/staff/reports/{report.pk}/?confirm=publish#confirm-publish"
    assert AnnualReport.objects.get(pk=report.pk).status == S.APPROVED
    page = client.get(response["Location"]).content.decode()
    assert "确认公开" in page and "公开后报告的数据将被冻结" in page and 'name="confirm" value="yes"' in page
    client.post(f"/staff/reports/{report.pk}/publish/", {"confirm": "yes"})
    assert AnnualReport.objects.get(pk=report.pk).status == S.PUBLISHED
    # The reviewer's page never offers 公开.
    client.force_login(w.sup)
    assert "confirm=publish" not in client.get(f"/staff/reports/{report.pk}/").content.decode()


def test_the_page_names_the_unfinished_sections_and_the_blocked_approval(client: Any, w: Any) -> None:
    report = _draft(w, {"一、总体情况": "本局依法公开。"})
    client.force_login(w.approver)
    page = client.get(f"/staff/reports/{report.pk}/").content.decode()
    assert 'id="unfinished"' in page and "五、存在的主要问题及改进情况" in page
    response = client.post(f"/staff/reports/{report.pk}/submit/", follow=True)
    assert "尚未填写" in response.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).status == S.DRAFT
