"""The life of an annual report: draft (always recomputed) → submitted → returned / approved →
published (figures frozen). A correction is a new version; the published one never changes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from gongkai.core import clock, hooks, report_formats
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Agency, Division
from gongkai.reports import access, checks, compute, narrative
from gongkai.reports.models import AnnualReport
from gongkai.reports.states import CORRECTABLE, EDITABLE, STEP_EVENTS, Status, ensure_transition, excluded_by

S = Status


def _ensure(report: AnnualReport, new: str) -> None:
    ensure_transition(report.status, new)


def scope_of(report: AnnualReport) -> compute.Scope:
    if report.agency is not None:
        return compute.scope_of_agency(report.agency)
    if report.division is None:
        raise InvalidInput.for_field("scope", "年度报告缺少机关或行政区划")
    return compute.scope_of_division(report.division, region=report.scope == AnnualReport.Scope.REGION)


def current(report: AnnualReport) -> dict[str, Any]:
    """The report as it stands: the frozen snapshot once published, else recomputed with the staff's prose."""
    if report.status == S.PUBLISHED and report.snapshot is not None:
        return dict(report.snapshot)
    return _with_prose(report, compute.compute(scope_of(report), report.year).as_json())


def current_many(reports: list[AnnualReport]) -> dict[int, dict[str, Any]]:
    """``current`` of many reports of one year, keyed by id, in a constant number of queries (the drafts'
    figures summed from the stored aggregates in one batch; government scopes resolved together)."""
    out = {r.pk: dict(r.snapshot) for r in reports if r.status == S.PUBLISHED and r.snapshot is not None}
    drafts = [r for r in reports if r.pk not in out]
    for year in sorted({r.year for r in drafts}):
        of_year = [r for r in drafts if r.year == year]
        governments = compute.governments_of(
            [
                r.division
                for r in of_year
                if r.agency is None and r.division is not None and r.scope != "region"
            ]
        )
        scopes = [
            governments[r.division.pk]
            if r.division is not None and r.division.pk in governments
            else scope_of(r)
            for r in of_year
        ]
        for r, computed in zip(of_year, compute.compute_many(scopes, year), strict=True):
            out[r.pk] = _with_prose(r, computed.as_json())
    return out


def _with_prose(report: AnnualReport, data: dict[str, Any]) -> dict[str, Any]:
    """The staff's prose in place of the generated placeholders."""
    headings = report_formats.formats()["sections"]
    for heading, text in (report.prose or {}).items():
        if heading in headings and text.strip():
            generated = data["sections"].get(heading, "")
            keep = generated.replace(narrative.PROSE, "") if generated != narrative.PROSE else ""
            data["sections"][heading] = (keep + text.strip()) if heading == headings[5] else text.strip()
    return data


def report_open(
    *, actor: Actor, scope: str, year: int, agency: Agency | None = None, division: Division | None = None
) -> AnnualReport:
    """The latest version of a report, creating the draft if there is none."""
    if scope not in AnnualReport.Scope.values:
        raise InvalidInput.for_field("scope", "报告范围无效")
    if (scope == AnnualReport.Scope.AGENCY) != (agency is not None) or (agency is None) == (division is None):
        raise InvalidInput.for_field("scope", "部门报告需指定机关，政府报告和汇总报告需指定行政区划")
    existing = AnnualReport.objects.filter(scope=scope, agency=agency, division=division, year=year).order_by(
        "-version"
    )
    report = existing.first() or AnnualReport(scope=scope, agency=agency, division=division, year=year)
    if not access.can_view_draft(actor.user, report):  # the public and system tasks never open a report
        raise PermissionDenied("无权编制该年度报告")
    if report.pk is not None:
        return report
    with transaction.atomic():
        report.save()
        audit_record(actor, "report.opened", report, data={"year": year, "scope": scope})
    return report


@transaction.atomic
def report_update_prose(*, actor: Actor, report: AnnualReport, prose: dict[str, str]) -> AnnualReport:
    if not access.can_prepare(actor.user, report):
        raise PermissionDenied("无权编辑该年度报告")
    if report.status not in EDITABLE:
        raise InvalidTransition("已报送或已公开的报告不能修改，请先退回或发布更正版本")
    headings = set(report_formats.formats()["sections"])
    unknown = set(prose) - headings
    if unknown:
        raise InvalidInput.for_field("prose", f"未知的报告部分：{'、'.join(sorted(unknown))}")
    report.prose = {k: v for k, v in prose.items() if v.strip()}
    report.save(update_fields=["prose", "updated_at"])
    audit_record(actor, "report.prose_updated", report, data={"sections": sorted(report.prose)})
    return report


def _require_consistent(report: AnnualReport) -> dict[str, Any]:
    data = current(report)
    findings = checks.check_report(data) + checks.check_narrative(data)
    if findings:
        raise InvalidInput(
            "报告未通过校验：" + "；".join(f.message for f in findings[:5]), fields={"report": "校验未通过"}
        )
    return data


def _lock(report: AnnualReport) -> None:
    """Re-read the report under a row lock, so that a double submit sees the first one's result."""
    if report.pk is not None:
        report.refresh_from_db(from_queryset=AnnualReport.objects.select_for_update())


