"""Every change to an application: transactional, permission-checked, transition-checked, audited, and
written to the case timeline. Dates default to today (Asia/Shanghai); each rule cites its article."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.applications import access, outcomes
from gongkai.applications.clock_services import (  # re-exported: moved out of this module
    _items_before as _items_before,
)
from gongkai.applications.clock_services import application_ask_reasons as application_ask_reasons
from gongkai.applications.clock_services import (
    application_close_uncorrected as application_close_uncorrected,
)
from gongkai.applications.clock_services import application_close_unpaid as application_close_unpaid
from gongkai.applications.clock_services import application_end_consultation as application_end_consultation
from gongkai.applications.clock_services import application_extend as application_extend
from gongkai.applications.clock_services import application_fee_delivered as application_fee_delivered
from gongkai.applications.clock_services import application_fee_notice as application_fee_notice
from gongkai.applications.clock_services import application_fee_paid as application_fee_paid
from gongkai.applications.clock_services import (
    application_letter_delivered as application_letter_delivered,
)
from gongkai.applications.clock_services import (
    application_reasons_answered as application_reasons_answered,
)
from gongkai.applications.clock_services import (
    application_receive_correction as application_receive_correction,
)
from gongkai.applications.clock_services import (
    application_request_correction as application_request_correction,
)
from gongkai.applications.clock_services import application_set_items as application_set_items
from gongkai.applications.clock_services import (
    application_start_consultation as application_start_consultation,
)
from gongkai.applications.clock_services import ensure_outcome_allowed as ensure_outcome_allowed
from gongkai.applications.clock_services import fee_quote as fee_quote
from gongkai.applications.decision_services import application_approve as application_approve
from gongkai.applications.decision_services import application_decide as application_decide
from gongkai.applications.decision_services import application_propose as application_propose
from gongkai.applications.decision_services import application_return as application_return
from gongkai.applications.erasure import personal_data_erase_expired as personal_data_erase_expired
from gongkai.applications.letter_services import letter_issue as letter_issue  # re-exported
from gongkai.applications.letter_services import letter_pdf as letter_pdf  # re-exported
from gongkai.applications.models import (
    Applicant,
    ApplicantCategory,
    Application,
    ApplicationEvent,
    Attachment,
    Channel,
    Delivery,
    IdType,
    InfoForm,
    ReceiptCounter,
)
from gongkai.applications.states import OPEN, Status, ensure_transition
from gongkai.applications.steps import (  # the common frame of a step, shared with clock_services
    _begin as _begin,
)
from gongkai.applications.steps import _close as _close
from gongkai.applications.steps import _event as _event
from gongkai.applications.steps import _known as _known
from gongkai.applications.steps import _locked as _locked
from gongkai.applications.steps import _recompute_due as _recompute_due
from gongkai.applications.steps import _require_handler as _require_handler
from gongkai.applications.steps import _today as _today
from gongkai.applications.steps import _user as _user
from gongkai.core import clock
from gongkai.core import uploads as attachment_checks
from gongkai.core.audit import audit_record
from gongkai.core.codes import validate_uscc
from gongkai.core.context import Actor
from gongkai.core.counters import next_serial
from gongkai.core.dates import chinese_date
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.core.files import save_after_commit
from gongkai.core.personal import identity_key, validate_phone, validate_resident_id
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency

S = Status


# ------------------------------------------------------------------------------------------ intake
@dataclass(frozen=True)
class ApplicantData:
    """What the applicant states about themselves (条例第二十九条第二款第（一）项)."""

    category: str
    name: str
    id_type: str = ""
    id_number: str = ""
    uscc: str = ""
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class RequestData:
    """What is asked for and in which form (第二十九条第二款第（二）、（三）项)."""

    description: str
    info_form: str
    delivery: str


def _is_email(value: str) -> bool:
    try:
        EmailValidator()(value)
    except ValidationError:
        return False
    return True


def _validate(applicant: ApplicantData, request: RequestData) -> tuple[ApplicantData, str]:
    """Check every field, collecting all errors at once (so the form shows them together)."""
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}

    def check(name: str, fn: Any, value: str) -> None:
        try:
            cleaned[name] = fn(value, field=name)
        except InvalidInput as e:
            errors.update(e.fields)

    if applicant.category not in ApplicantCategory.values:
        errors["category"] = _("请选择申请人类别")
    natural = applicant.category == ApplicantCategory.NATURAL
    if not applicant.name.strip():
        errors["name"] = _("请填写申请人姓名") if natural else "请填写法人或其他组织名称"
    if natural:
        if applicant.id_type not in IdType.values:
            errors["id_type"] = _("请选择身份证明类型")
        elif applicant.id_type == IdType.RESIDENT_ID:
            check("id_number", validate_resident_id, applicant.id_number)
        elif not applicant.id_number.strip():
            errors["id_number"] = _("请填写身份证明号码")
        key_source = ("id", cleaned.get("id_number", applicant.id_number.strip().upper()))
    else:
        check("uscc", validate_uscc, applicant.uscc)
        if not applicant.contact_person.strip():
            errors["contact_person"] = _("请填写联系人姓名")
        key_source = ("org", cleaned.get("uscc", applicant.uscc))
    if not applicant.phone.strip():
        errors["phone"] = _("请填写联系电话")
    else:
        check("phone", validate_phone, applicant.phone)
    if request.delivery == Delivery.POST and not applicant.address.strip():
        errors["address"] = _("选择邮寄方式的，请填写通信地址")
    if request.delivery == Delivery.EMAIL and not applicant.email.strip():
        errors["email"] = _("选择电子邮件方式的，请填写电子邮箱")
    if applicant.email.strip() and not _is_email(applicant.email.strip()):
        errors["email"] = _("电子邮箱格式不正确，应如 name@example.cn")
    if applicant.postcode.strip() and not (
        len(applicant.postcode.strip()) == 6 and applicant.postcode.isdigit()
    ):
        errors["postcode"] = _("邮政编码应为6位数字")
    if len(request.description.strip()) < 5:
        errors["description"] = _("请写明所需政府信息的名称、文号或者便于查询的其他特征性描述（至少5个字）")
    if request.info_form not in InfoForm.values:
        errors["info_form"] = _("请选择所需信息的形式")
    if request.delivery not in Delivery.values:
        errors["delivery"] = _("请选择获取信息的方式")
    if errors:
        first = next(iter(errors.values()))
        message = _("申请未提交：%(n)s处需要修改（%(first)s）") % {"n": len(errors), "first": first}
        raise InvalidInput(message, fields=errors)
    clean = ApplicantData(
        category=applicant.category,
        name=applicant.name.strip(),
        id_type=applicant.id_type if natural else "",
        id_number=cleaned.get("id_number", applicant.id_number.strip()) if natural else "",
        uscc=cleaned.get("uscc", "") if not natural else "",
        contact_person=applicant.contact_person.strip(),
        phone=cleaned.get("phone", applicant.phone.strip()),
        email=applicant.email.strip(),
        address=applicant.address.strip(),
        postcode=applicant.postcode.strip(),
    )
    return clean, identity_key(*key_source)


def _query_code(idempotency_key: str | None) -> str:
    """The secret the applicant uses with the receipt number; derived from the submission token so that a
    replayed submission shows the same code, random otherwise."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    if idempotency_key:
        digest = hmac.new(settings.SECRET_KEY.encode(), idempotency_key.encode(), hashlib.sha256).digest()
        return "".join(alphabet[b % len(alphabet)] for b in digest[:8])
    return "".join(secrets.choice(alphabet) for _ in range(8))


