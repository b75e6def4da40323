"""Letters to the applicant (答复书、告知书): issued, downloaded and their templates edited — every step
permission-checked and audited.

Who gets a letter (all of them carry the applicant's name as recipient, often the address on the envelope
side): the handling agency's own staff and the applicant, who proved the case is theirs on the tracker
(receipt number + query code, held in the session). Supervisors and administrators see the case but are
*refused* the letter (403): they supervise counts and deadlines, and a masked copy would still be a copy of
a document addressed to a named person. Every download, and every refusal, is an audit event naming the
letter and whether it was served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from gongkai.applications import access, letter_layout, letters, outcomes, remedies, selectors
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ClockPause,
    Letter,
    LetterCounter,
    LetterTemplate,
    ReleasedFile,
)
from gongkai.applications.states import CLOCK_RUNNING, Status
from gongkai.core import clock, uploads
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.counters import next_serial
from gongkai.core.dates import chinese_date
from gongkai.core.errors import InvalidInput, NotFound, PermissionDenied
from gongkai.core.files import save_after_commit
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency, Division
from gongkai.orgs.selectors import division_ancestors

#: The case field a letter kind reports on (no letter before the step it notifies).
_LETTER_NEEDS: dict[str, str] = {
    "decision": "outcome",
    "correction": "correction_requested_on",
    "extension": "extension_days",
    "fee": "fee_amount",
    "reasons": "reasons_requested_on",
    "closure": "outcome",
}

#: Letters addressed to the consulted third party (第三十二条), not to the applicant.
_TO_THIRD_PARTY = ("consult_third", "notify_third")

FORMATS: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _next_letter_number(agency: Agency, year: int) -> str:
    prefix = agency.doc_prefix or f"{agency.short_name or agency.name}依申请"
    # GB/T 9704: year in 〔〕, no leading zeros, 号
    return f"{prefix}〔{year}〕{next_serial(LetterCounter, agency=agency, year=year)}号"


def issuable_kinds(app: Application, on: date | None = None) -> list[tuple[str, str]]:
    """The letter kinds (value, label) this case can have issued now (what the case page offers): the
    same rule as :func:`letter_issue` (:func:`_check_issuable`)."""
    kinds = []
    for value, label in LetterTemplate.Kind.choices:
        try:
            _check_issuable(app, value, on)
        except InvalidInput:
            continue
        kinds.append((value, str(label)))
    return kinds


#: The statuses in which each kind is the live step, and why it is refused otherwise. A notice reports a
#: step in progress and states its deadline: issued once the step is over it would be dated after its own
#: deadline (an 延期答复告知书 on a decided case promising a reply "before" a day already past).
_LIVE: dict[str, tuple[frozenset[str], str]] = {
    # 第三十条: 一次性告知补正 while the applicant is asked to correct
    "correction": (frozenset({Status.CORRECTION}), N_("补正申请告知书只能在待补正期间出具（条例第三十条）")),
    # 第三十三条第二款: the extension is told while the reply period runs
    "extension": (
        CLOCK_RUNNING,
        N_("延期答复告知书只能在答复期限内、申请办理期间出具（条例第三十三条第二款）"),
    ),
    # 国办函〔2020〕109号: 在政府信息公开申请处理期限内发出收费通知
    "fee": (frozenset({Status.AWAITING_FEE}), N_("收费通知只能在待缴费期间出具（国办函〔2020〕109号）")),
    # 第三十二条、第三十四条: while the consultation runs
    "consultation": (
        frozenset({Status.CONSULTING}),
        N_("征求意见告知书只能在征求意见期间出具（条例第三十二条、第三十四条）"),
    ),
    "consult_third": (
        frozenset({Status.CONSULTING}),
        N_("征求意见书只能在征求意见期间出具（条例第三十二条）"),
    ),
    # 第三十五条: while the applicant is asked for reasons
    "reasons": (frozenset({Status.REASONS}), N_("说明理由告知书只能在待说明理由期间出具（条例第三十五条）")),
    # 第三十六条～第三十九条: the reply, once decided
    "decision": (
        frozenset({Status.DECIDED, Status.DELIVERED}),
        N_("答复书只能在作出答复后出具（条例第三十六条）"),
    ),
    # 第三十条 / 国办函〔2020〕109号: once the case is closed for want of a 补正 or the fee
    "closure": (
        frozenset({Status.CLOSED}),
        N_(
            "终止办理告知书只能在申请因逾期不补正、逾期未缴纳信息处理费而终止后出具（条例第三十条、国办函〔2020〕109号）"
        ),
    ),
    # 第三十二条: the decision to disclose is told to the third party once made
    "notify_third": (
        frozenset({Status.DECIDED, Status.DELIVERED}),
        N_("书面告知第三方只能在作出予以公开的决定后出具（条例第三十二条）"),
    ),
}

#: The final letters (答复书、终止办理告知书): a case has one kind of them (remedies.is_final).
_FINAL = ("decision", "closure")


def _workflow_closures() -> set[str]:
    return {outcomes.not_corrected(), outcomes.fee_unpaid()}


def _check_issuable(app: Application, kind: str, on: date | None = None) -> None:
    """Refuse (with the reason, in Chinese) a letter this case cannot have on ``on`` (default today)."""
    if kind not in LetterTemplate.Kind.values:
        raise InvalidInput.for_field("kind", _("文书类型无效"))
    label = LetterTemplate.Kind(kind).label
    if app.status == Status.WITHDRAWN:
        raise InvalidInput.for_field("kind", _("申请人已撤回申请，不再出具文书"))
    if kind == "decision" and app.status == Status.PENDING_APPROVAL:  # 经办人拟办 → 负责人审批
        raise InvalidInput.for_field("kind", _("拟办的答复尚待负责人审批，审批同意后才能出具答复书"))
    statuses, why = _LIVE[kind]
    if app.status not in statuses:
        raise InvalidInput.for_field(
            "kind",
            _("%(why)s，本申请当前状态为“%(status)s”") % {"why": _(why), "status": app.get_status_display()},
        )
    needed = _LETTER_NEEDS.get(kind)
    if needed and not getattr(app, needed):
        raise InvalidInput.for_field("kind", _("本申请尚无可出具“%s”的办理事项") % label)
    on = on or clock.today()
    if kind == "correction" and app.correction_deadline is not None and on > app.correction_deadline:
        raise InvalidInput.for_field(  # 第三十条: the notice would be dated after its own 补正期限
            "kind",
            _("补正期限（%s）已过，不能再出具补正申请告知书（条例第三十条）")
            % chinese_date(app.correction_deadline),
        )
    if kind == "extension" and app.due_date is not None and on > app.due_date:
        raise InvalidInput.for_field(  # 第三十三条第二款: the letter states the new due date
            "kind",
            _("答复期限（%s）已过，不能再出具延期答复告知书（条例第三十三条第二款）")
            % chinese_date(app.due_date),
        )
    if kind == "decision" and app.outcome in _workflow_closures():
        raise InvalidInput.for_field(
            "kind", _("本申请因逾期不补正或逾期未缴纳信息处理费而终止，应出具终止办理告知书，而非答复书")
        )
    if kind in _FINAL:  # one final letter kind per case: never both a 答复书 and a 终止办理告知书
        other = app.letters.filter(kind__in=_FINAL).exclude(kind=kind).first()
        if other is not None:
            raise InvalidInput.for_field(
                "kind",
                _("本申请已出具“%(title)s”（%(number)s），一件申请只能有一种答复或终止办理的文书")
                % {"title": other.title, "number": other.number},
            )
    if kind == "consultation" and not app.pauses.exclude(kind=ClockPause.Kind.FEE).exists():
        raise InvalidInput.for_field("kind", _("本申请未征求意见"))
    if kind in _TO_THIRD_PARTY and not _third_party(app):
        raise InvalidInput.for_field("kind", _("本申请未征求第三方意见（条例第三十二条）"))
    if kind == "notify_third" and app.outcome not in _disclosing():
        raise InvalidInput.for_field("kind", _("尚未作出予以公开或部分公开的决定"))
    if kind == "notify_third" and not _disclosed_over_objection(app):
        # 第三十二条: only where the third party objected and the agency discloses anyway
        raise InvalidInput.for_field(
            "kind", _("第三方未提出不同意公开的意见，或未决定不顾其意见予以公开，无需书面告知第三方")
        )
    if kind == "closure" and app.outcome not in _workflow_closures():
        raise InvalidInput.for_field("kind", _("终止办理告知书仅用于逾期不补正、逾期未缴纳信息处理费的申请"))


def _disclosing() -> set[str]:
    return {k for k, o in outcomes.outcomes().items() if o.group in (outcomes.GRANTED, outcomes.PARTIAL)}


def _disclosed_over_objection(app: Application) -> bool:
    pause = app.pauses.filter(kind=ClockPause.Kind.THIRD_PARTY).order_by("-start", "-pk").first()
    return pause is not None and pause.third_party_objected is True and pause.disclose_despite_objection


def _third_party(app: Application) -> str:
    pause = app.pauses.filter(kind=ClockPause.Kind.THIRD_PARTY).order_by("-start", "-pk").first()
    return pause.party if pause is not None else ""


def _recipient(app: Application, kind: str) -> str:
    if kind in _TO_THIRD_PARTY:
        return _third_party(app)
    return app.applicant.name or "申请人"


def _attachment_names(names: list[str]) -> list[str]:
    """附件名称 for the 附件说明 (GB/T 9704): the file's name without extension or trailing punctuation."""
    return [Path(n).stem.strip().rstrip("。；，、.,;：:") for n in names]