def _steps_taken(actor: Actor, report: AnnualReport) -> frozenset[str]:
    """The steps ``actor`` took on this version of the report, as the audit log records them."""
    user_id = getattr(actor.user, "pk", None)
    if user_id is None:
        return frozenset()
    by_event = {event: step for step, event in STEP_EVENTS.items()}
    done = AuditEvent.objects.filter(
        object_type=AnnualReport._meta.label_lower,
        object_id=str(report.pk),
        actor_id=user_id,
        action__in=list(by_event),
    ).values_list("action", flat=True)
    return frozenset(by_event[a] for a in done)


_DUTY_MESSAGES = {
    "prose": "编制了报告文字",
    "submit": "报送了该报告",
    "approve": "审核通过了该报告",
}


def _ensure_separate_duties(actor: Actor, report: AnnualReport, action: str) -> None:
    conflict = excluded_by(action, _steps_taken(actor, report))
    if conflict:
        what = "、".join(_DUTY_MESSAGES[s] for s in sorted(conflict))
        verb = {"approve": "审核", "publish": "公开"}[action]
        raise PermissionDenied(f"您已{what}，按职责分离不能再{verb}该报告，请由其他工作人员办理")


def _require_narrative(data: dict[str, Any]) -> None:
    missing = narrative.unfinished_sections(data.get("sections") or {})
    if missing:
        message = "以下部分尚未填写或仍为模板提示文字“（文字描述）”：" + "、".join(missing)
        raise InvalidInput(message, fields={f"prose:{h}": "请填写本部分内容" for h in missing})


