"""Every change to an application: transactional, permission-checked, transition-checked, audited, and
written to the case timeline. Dates default to today (Asia/Shanghai); each rule cites its article."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.applications import access, deadlines, fees, outcomes
from gongkai.applications.erasure import personal_data_erase_expired as personal_data_erase_expired
from gongkai.applications.letter_services import letter_issue
from gongkai.applications.letter_services import letter_pdf as letter_pdf  # re-exported
from gongkai.applications.models import (
    Applicant,
    ApplicantCategory,
    Application,
    ApplicationEvent,
    Attachment,
    Channel,
    ClockPause,
    Delivery,
    IdType,
    InfoForm,
    ReceiptCounter,
)
from gongkai.applications.states import CLOCK_RUNNING, OPEN, Status, ensure_transition
from gongkai.core import calendar, clock
from gongkai.core import uploads as attachment_checks
from gongkai.core.audit import audit_record
from gongkai.core.codes import validate_uscc
from gongkai.core.context import Actor
from gongkai.core.counters import next_serial
from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied
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
        errors["category"] = "请选择申请人类别"
    natural = applicant.category == ApplicantCategory.NATURAL
    if not applicant.name.strip():
        errors["name"] = "请填写申请人姓名" if natural else "请填写法人或其他组织名称"
    if natural:
        if applicant.id_type not in IdType.values:
            errors["id_type"] = "请选择身份证明类型"
        elif applicant.id_type == IdType.RESIDENT_ID:
            check("id_number", validate_resident_id, applicant.id_number)
        elif not applicant.id_number.strip():
            errors["id_number"] = "请填写身份证明号码"
        key_source = ("id", cleaned.get("id_number", applicant.id_number.strip().upper()))
    else:
        check("uscc", validate_uscc, applicant.uscc)
        if not applicant.contact_person.strip():
            errors["contact_person"] = "请填写联系人姓名"
        key_source = ("org", cleaned.get("uscc", applicant.uscc))
    if not applicant.phone.strip():
        errors["phone"] = "请填写联系电话"
    else:
        check("phone", validate_phone, applicant.phone)
    if request.delivery == Delivery.POST and not applicant.address.strip():
        errors["address"] = "选择邮寄方式的，请填写通信地址"
    if request.delivery == Delivery.EMAIL and not applicant.email.strip():
        errors["email"] = "选择电子邮件方式的，请填写电子邮箱"
    if applicant.email.strip() and not _is_email(applicant.email.strip()):
        errors["email"] = "电子邮箱格式不正确，应如 name@example.cn"
    if applicant.postcode.strip() and not (
        len(applicant.postcode.strip()) == 6 and applicant.postcode.isdigit()
    ):
        errors["postcode"] = "邮政编码应为6位数字"
    if len(request.description.strip()) < 5:
        errors["description"] = "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述（至少5个字）"
    if request.info_form not in InfoForm.values:
        errors["info_form"] = "请选择所需信息的形式"
    if request.delivery not in Delivery.values:
        errors["delivery"] = "请选择获取信息的方式"
    if errors:
        first = next(iter(errors.values()))
        raise InvalidInput(f"申请未提交：{len(errors)}处需要修改（{first}）", fields=errors)
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


def _event(
    app: Application, actor: Actor, action: str, on: date, note: str = "", *, public: bool = True
) -> None:
    ApplicationEvent.objects.create(
        application=app, on_date=on, action=action, actor_label=actor.label, note=note, public=public
    )
    audit_record(actor, f"application.{action}", app, data={"on": on.isoformat(), "status": app.status})


def _user(actor: Actor) -> Any:
    return actor.user


def _known(value: date | None, label: str) -> date:
    if value is None:
        raise InvalidTransition(f"{label}尚未确定，不能办理该操作")
    return value


def _today() -> date:
    return clock.today()


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
            note = f"通过{Channel(channel).label}提交" + (f"，附件{len(files)}个" if files else "")
            _event(app, actor, "submitted", timezone.localtime(now).date(), note)
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


def _recompute_due(app: Application) -> None:
    if app.clock_start is None:
        app.due_date = None
        return
    pauses = [deadlines.Pause(p.start, p.end, p.expected_end) for p in app.pauses.all()]
    app.due_date = deadlines.reply_due(
        calendar.current_calendar(),
        clock_start=app.clock_start,
        extension_days=app.extension_days,
        pauses=pauses,
    )


def _receive(app: Application, actor: Actor, on: date) -> None:
    ensure_transition(app.status, S.RECEIVED)
    if on < timezone.localtime(app.submitted_at).date() and app.channel == Channel.ONLINE:
        raise InvalidInput.for_field("received_on", "确认日期不能早于网上提交日期")
    app.status = S.RECEIVED
    app.received_on = on
    app.clock_start = on
    _recompute_due(app)
    app.save(update_fields=["status", "received_on", "clock_start", "due_date", "updated_at"])
    _event(
        app, actor, "received", on, f"收到申请之日：{on:%Y年%m月%d日}；答复期限：{app.due_date:%Y年%m月%d日}"
    )


def _require_handler(actor: Actor, app: Application) -> None:
    if not access.can_handle(actor.user, app):
        raise PermissionDenied("只有受理机关的经办人或负责人可以办理该申请")


def _begin(actor: Actor, application: Application, target: str, on: date | None) -> tuple[Application, date]:
    """The common start of a workflow step: lock the row, check the handler's permission and that the
    transition is allowed, default the date to today."""
    app = _locked(application)
    _require_handler(actor, app)
    ensure_transition(app.status, target)
    return app, on or _today()


def _locked(app: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=app.pk)


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
def application_request_correction(
    *, actor: Actor, application: Application, items: str, deadline: date, on: date | None = None
) -> Application:
    """第三十条: once, within 7 working days of receipt, items and deadline stated."""
    app, on = _begin(actor, application, S.CORRECTION, on)
    if app.correction_requested_on is not None:
        raise InvalidInput.for_field("items", "补正应当一次性告知（条例第三十条），本申请已告知过补正")
    received_on = _known(app.received_on, "收到申请之日")
    cal = calendar.current_calendar()
    last_day = deadlines.correction_notice_due(cal, received_on)
    if on > last_day:
        raise InvalidInput.for_field(
            "on",
            f"补正告知应当自收到申请之日起7个工作日内作出（条例第三十条），最迟为{last_day:%Y年%m月%d日}",
        )
    if not items.strip():
        raise InvalidInput.for_field("items", "请写明需要补正的事项")
    if deadline <= on:
        raise InvalidInput.for_field("deadline", "补正期限应晚于告知日期")
    app.status = S.CORRECTION
    app.correction_requested_on, app.correction_deadline, app.correction_items = on, deadline, items.strip()
    app.clock_start = None
    app.due_date = None
    app.save(
        update_fields=[
            "status",
            "correction_requested_on",
            "correction_deadline",
            "correction_items",
            "clock_start",
            "due_date",
            "updated_at",
        ]
    )
    _event(
        app,
        actor,
        "correction_requested",
        on,
        f"需要补正：{items.strip()}；补正期限：{deadline:%Y年%m月%d日}",
    )
    letter_issue(actor=actor, application=app, kind="correction", on=on)  # 第三十条: 一次性告知
    return app


@transaction.atomic
def application_receive_correction(
    *, actor: Actor, application: Application, on: date | None = None
) -> Application:
    """第三十条: 答复期限自行政机关收到补正的申请之日起计算."""
    app, on = _begin(actor, application, S.RECEIVED, on)
    if on < _known(app.correction_requested_on, "补正告知日"):
        raise InvalidInput.for_field("on", "收到补正日期不能早于补正告知日期")
    app.status = S.RECEIVED
    app.clock_start = on
    _recompute_due(app)
    app.save(update_fields=["status", "clock_start", "due_date", "updated_at"])
    _event(app, actor, "corrected", on, f"收到补正；答复期限重新计算至{app.due_date:%Y年%m月%d日}")
    return app


def _close(app: Application, actor: Actor, on: date, outcome: str, action: str, note: str) -> None:
    app.status = S.CLOSED if action != "withdrawn" else S.WITHDRAWN
    app.outcome = outcome
    app.outcome_basis = outcomes.get(outcome).basis
    app.decided_on = on
    app.save(update_fields=["status", "outcome", "outcome_basis", "decided_on", "updated_at"])
    _event(app, actor, action, on, note)


@transaction.atomic
def application_close_uncorrected(
    *, actor: Actor, application: Application, on: date | None = None
) -> Application:
    """第三十条: 无正当理由逾期不补正的，视为放弃申请 → （六）其他处理 1."""
    app, on = _begin(actor, application, S.CLOSED, on)
    if app.status != S.CORRECTION or app.correction_deadline is None or on <= app.correction_deadline:
        raise InvalidInput.for_field("on", "补正期限届满后才能按逾期不补正处理")
    _close(app, actor, on, outcomes.not_corrected(), "closed_uncorrected", "申请人逾期未补正，视为放弃申请")
    return app


@transaction.atomic
def application_start_consultation(
    *, actor: Actor, application: Application, kind: str, party: str, reason: str, on: date | None = None
) -> Application:
    """第三十二条 (third party) / 第三十四条 (other agency): the clock pauses; they have 15 working days."""
    app, on = _begin(actor, application, S.CONSULTING, on)
    if kind not in (ClockPause.Kind.THIRD_PARTY, ClockPause.Kind.OTHER_AGENCY):
        raise InvalidInput.for_field("kind", "征求意见类型无效")
    if not party.strip():
        raise InvalidInput.for_field("party", "请填写征求意见的对象")
    expected = deadlines.consultation_due(calendar.current_calendar(), on)
    ClockPause.objects.create(
        application=app,
        kind=kind,
        start=on,
        expected_end=expected,
        reason=reason.strip(),
        party=party.strip(),
        approved_by=_user(actor),
    )
    app.status = S.CONSULTING
    _recompute_due(app)
    app.save(update_fields=["status", "due_date", "updated_at"])
    _event(
        app,
        actor,
        "consultation_started",
        on,
        f"书面征求{party.strip()}意见，期限至{expected:%Y年%m月%d日}；"
        "征求意见所需时间不计入答复期限（条例第三十三条第三款）",
    )
    return app


@transaction.atomic
def application_end_consultation(
    *, actor: Actor, application: Application, on: date | None = None, note: str = ""
) -> Application:
    app, on = _begin(actor, application, S.IN_PROGRESS, on)
    pause = app.pauses.filter(end__isnull=True).exclude(kind=ClockPause.Kind.FEE).first()
    if pause is None or on < pause.start:
        raise InvalidInput.for_field("on", "结束日期不能早于征求意见开始日期")
    pause.end = on
    pause.save(update_fields=["end"])
    app.status = S.IN_PROGRESS
    _recompute_due(app)
    app.save(update_fields=["status", "due_date", "updated_at"])
    _event(
        app,
        actor,
        "consultation_ended",
        on,
        (note.strip() or "征求意见结束") + f"；答复期限顺延至{app.due_date:%Y年%m月%d日}",
    )
    return app


@transaction.atomic
def application_extend(
    *, actor: Actor, application: Application, days: int, reason: str, on: date | None = None
) -> Application:
    """第三十三条第二款: 经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日."""
    app = _locked(application)
    if not access.can_approve_extension(actor.user, app):
        raise PermissionDenied("延长答复期限须经本机关政府信息公开工作机构负责人同意")
    on = on or _today()
    if app.status not in CLOCK_RUNNING:
        raise InvalidInput.for_field("days", "当前状态不能延期")
    if days < 1 or app.extension_days + days > deadlines.MAX_EXTENSION_WORKING_DAYS:
        left = deadlines.MAX_EXTENSION_WORKING_DAYS - app.extension_days
        raise InvalidInput.for_field(
            "days", f"延长的期限最长不得超过20个工作日（本申请还可延长{left}个工作日）"
        )
    if not reason.strip():
        raise InvalidInput.for_field("reason", "请写明延期理由")
    if app.due_date is not None and on > app.due_date:
        raise InvalidInput.for_field("on", "答复期限已届满，不能再延期")
    app.extension_days += days
    app.extension_reason = reason.strip()
    _recompute_due(app)
    app.save(update_fields=["extension_days", "extension_reason", "due_date", "updated_at"])
    _event(
        app, actor, "extended", on, f"经负责人同意延期{days}个工作日，答复期限延至{app.due_date:%Y年%m月%d日}"
    )
    letter_issue(actor=actor, application=app, kind="extension", on=on)  # 第三十三条: 并告知申请人
    return app


def _items_before(app: Application, month_of: date) -> int:
    """件 already filed by the same applicant with the same agency in that natural month (第四条)."""
    first = month_of.replace(day=1)
    return (
        Application.objects.filter(
            applicant__identity_key=app.applicant.identity_key,
            agency=app.agency,
            received_on__gte=first,
            received_on__lte=month_of,
        )
        .exclude(pk=app.pk)
        .filter(received_on__lt=app.received_on)
        .count()
        + Application.objects.filter(
            applicant__identity_key=app.applicant.identity_key,
            agency=app.agency,
            received_on=app.received_on,
            pk__lt=app.pk,
        ).count()
    )


def fee_quote(app: Application, *, method: str, items: int = 1, pages: int = 0) -> Decimal:
    """What 国办函〔2020〕109号 charges for this application (one method only, 第三条)."""
    if method == fees.PER_ITEM:
        return fees.per_item_fee(
            before=_items_before(app, _known(app.received_on, "收到申请之日")), items=items
        )
    if method == fees.PER_PAGE:
        return fees.per_page_fee(pages)
    raise InvalidInput.for_field("method", "请选择按件或按量计收")


@transaction.atomic
def application_fee_notice(
    *,
    actor: Actor,
    application: Application,
    method: str,
    items: int = 1,
    pages: int = 0,
    on: date | None = None,
) -> Application:
    app = _locked(application)
    _require_handler(actor, app)
    on = on or _today()
    if app.fee_method:
        raise InvalidInput.for_field("method", "已发出收费通知，不得按两种标准重复计算（第三条）")
    ensure_transition(app.status, S.AWAITING_FEE)
    amount = fee_quote(app, method=method, items=items, pages=pages)
    if amount <= 0:
        raise InvalidInput.for_field("method", "未超过免费额度，不收取信息处理费")
    due = deadlines.fee_payment_due(calendar.current_calendar(), on)
    if settings.GONGKAI_FEE_WINDOW_PAUSES_CLOCK:
        ClockPause.objects.create(
            application=app,
            kind=ClockPause.Kind.FEE,
            start=on,
            expected_end=due,
            reason=f"收费通知：{amount}元",
            approved_by=_user(actor),
        )
    app.status, app.fee_method, app.fee_amount = S.AWAITING_FEE, method, amount
    _recompute_due(app)
    app.save(update_fields=["status", "fee_method", "fee_amount", "due_date", "updated_at"])
    _event(
        app,
        actor,
        "fee_notice",
        on,
        f"收费通知：信息处理费{amount}元，请于{due:%Y年%m月%d日}前缴纳，逾期视为放弃申请",
    )
    letter_issue(actor=actor, application=app, kind="fee", on=on)
    return app


@transaction.atomic
def application_fee_paid(*, actor: Actor, application: Application, on: date | None = None) -> Application:
    app, on = _begin(actor, application, S.IN_PROGRESS, on)
    if app.status != S.AWAITING_FEE:
        raise InvalidInput.for_field("on", "没有待缴的信息处理费")
    app.pauses.filter(kind=ClockPause.Kind.FEE, end__isnull=True).update(end=on)
    app.status, app.fee_paid_on = S.IN_PROGRESS, on
    _recompute_due(app)
    app.save(update_fields=["status", "fee_paid_on", "due_date", "updated_at"])
    _event(app, actor, "fee_paid", on, f"已缴纳信息处理费{app.fee_amount}元")
    return app


@transaction.atomic
def application_close_unpaid(
    *, actor: Actor, application: Application, on: date | None = None
) -> Application:
    """逾期未缴纳的视为放弃申请 → （六）其他处理 2."""
    app, on = _begin(actor, application, S.CLOSED, on)
    pause_start = (
        app.pauses.filter(kind=ClockPause.Kind.FEE).order_by("-start").values_list("start", flat=True).first()
    )
    notice_on = (
        pause_start or app.events.filter(action="fee_notice").values_list("on_date", flat=True).first()
    )
    if app.status != S.AWAITING_FEE or notice_on is None:
        raise InvalidInput.for_field("on", "没有待缴的信息处理费")
    if on <= deadlines.fee_payment_due(calendar.current_calendar(), notice_on):
        raise InvalidInput.for_field("on", "缴费期限届满后才能按逾期未缴费处理")
    app.pauses.filter(kind=ClockPause.Kind.FEE, end__isnull=True).update(end=on)
    _close(app, actor, on, outcomes.fee_unpaid(), "closed_unpaid", "申请人逾期未缴纳信息处理费，视为放弃申请")
    return app


_WORKFLOW_ONLY = {outcomes.not_corrected, outcomes.fee_unpaid}


@transaction.atomic
def application_decide(
    *,
    actor: Actor,
    application: Application,
    outcome: str,
    basis: str = "",
    on: date | None = None,
    referred_agency: Agency | str | None = None,
) -> Application:
    """Reply (第三十六条～第三十九条). The outcome is a leaf row of 表三; 部分公开 counts only as （二）."""
    app, on = _begin(actor, application, S.DECIDED, on)
    if outcome not in outcomes.outcomes():
        raise InvalidInput.for_field("outcome", "请选择办理结果")
    if outcome in {f() for f in _WORKFLOW_ONLY}:
        raise InvalidInput.for_field("outcome", "逾期不补正、逾期未缴费由相应程序终止，不能直接选择")
    chosen = outcomes.get(outcome)
    if isinstance(referred_agency, str):
        name = referred_agency.strip()
        referred_agency = Agency.objects.filter(name=name, is_active=True).first() if name else None
        if name and referred_agency is None:
            raise InvalidInput.for_field("referred_agency", f"没有名为“{name}”的机关，请填写机关全称")
    text = basis.strip() or chosen.basis
    if not text:
        raise InvalidInput.for_field("basis", "请写明法律依据及理由")
    if app.received_on and on < app.received_on:
        raise InvalidInput.for_field("on", "答复日期不能早于收到申请之日")
    app.status, app.outcome, app.outcome_basis, app.decided_on = S.DECIDED, outcome, text, on
    app.referred_agency = referred_agency
    app.save(
        update_fields=["status", "outcome", "outcome_basis", "decided_on", "referred_agency", "updated_at"]
    )
    late = app.due_date is not None and on > app.due_date
    _event(app, actor, "decided", on, f"办理结果：{chosen.short}" + ("（已超过答复期限）" if late else ""))
    letter_issue(actor=actor, application=app, kind="decision", on=on)
    return app


@transaction.atomic
def application_deliver(*, actor: Actor, application: Application, on: date | None = None) -> Application:
    app, on = _begin(actor, application, S.DELIVERED, on)
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
    """After an administrator corrects the holiday calendar: recompute every open case's due date."""
    if not (actor.is_system or org_access.can_administer(actor.user)):
        raise PermissionDenied("只有系统管理员可以重算答复期限")
    changed = 0
    for app in (
        Application.objects.select_for_update()
        .filter(status__in=OPEN, clock_start__isnull=False)
        .prefetch_related("pauses")
    ):
        before = app.due_date
        _recompute_due(app)
        if app.due_date != before:
            app.save(update_fields=["due_date", "updated_at"])
            ApplicationEvent.objects.create(
                application=app,
                on_date=_today(),
                action="due_recomputed",
                actor_label=actor.label,
                note=f"节假日安排更正，答复期限由{before}调整为{app.due_date}",
                public=True,
            )
            changed += 1
    audit_record(
        actor,
        "application.due_dates_recomputed",
        data={"changed": changed},
        object_type="applications.application",
    )
    return changed


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