def hash_query_code(code: str) -> str:
    return hashlib.sha256(f"gongkai-query:{code.strip().upper()}".encode()).hexdigest()


def _next_serial(counter_model: Any, agency: Agency, year: int) -> int:
    return next_serial(counter_model, agency=agency, year=year)


def _next_receipt_number(agency: Agency, year: int) -> str:
    return f"YSQ{year}-{agency.pk:05d}-{_next_serial(ReceiptCounter, agency, year):05d}"


@dataclass(frozen=True)
class Submission:
    application: Application
    query_code: str
    created: bool


IDEMPOTENCY_KEY_MAX = 64  # Application.idempotency_key


def application_submit(
    *,
    actor: Actor,
    agency: Agency,
    applicant: ApplicantData,
    request: RequestData,
    channel: str = Channel.ONLINE,
    received_on: date | None = None,
    idempotency_key: str | None = None,
    attachments: list[Any] | None = None,
    replay_allowed: bool = True,
    own_receipts: Sequence[str] = (),
    items: int = 1,
) -> Submission:
    """File an application. Online, email, fax and plain letters wait for the agency to confirm (第三十一条:
    双方确认之日); staff registering one with ``received_on`` (in person: the day handed in; signed letters:
    the day signed for; others: the confirmation date) puts it straight on the clock.

    Idempotent: the same ``idempotency_key`` returns the first submission, never a second application —
    with its receipt and query code only if ``replay_allowed`` (the caller knows the key is its own, e.g. the
    web form's session issued it); otherwise a replay is refused, so a leaked key reveals nothing.

    ``own_receipts`` are the receipts this caller filed (the browser session's): the same person asking the
    same agency for the same information again within an hour (a form sent again after going Back, which
    fetches a fresh token) gets that earlier submission back instead of a second 件.
    """
    if idempotency_key and len(idempotency_key) > IDEMPOTENCY_KEY_MAX:
        raise InvalidInput.for_field("token", f"提交编号不能超过{IDEMPOTENCY_KEY_MAX}个字符")
    if idempotency_key:
        existing = Application.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replayed(existing, idempotency_key, replay_allowed)
    if channel not in Channel.values:
        raise InvalidInput.for_field("channel", "申请方式无效")
    if actor.is_system:
        raise PermissionDenied("申请由公众提交或由机关工作人员登记")
    staff_entry = actor.is_staff
    if staff_entry and not org_access.can_handle_cases(actor.user, agency):
        raise PermissionDenied("只有本机关经办人可以登记申请")
    if received_on is not None and not staff_entry:
        raise PermissionDenied("收到申请之日由行政机关确认")
    if received_on is not None and received_on > clock.today():
        raise InvalidInput.for_field("received_on", "收到申请之日不能晚于今天")
    if items != 1 and not staff_entry:  # 国办函〔2020〕109号第四条: the agency splits (一事一申请)
        raise PermissionDenied("件数由行政机关按“一事一申请”原则确定")
    if not 1 <= items <= 999:
        raise InvalidInput.for_field("items", "件数应为1至999之间的整数")
    if not agency.is_active:
        raise InvalidInput.for_field("agency", "该机关已不再受理申请")
    errors: dict[str, str] = {}
    try:
        clean, key = _validate(applicant, request)
    except InvalidInput as e:
        errors.update(e.fields)
    try:
        files = attachment_checks.check(list(attachments or []))
    except InvalidInput as e:
        errors.update(e.fields)
    if errors:
        raise InvalidInput(
            f"申请未提交：{len(errors)}处需要修改（{next(iter(errors.values()))}）", fields=errors
        )
    if own_receipts and (again := _resubmitted(agency, own_receipts, key, request.description)):
        return Submission(again, _query_code(again.idempotency_key), created=False)
    code = _query_code(idempotency_key)
    try:
        with transaction.atomic():
            person = Applicant.objects.create(identity_key=key, **clean.__dict__)
            now = clock.now()
            app = Application.objects.create(
                agency=agency,
                applicant=person,
                applicant_category=clean.category,
                receipt_number=_next_receipt_number(agency, timezone.localtime(now).year),
                query_code_hash=hash_query_code(code),
                idempotency_key=idempotency_key or None,
                channel=channel,
                submitted_at=now,
                description=request.description.strip(),
                info_form=request.info_form,
                delivery=request.delivery,
                items=items,
            )
            for i, f in enumerate(files, start=1):
                att = Attachment(
                    application=app,
                    original_name=f.name,
                    content_type=f.content_type,
                    size=len(f.content),
                    sha256=f.sha256,
                )
                save_after_commit(
                    att.file, f"{app.receipt_number}-{i}.{f.name.rsplit('.', 1)[-1].lower()}", f.content
                )
                att.save()
            _event(app, actor, "submitted", *_submitted_entry(channel, now, received_on, len(files)))
            if received_on is not None:
                _receive(app, actor, received_on)
    except IntegrityError:
        # A concurrent replay of the same submission won the race on idempotency_key.
        existing = (
            Application.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        )
        if existing is None or idempotency_key is None:
            raise
        return _replayed(existing, idempotency_key, replay_allowed)
    return Submission(app, code, created=True)