def _remedies(app: Application, kind: str, on: date, ancestors: list[Division]) -> str:
    if not remedies.is_final(kind):
        return ""  # notices are not 答复: no 复议/诉讼 paragraph (REGULATIONS.md §3)
    agency = app.agency
    parent_ancestors = division_ancestors(agency.parent.division) if agency.parent else None
    return remedies.paragraph(
        app.outcome,
        agency,
        ancestors,
        on,
        kind=kind,
        parent_ancestors=parent_ancestors,
        superior=selectors.agency_superior_department(agency, ancestors),
    )


def _render(app: Application, kind: str, on: date, number: str) -> tuple[str, bytes]:
    ancestors = division_ancestors(app.agency.division)
    released = list(app.released_files.values_list("original_name", flat=True)) if kind == "decision" else []
    title, paragraphs = letters.render_paragraphs(
        kind, letters.context(app, kind, on, released=bool(released))
    )
    contact = (
        f"联系人：{app.agency.office_name or app.agency.name}，电话：{app.agency.phone}"
        if app.agency.phone
        else ""
    )
    docx = letter_layout.build_docx(
        agency_name=app.agency.name,
        number=number,
        title=title,
        recipient=_recipient(app, kind),
        paragraphs=paragraphs,
        remedies_text=_remedies(app, kind, on, ancestors),
        attachments=_attachment_names(released),
        issued=letters.chinese_date(on),
        note=contact,
        seal=letter_layout.seal_image(app.agency.seal_image),
    )
    return title, docx