@transaction.atomic
def report_submit(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    """报送 to the office above; refused while a narrative section is empty or still the template's note."""
    if not access.can_prepare(actor.user, report):
        raise PermissionDenied("无权报送该年度报告")
    _lock(report)
    _ensure(report, S.SUBMITTED)
    _require_narrative(_require_consistent(report))
    report.status, report.submitted_at = S.SUBMITTED, clock.now()
    report.submitted_by = actor.user  # type: ignore[assignment]
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(actor, "report.submitted", report)
    return report


@transaction.atomic
def report_return(*, actor: Actor, report: AnnualReport, reason: str) -> AnnualReport:
    if not access.can_review(actor.user, report):
        raise PermissionDenied("只有上级政务公开办可以退回年度报告")
    if not reason.strip():
        raise InvalidInput.for_field("reason", "请写明退回理由")
    _lock(report)
    _ensure(report, S.RETURNED)
    report.status, report.return_reason = S.RETURNED, reason.strip()
    report.approved_by, report.approved_at = None, None  # a returned report needs a new approval
    report.save(update_fields=["status", "return_reason", "approved_by", "approved_at", "updated_at"])
    audit_record(actor, "report.returned", report, data={"reason": reason.strip()})
    return report


@transaction.atomic
def report_approve(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    """审核通过 by the office above, never by whoever drafted or submitted this version."""
    if not access.can_review(actor.user, report):
        raise PermissionDenied("只有上级政务公开办可以审核年度报告")
    _lock(report)
    _ensure(report, S.APPROVED)
    _ensure_separate_duties(actor, report, "approve")
    report.status, report.approved_at = S.APPROVED, clock.now()
    report.approved_by = actor.user  # type: ignore[assignment]
    report.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    audit_record(actor, "report.approved", report)
    return report


@transaction.atomic
def report_publish(*, actor: Actor, report: AnnualReport, confirm: bool = False) -> AnnualReport:
    """公开 by the reporting body, after an explicit confirmation; freezes the figures (later changes to the
    records never alter a published report)."""
    if not access.can_publish(actor.user, report):
        raise PermissionDenied("只有报告机关（编制单位）可以公开年度报告，审核单位不能代为公开")
    _lock(report)
    _ensure(report, S.PUBLISHED)
    _ensure_separate_duties(actor, report, "publish")
    if confirm is not True:
        raise InvalidInput.for_field("confirm", "请先确认公开：公开后报告的数据将被冻结，只能发布更正版本")
    data = _require_consistent(report)
    _require_narrative(data)
    report.snapshot = data
    report.status, report.published_at = S.PUBLISHED, clock.now()
    report.save(update_fields=["snapshot", "status", "published_at", "updated_at"])
    audit_record(actor, "report.published", report, data={"version": report.version})
    hooks.notify_content_changed("report", report.pk)  # search shows the newest published version
    return report


@transaction.atomic
def report_correct(*, actor: Actor, report: AnnualReport, note: str) -> AnnualReport:
    """Start a corrected version of a published report (the published one stays as it was)."""
    if not access.can_prepare(actor.user, report):
        raise PermissionDenied("无权更正该年度报告")
    if report.status not in CORRECTABLE:
        raise InvalidTransition("只有已公开的报告可以更正")
    if not note.strip():
        raise InvalidInput.for_field("note", "请写明更正说明")
    latest = AnnualReport.objects.filter(
        scope=report.scope, agency=report.agency, division=report.division, year=report.year
    ).aggregate(v=Max("version"))["v"]
    corrected = AnnualReport.objects.create(
        scope=report.scope,
        agency=report.agency,
        division=report.division,
        year=report.year,
        version=latest + 1,
        prose=report.prose,
        correction_note=note.strip(),
    )
    audit_record(actor, "report.correction_started", corrected, data={"of_version": report.version})
    return corrected


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Cells that differ between two reports in the JSON layout: (path, before, after)."""
    out: list[tuple[str, Any, Any]] = []
    for table in ("table2", "table3", "table4"):
        a, b = before.get(table) or {}, after.get(table) or {}
        for row in sorted(set(a) | set(b)):
            ra, rb = a.get(row) or {}, b.get(row) or {}
            if table == "table2":
                for sub in sorted(set(ra) | set(rb)):
                    for col in sorted(set(ra.get(sub) or {}) | set(rb.get(sub) or {})):
                        va, vb = (ra.get(sub) or {}).get(col), (rb.get(sub) or {}).get(col)
                        if va != vb:
                            out.append((f"{table}/{row}/{sub}/{col}", va, vb))
                continue
            for col in sorted(set(ra) | set(rb)):
                if ra.get(col) != rb.get(col):
                    out.append((f"{table}/{row}/{col}", ra.get(col), rb.get(col)))
    return out


def report_pending_difference(report: AnnualReport) -> list[tuple[str, Any, Any]]:
    """For a published report: how a recomputation from today's records would differ."""
    if report.snapshot is None:
        return []
    fresh = compute.compute(scope_of(report), report.year).as_json()
    return differences(report.snapshot, fresh)


def table2_cells(year: int) -> list[tuple[str, str, str]]:
    """Every (block, row, column) of 表二 in the format of ``year``."""
    fmt = report_formats.format_for_year(year)
    return [
        (spec["block"], row, column)
        for spec in report_formats.formats()["formats"][fmt]["table2"]
        for row in spec["rows"]
        for column in spec["columns"]
    ]


#: Table2Entry.value is a DECIMAL(20, 6): 14 digits before the point.
TABLE2_LIMIT = 10**14


@transaction.atomic
def table2_save(*, actor: Actor, agency: Agency, year: int, values: dict[tuple[str, str, str], str]) -> int:
    """Enter an agency's 表二 figures for a year (blank = 0). Counts are whole numbers; 本年增/减 may be
    negative; amounts (金额) may have up to 6 decimals. Every bad cell is reported at once."""
    from decimal import Decimal, InvalidOperation

    from gongkai.orgs import access as org_access
    from gongkai.reports.models import Table2Entry

    if not (org_access.can_approve(actor.user, agency) or org_access.can_handle_cases(actor.user, agency)):
        raise PermissionDenied("只有本机关工作人员可以填报主动公开数据")
    cells = table2_cells(year)
    errors: dict[str, str] = {}
    parsed: dict[tuple[str, str, str], Decimal] = {}
    for cell in cells:
        raw = (values.get(cell) or "").strip().replace(",", "")
        block, row, column = cell
        name = f"{block}/{row}/{column}"
        try:
            value = Decimal(raw or "0")
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():  # also "NaN" and "Infinity", which Decimal accepts
            errors[name] = f"“{row}”的“{column}”应为数字"
            continue
        if abs(value) >= TABLE2_LIMIT:  # the column holds 14 digits before the point
            errors[name] = f"“{row}”的“{column}”数值过大"
            continue
        money = "金额" in column
        if not money and value != value.to_integral_value():
            errors[name] = f"“{row}”的“{column}”应为整数"
        elif value < 0 and "增/减" not in column:
            errors[name] = f"“{row}”的“{column}”不能为负数"
        elif money and value.as_tuple().exponent < -6:  # type: ignore[operator]
            errors[name] = f"“{row}”的“{column}”最多6位小数"
        else:
            parsed[cell] = value
    if errors:
        raise InvalidInput(f"主动公开数据有{len(errors)}处需要修改", fields=errors)
    from gongkai.reports.aggregates import store

    with store.recount_once():  # the agency's figures once, not once per deleted entry
        Table2Entry.objects.filter(agency=agency, year=year).delete()
        Table2Entry.objects.bulk_create(
            [
                Table2Entry(agency=agency, year=year, block=b, row=r, column=c, value=v)
                for (b, r, c), v in parsed.items()
                if v
            ]
        )
        store.touch(agency.pk, "t2")  # bulk_create sends no signal
    audit_record(actor, "report.table2_saved", agency, data={"year": year, "cells": len(parsed)})
    return len(parsed)


def report_blocked_actions(actor: Actor, report: AnnualReport, actions: list[str]) -> dict[str, str]:
    """Which of ``actions`` the separation of duties bars ``actor`` from, with the reason (for the page)."""
    steps = _steps_taken(actor, report) if report.pk is not None else frozenset()
    out = {}
    for action in actions:
        conflict = excluded_by(action, steps)
        if conflict:
            out[action] = (
                "您已" + "、".join(_DUTY_MESSAGES[s] for s in sorted(conflict)) + "，需由其他工作人员办理"
            )
    return out