#: How each channel is told on the timeline after the action label "提交申请" (no "通过当面提交提交").
SUBMISSION_NOTES: dict[str, str] = {
    Channel.ONLINE: "网上申请",
    Channel.EMAIL: "通过电子邮件提交",
    Channel.FAX: "通过传真提交",
    Channel.LETTER_SIGNED: "邮寄（需签收）",
    Channel.LETTER_PLAIN: "平常信函寄送",
    Channel.IN_PERSON: "当面提交",
}


def submission_note(channel: str) -> str:
    return SUBMISSION_NOTES.get(channel) or str(Channel(channel).label)


def _submitted_entry(channel: str, now: Any, received_on: date | None, files: int) -> tuple[date, str]:
    """The date and note of the "submitted" timeline entry. Staff registering an application received on an
    earlier day date it no later than its receipt: 当面提交 and 邮寄（需签收） are submitted on the day of
    receipt (第三十一条: 当面提交之日、签收之日); the registration time is noted."""
    local = timezone.localtime(now)
    on, note = local.date(), submission_note(channel)
    if received_on is not None and (
        channel in (Channel.IN_PERSON, Channel.LETTER_SIGNED) or received_on < on
    ):
        if received_on != on:
            note += f"（{chinese_date(local.date())}{local:%H:%M}登记）"
        on = received_on
    return on, note + (f"，附件{files}个" if files else "")