@transaction.atomic
def letter_issue(*, actor: Actor, application: Application, kind: str, on: date | None = None) -> Letter:
    """Number and render a letter (frozen .docx); the PDF is converted on first download.

    The .docx reaches storage after the transaction commits (:func:`save_after_commit`). Should that write
    fail, the letter keeps its number and issuing it again the same day writes the file again."""
    app = Application.objects.select_related("agency__division", "applicant", "referred_agency").get(
        pk=application.pk
    )
    if not access.can_handle(actor.user, app):  # staff only: the public and system tasks never issue
        raise PermissionDenied(_("只有受理机关的经办人或负责人可以出具文书"))
    on = on or clock.today()
    _check_issuable(app, kind, on)
    existing = Letter.objects.filter(application=app, kind=kind, issued_on=on).first()
    if existing is not None:  # idempotent: a retried request gets the same letter
        if not existing.masked and not _stored(existing.docx):  # storage lost it after the commit
            _title, docx = _render(app, kind, on, existing.number)
            save_after_commit(existing.docx, f"{app.receipt_number}-{kind}-{on:%Y%m%d}.docx", docx)
            existing.save(update_fields=["docx"])
        return existing
    number = _next_letter_number(app.agency, on.year)
    title, docx = _render(app, kind, on, number)
    letter = Letter(
        application=app,
        kind=kind,
        number=number,
        issued_on=on,
        title=f"{app.agency.name}{title}",
        recipient=_third_party(app) if kind in _TO_THIRD_PARTY else "",
    )
    save_after_commit(letter.docx, f"{app.receipt_number}-{kind}-{on:%Y%m%d}.docx", docx)
    letter.save()
    if kind == "decision":  # the files released with the reply are its 附件
        app.released_files.filter(letter__isnull=True).update(letter=letter)
    ApplicationEvent.objects.create(
        application=app,
        on_date=on,
        action="letter_issued",
        actor_label=actor.label,
        note=f"{letter.title}（{number}）",
    )
    audit_record(actor, "application.letter_issued", app, data={"kind": kind, "number": number})
    return letter


def _stored(file: FieldFile) -> bool:
    return bool(file.name) and file.storage.exists(str(file.name))


def letter_pdf(letter: Letter) -> bytes:
    """The letter as PDF, converted from its frozen .docx once and kept."""
    if _stored(letter.pdf):
        with letter.pdf.open("rb") as f:
            return bytes(f.read())
    with letter.docx.open("rb") as f:
        pdf = letters.docx_to_pdf(f.read())
    save_after_commit(letter.pdf, Path(letter.docx.name or "letter").with_suffix(".pdf").name, pdf)
    letter.save(update_fields=["pdf"])
    return pdf


@dataclass(frozen=True)
class LetterFile:
    letter: Letter
    content: bytes
    filename: str
    content_type: str


def letter_download(*, actor: Actor, letter: Letter, fmt: str) -> LetterFile:
    """A letter's file for the handling agency's staff or the verified applicant; audited either way."""
    if fmt not in FORMATS:
        raise NotFound(_("文书格式不存在"))
    app = letter.application
    data = {"letter": letter.pk, "number": letter.number, "format": fmt, "masked": letter.masked}
    if not access.can_download_letter(actor, app):
        audit_record(actor, "application.letter_download_refused", app, data=data)
        raise PermissionDenied(
            _("文书载有申请人的姓名等个人信息，仅受理机关工作人员和申请人本人（凭申请编号和查询码）可以下载")
        )
    if (
        letter.recipient and actor.is_public
    ):  # 第三十二条 letters to a third party name it: not the applicant's
        audit_record(actor, "application.letter_download_refused", app, data=data)
        raise PermissionDenied(_("该文书是致第三方的文书，不向申请人提供"))
    if not letter.docx:
        raise NotFound(_("该文书的文件已按保存期限删除"))
    if not _stored(letter.docx):
        raise NotFound(_("文书文件缺失，请经办人重新出具该文书"))
    if fmt == "pdf":
        content = letter_pdf(letter)
    else:
        with letter.docx.open("rb") as f:
            content = bytes(f.read())
    audit_record(actor, "application.letter_downloaded", app, data=data)
    return LetterFile(letter, content, f"{letter.title}.{fmt}", FORMATS[fmt])


@transaction.atomic
def letter_template_update(
    *, actor: Actor, template: LetterTemplate, title: str, body: str
) -> LetterTemplate:
    """An administrator rewords a letter kind. The body may use only the variables of
    :data:`gongkai.applications.letters.VARIABLES` (refused otherwise, naming the allowed ones)."""
    if not (actor.is_staff and org_access.can_administer(actor.user)):
        raise PermissionDenied(_("只有系统管理员可以修改文书模板"))
    title, body = title.strip(), body.strip()
    if not title:
        raise InvalidInput.for_field("title", _("请填写标题"))
    problem = letters.template_problem(body)
    if problem is not None:
        raise InvalidInput.for_field("body", problem)
    changed = [f for f, v in (("title", title), ("body", body)) if getattr(template, f) != v]
    if not changed:
        return template
    template.title, template.body = title, body
    template.save(update_fields=[*changed, "updated_at"])
    audit_record(actor, "application.letter_template_updated", template, data={"fields": changed})
    return template


# ------------------------------------------------------------------------------------------ released files
@transaction.atomic
def released_file_add(*, actor: Actor, application: Application, upload: Any) -> ReleasedFile:
    """A file of the information released to the applicant (第三十六条第（二）项, 第三十七条), listed as the
    reply's 附件. The same checks as applicants' attachments (type sniffed from the content, size, zip
    directory of DOCX/XLSX: :mod:`gongkai.core.uploads`, :mod:`gongkai.core.archives`)."""
    app = Application.objects.select_related("agency").get(pk=application.pk)
    if not access.can_handle(actor.user, app):
        raise PermissionDenied(_("只有受理机关的经办人或负责人可以添加公开的政府信息文件"))
    if app.outcome and app.outcome not in _disclosing():
        raise InvalidInput.for_field("file", _("本申请的办理结果不公开政府信息，不能添加公开文件"))
    (checked,) = uploads.check([upload], field="file", max_files=1)
    serial = app.released_files.count() + 1
    reply = app.letters.filter(kind="decision").order_by("-issued_on", "-pk").first()
    released = ReleasedFile(
        application=app,
        letter=reply,  # after the reply: provided with it (listed on the tracker); before: its 附件
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
    )
    ext = checked.name.rsplit(".", 1)[-1].lower()
    save_after_commit(released.file, f"{app.receipt_number}-released-{serial}.{ext}", checked.content)
    released.save()
    audit_record(
        actor,
        "application.released_file_added",
        app,
        data={"file": released.pk, "name": checked.name, "sha256": checked.sha256},
    )
    return released


@dataclass(frozen=True)
class ReleasedDownload:
    released: ReleasedFile
    content: bytes


def released_file_download(*, actor: Actor, released: ReleasedFile) -> ReleasedDownload:
    """A released file, for whom letters are (the handling agency's staff and the verified applicant);
    audited either way, as letters are."""
    app = released.application
    data = {"file": released.pk, "name": released.original_name}
    if not access.can_download_letter(actor, app):
        audit_record(actor, "application.released_file_download_refused", app, data=data)
        raise PermissionDenied(
            _(
                "公开的政府信息随答复提供给申请人，仅受理机关工作人员和申请人本人（凭申请编号和查询码）可以下载"
            )
        )
    if not _stored(released.file):
        raise NotFound(_("文件缺失，请联系受理机关"))
    with released.file.open("rb") as f:
        content = bytes(f.read())
    audit_record(actor, "application.released_file_downloaded", app, data=data)
    return ReleasedDownload(released, content)