def _resubmitted(agency: Agency, receipts: Sequence[str], key: str, description: str) -> Application | None:
    return (
        Application.objects.filter(
            agency=agency,
            receipt_number__in=list(receipts)[-20:],
            applicant__identity_key=key,
            description=description.strip(),
            idempotency_key__isnull=False,
            submitted_at__gte=clock.now() - timedelta(hours=1),
        )
        .order_by("-pk")
        .first()
    )


def _replayed(existing: Application, idempotency_key: str, replay_allowed: bool) -> Submission:
    if not replay_allowed:
        raise InvalidInput.for_field(
            "submission",
            "该申请已经提交。为保护申请人信息，申请编号和查询码只向提交申请的浏览器显示；"
            "请凭提交时取得的申请编号和查询码查询办理情况。",
        )
    return Submission(existing, _query_code(idempotency_key), created=False)


def _receive(app: Application, actor: Actor, on: date) -> None:
    ensure_transition(app.status, S.RECEIVED)
    if on > clock.today():  # 第三十一条: the day of receipt or 双方确认 has happened
        raise InvalidInput.for_field("received_on", "收到申请之日（确认日期）不能晚于今天")
    if on < timezone.localtime(app.submitted_at).date() and app.channel == Channel.ONLINE:
        raise InvalidInput.for_field("received_on", "确认日期不能早于网上提交日期")
    app.status = S.RECEIVED
    app.received_on = on
    app.clock_start = on
    if app.handler_id is None and actor.user is not None and actor.is_staff:
        app.handler = actor.user  # type: ignore[assignment]  # who confirms it handles it
    _recompute_due(app)
    app.save(update_fields=["status", "received_on", "clock_start", "due_date", "handler", "updated_at"])
    _event(
        app,
        actor,
        "received",
        on,
        f"收到申请之日：{chinese_date(on)}；答复期限：{chinese_date(app.due_date)}",
    )


@transaction.atomic
def application_confirm_receipt(
    *, actor: Actor, application: Application, on: date | None = None
) -> Application:
    """第三十一条: for online, email, fax and ordinary-letter applications the date both sides confirm is
    收到申请之日, and the 20 working days run from it."""
    app = _locked(application)
    _require_handler(actor, app)
    _receive(app, actor, on or _today())
    return app


@transaction.atomic
def application_start(*, actor: Actor, application: Application) -> Application:
    app = _locked(application)
    _require_handler(actor, app)
    ensure_transition(app.status, S.IN_PROGRESS)
    app.status = S.IN_PROGRESS
    app.handler = actor.user  # type: ignore[assignment]
    app.save(update_fields=["status", "handler", "updated_at"])
    _event(app, actor, "started", _today(), public=False)
    return app


@transaction.atomic
def application_deliver(*, actor: Actor, application: Application, on: date | None = None) -> Application:
    app, on = _begin(actor, application, S.DELIVERED, on)
    if app.decided_on is not None and on < app.decided_on:
        raise InvalidInput.for_field("on", "送达日期不能早于答复日期")
    app.status, app.delivered_on = S.DELIVERED, on
    app.save(update_fields=["status", "delivered_on", "updated_at"])
    _event(app, actor, "delivered", on, f"已通过{Delivery(app.delivery).label}送达")
    return app


@transaction.atomic
def application_withdraw(
    *, actor: Actor, application: Application, on: date | None = None, reason: str = ""
) -> Application:
    """The applicant withdraws (via the tracker with number + code, or staff record a withdrawal letter)."""
    app = _locked(application)
    if actor.is_staff:
        _require_handler(actor, app)
    elif not actor.verified_for(app.pk):
        raise PermissionDenied("只有凭申请编号和查询码核验的申请人或本机关经办人可以撤回申请")
    on = on or _today()
    ensure_transition(app.status, S.WITHDRAWN)
    app.pauses.filter(end__isnull=True).update(end=on)
    _close(
        app,
        actor,
        on,
        outcomes.other(),
        "withdrawn",
        "申请人撤回申请" + (f"：{reason.strip()}" if reason.strip() else ""),
    )
    return app


@transaction.atomic
def applications_recompute_due_dates(*, actor: Actor) -> int:
    """After the holiday calendar changed (a year entered or corrected): recompute every open case's due
    date; a provisional (暂定) date becomes definite. Each change is on the case's timeline and the run is
    audited with the receipt numbers it changed."""
    if not (actor.is_system or org_access.can_administer(actor.user)):
        raise PermissionDenied("只有系统管理员可以重算答复期限")
    changed: list[str] = []
    for app in (
        Application.objects.select_for_update()
        .filter(status__in=OPEN, clock_start__isnull=False)
        .prefetch_related("pauses")
    ):
        before, was_provisional = app.due_date, app.due_provisional
        _recompute_due(app)
        if (app.due_date, app.due_provisional) == (before, was_provisional):
            continue
        app.save(update_fields=["due_date", "updated_at"])
        old = f"{_cn(before)}{'（暂定）' if was_provisional else ''}"
        new = f"{_cn(app.due_date)}{'（暂定）' if app.due_provisional else ''}"
        ApplicationEvent.objects.create(
            application=app,
            on_date=_today(),
            action="due_recomputed",
            actor_label=actor.label,
            note=f"节假日安排录入或更正，答复期限由{old}调整为{new}",
            public=True,
        )
        changed.append(app.receipt_number)
    audit_record(
        actor,
        "application.due_dates_recomputed",
        data={"changed": len(changed), "receipts": changed},
        object_type="applications.application",
    )
    return len(changed)


def _cn(d: date | None) -> str:
    return chinese_date(d) if d else "（无）"


def applicant_personal_data(*, actor: Actor, application: Application) -> Applicant:
    """The unmasked applicant, for the handling agency only; every view is audited."""
    if not access.can_view_personal_data(actor.user, application):
        raise PermissionDenied("申请人个人信息仅受理机关工作人员可见")
    audit_record(
        actor, "application.personal_data_viewed", application, data={"applicant": application.applicant_id}
    )
    return application.applicant


def attachment_open(*, actor: Actor, application: Application, attachment_id: int) -> Any:
    """An applicant's attachment (may hold personal data): handling agency only, audited."""
    if not access.can_view_personal_data(actor.user, application):
        raise PermissionDenied("申请附件仅受理机关工作人员可见")
    att = application.attachments.filter(pk=attachment_id).first()
    if att is None:
        raise InvalidInput.for_field("attachment", "附件不存在")
    audit_record(actor, "application.attachment_viewed", application, data={"attachment": att.pk})
    return att
