"""The statutory clock of 依申请公开 between receipt and reply: 补正 (第三十条), 征求意见 (第三十二条、
第三十四条, not counted: 第三十三条第三款), 延期 (第三十三条第二款), 信息处理费 (国办函〔2020〕109号) and
the closures they can end in (（六）1、2). Moved out of :mod:`gongkai.applications.services`, which
re-exports every public name, so existing imports keep working."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from gongkai.applications import access, deadlines, decisions, fees, outcomes
from gongkai.applications.decisions import clean
from gongkai.applications.letter_services import letter_issue
from gongkai.applications.models import Application, ClockPause, Delivery, InfoForm, Letter
from gongkai.applications.states import ACTIONS, OPEN, Status, ensure_transition
from gongkai.applications.steps import (
    _begin,
    _close,
    _event,
    _known,
    _locked,
    _not_future,
    _pause,
    _recompute_due,
    _require_handler,
    _today,
    _user,
)
from gongkai.core import calendar
from gongkai.core.context import Actor
from gongkai.core.dates import chinese_date
from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from gongkai.core.workdays import WorkdayCalendar

S = Status


def correction_min_working_days() -> int:
    """The shortest 补正期限 in working days. 第三十条 asks for a 合理的补正期限 without a number: the
    default of 10 working days is [UNCONFIRMED] local practice, hence a setting."""
    return int(settings.GONGKAI_CORRECTION_MIN_WORKING_DAYS)


def _check_correction_deadline(cal: WorkdayCalendar, on: date, deadline: date) -> None:
    """第三十条: 合理的补正期限 — at least the configured number of working days after the notice, and
    ending on a working day (a period ending on a day off is not one the applicant can use)."""
    earliest = deadlines.correction_deadline_earliest(cal, on, correction_min_working_days())
    if deadline < earliest or not cal.is_workday(deadline):
        raise InvalidInput.for_field(
            "deadline",
            f"补正期限应当合理（条例第三十条）：至少{correction_min_working_days()}个工作日且截止日为工作日，"
            f"最早为{chinese_date(earliest)}",
        )


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
            f"补正告知应当自收到申请之日起7个工作日内作出（条例第三十条），最迟为{chinese_date(last_day)}",
        )
    if not items.strip():
        raise InvalidInput.for_field("items", "请写明需要补正的事项")
    _check_correction_deadline(cal, on, deadline)
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
        f"需要补正：{clean(items)}；补正期限：{chinese_date(deadline)}",
    )
    letter_issue(actor=actor, application=app, kind="correction", on=on)  # 第三十条: 一次性告知
    return app


@transaction.atomic
def application_receive_correction(
    *, actor: Actor, application: Application, on: date | None = None
) -> Application:
    """第三十条: 答复期限自行政机关收到补正的申请之日起计算."""
    app, on = _begin(actor, application, S.RECEIVED, on, label="收到补正日期")
    if on < _known(app.correction_requested_on, "补正告知日"):
        raise InvalidInput.for_field("on", "收到补正日期不能早于补正告知日期")
    app.status = S.RECEIVED
    app.clock_start = on
    _recompute_due(app)
    app.save(update_fields=["status", "clock_start", "due_date", "updated_at"])
    _event(app, actor, "corrected", on, f"收到补正；答复期限重新计算至{chinese_date(app.due_date)}")
    return app


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
    if not party.strip():  # 第三十二条: the letter goes to the named third party (Letter.recipient)
        raise InvalidInput.for_field(
            "party",
            "请填写第三方的名称（条例第三十二条）"
            if kind == ClockPause.Kind.THIRD_PARTY
            else "请填写征求意见的机关名称（条例第三十四条）",
        )
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
        f"书面征求{party.strip()}意见，期限至{chinese_date(expected)}；"
        "征求意见所需时间不计入答复期限（条例第三十三条第三款）",
    )
    return app


@transaction.atomic
def application_end_consultation(
    *,
    actor: Actor,
    application: Application,
    on: date | None = None,
    note: str = "",
    third_party_objected: bool | None = None,
    disclose: bool = False,
    disclose_reason: str = "",
) -> Application:
    """The consulted party answered (or the 15 working days passed). 第三十三条第三款: the time is not
    counted, but at most 15 working days (第三十二条、第三十四条); beyond that it counts against the agency
    and the case shows 征求意见超过15个工作日.

    A third party (第三十二条) must be recorded as objecting or not. If it objected and the agency still
    decides to disclose (不公开可能对公共利益造成重大影响), ``disclose`` with ``disclose_reason``: the
    decision and reason are then told to the third party in writing (letter kind notify_third)."""
    app, on = _begin(actor, application, S.IN_PROGRESS, on, label="征求意见结束日期")
    pause = app.pauses.filter(end__isnull=True).exclude(kind=ClockPause.Kind.FEE).first()
    if pause is None or on < pause.start:
        raise InvalidInput.for_field("on", "结束日期不能早于征求意见开始日期")
    fields = ["end"]
    if pause.kind == ClockPause.Kind.THIRD_PARTY:
        if third_party_objected is None:
            raise InvalidInput.for_field("third_party_objected", "请选择第三方是否同意公开（条例第三十二条）")
        if disclose and not third_party_objected:
            raise InvalidInput.for_field("disclose", "第三方未表示不同意公开，无需作出“仍予公开”的决定")
        if disclose and not disclose_reason.strip():
            raise InvalidInput.for_field(
                "disclose_reason", "决定予以公开的，请写明理由，并书面告知第三方（条例第三十二条）"
            )
        pause.third_party_objected = third_party_objected
        pause.disclose_despite_objection = disclose
        pause.disclose_reason = disclose_reason.strip() if disclose else ""
        fields += ["third_party_objected", "disclose_despite_objection", "disclose_reason"]
    pause.end = on
    pause.save(update_fields=fields)
    app.status = S.IN_PROGRESS
    _recompute_due(app)
    app.save(update_fields=["status", "due_date", "updated_at"])
    overrun = deadlines.pause_overrun(calendar.current_calendar(), _pause(pause), on)
    parts = [clean(note) or "征求意见结束"]
    if pause.third_party_objected is not None:
        parts.append("第三方不同意公开" if pause.third_party_objected else "第三方同意公开")
    if pause.disclose_despite_objection:
        parts.append(
            f"本机关认为不公开可能对公共利益造成重大影响，决定予以公开：{clean(pause.disclose_reason)}"
        )
    if overrun:
        parts.append(f"征求意见超过15个工作日（超出{overrun}个工作日，计入答复期限）")
    parts.append(f"答复期限顺延至{chinese_date(app.due_date)}")
    _event(app, actor, "consultation_ended", on, "；".join(parts))
    return app


def third_party_consultation(app: Application) -> ClockPause | None:
    """The latest 第三十二条 consultation of ``app``: its ``party`` is the addressee of consult_third and
    notify_third."""
    return app.pauses.filter(kind=ClockPause.Kind.THIRD_PARTY).order_by("-start", "-id").first()


@transaction.atomic
def application_extend(
    *, actor: Actor, application: Application, days: int, reason: str, on: date | None = None
) -> Application:
    """第三十三条第二款: 经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日."""
    app = _locked(application)
    if not access.can_approve_extension(actor.user, app):
        raise PermissionDenied("延长答复期限须经本机关政府信息公开工作机构负责人同意")
    on = _not_future(on or _today(), "延期日期")
    if app.received_on is not None and on < app.received_on:
        raise InvalidInput.for_field("on", "延期日期不能早于收到申请之日")
    if app.status not in ACTIONS["extend"]:
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
        app,
        actor,
        "extended",
        on,
        f"经负责人同意延期{days}个工作日，答复期限延至{chinese_date(app.due_date)}",
    )
    letter_issue(actor=actor, application=app, kind="extension", on=on)  # 第三十三条: 并告知申请人
    return app


def _items_before(app: Application, month_of: date) -> int:
    """件 (not applications: 第四条 一事一申请 lets one application count several) already filed by the
    same applicant (identity_key) with the same agency earlier in that natural month (第四条)."""
    first = month_of.replace(day=1)
    same = Application.objects.filter(
        applicant__identity_key=app.applicant.identity_key,
        agency=app.agency,
    ).exclude(pk=app.pk)
    earlier = same.filter(received_on__gte=first, received_on__lt=app.received_on) | same.filter(
        received_on=app.received_on, pk__lt=app.pk
    )
    return int(earlier.aggregate(n=Sum("items"))["n"] or 0)


def fee_commencement() -> date:
    """First 收到申请之日 for which 信息处理费 may be charged (国办函〔2020〕109号; never before the 条例,
    2019-05-15)."""
    return fees.commencement(settings.GONGKAI_FEE_COMMENCEMENT)


def fee_quote(app: Application, *, method: str, items: int | None = None, pages: int = 0) -> Decimal:
    """What 国办函〔2020〕109号 charges for this application (one method only, 第三条). ``items`` defaults
    to the 件 stored on the application (第四条)."""
    received = _known(app.received_on, "收到申请之日")
    start = fee_commencement()
    if received < start:
        raise InvalidInput.for_field(
            "method",
            f"本申请收到于{chinese_date(received)}，早于信息处理费收取办法施行之日"
            f"（{chinese_date(start)}，国办函〔2020〕109号），不收取信息处理费",
        )
    if method == fees.PER_ITEM:
        return fees.per_item_fee(before=_items_before(app, received), items=items or app.items)
    if method == fees.PER_PAGE:
        # 第五条: 按量 for paper copies, e-mail or copied electronic data — not 查阅、抄录 or online viewing.
        if app.info_form == InfoForm.VIEW or app.delivery == Delivery.ONLINE:
            raise InvalidInput.for_field(
                "method",
                "按量计收仅适用于提供纸质件、发送电子邮件、复制电子数据等方式（国办函〔2020〕109号第五条），"
                "查阅、抄录或网上获取的不得按页计收",
            )
        return fees.per_page_fee(pages)
    raise InvalidInput.for_field("method", "请选择按件或按量计收")


@transaction.atomic
def application_fee_notice(
    *,
    actor: Actor,
    application: Application,
    method: str,
    items: int | None = None,
    pages: int = 0,
    on: date | None = None,
) -> Application:
    """收费通知 (国办函〔2020〕109号): only for applications received on or after the 办法's commencement.
    The payment window runs from the day after the applicant receives the notice: record the letter's
    delivery (:func:`application_letter_delivered`)."""
    app = _locked(application)
    _require_handler(actor, app)
    on = _not_future(on or _today(), "收费通知日期")
    if app.fee_method:
        raise InvalidInput.for_field("method", "已发出收费通知，不得按两种标准重复计算（第三条）")
    ensure_transition(app.status, S.AWAITING_FEE)
    # 109号 (REGULATIONS.md §3): 应当在政府信息公开申请处理期限内…发出收费通知.
    if app.due_date is not None and on > app.due_date:
        raise InvalidInput.for_field(
            "on", f"收费通知应当在答复期限（{chinese_date(app.due_date)}）内发出（国办函〔2020〕109号）"
        )
    amount = fee_quote(app, method=method, items=items, pages=pages)
    if amount <= 0:
        raise InvalidInput.for_field("method", "未超过免费额度，不收取信息处理费")
    # Provisional until the notice's delivery is recorded (the window runs from the day after receipt).
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
        # the action label already says 发出收费通知: the note does not repeat it
        f"信息处理费{amount}元，请于收到通知次日起20个工作日内缴纳，逾期视为放弃申请",
    )
    letter_issue(actor=actor, application=app, kind="fee", on=on)
    return app


@transaction.atomic
def application_fee_paid(*, actor: Actor, application: Application, on: date | None = None) -> Application:
    app, on = _begin(actor, application, S.IN_PROGRESS, on, label="缴费日期")
    if app.status != S.AWAITING_FEE:
        raise InvalidInput.for_field("on", "没有待缴的信息处理费")
    notice = _fee_letter(app)
    if notice is not None and on < notice.issued_on:
        raise InvalidInput.for_field("on", "缴费日期不能早于收费通知日期")
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
    """逾期未缴纳的视为放弃申请 → （六）其他处理 2 (国办函〔2020〕109号): only once the 20 working days
    from the day after the applicant received the fee notice (its delivery date; post: the signed-for
    date) have passed."""
    app, on = _begin(actor, application, S.CLOSED, on)
    if app.status != S.AWAITING_FEE:
        raise InvalidInput.for_field("on", "没有待缴的信息处理费")
    due = fee_payment_due(app)
    if due is None:
        raise InvalidInput.for_field(
            "on", "收费通知的送达日期尚未登记：请先登记申请人收到收费通知之日（邮寄的为签收之日）"
        )
    if on <= due:
        raise InvalidInput.for_field(
            "on", f"缴费期限{chinese_date(due)}届满后才能按逾期未缴费处理（国办函〔2020〕109号）"
        )
    app.pauses.filter(kind=ClockPause.Kind.FEE, end__isnull=True).update(end=on)
    _close(app, actor, on, outcomes.fee_unpaid(), "closed_unpaid", "申请人逾期未缴纳信息处理费，视为放弃申请")
    return app


def _fee_letter(app: Application) -> Letter | None:
    return app.letters.filter(kind="fee").order_by("-issued_on", "-id").first()


def fee_payment_due(app: Application) -> date | None:
    """Last day to pay: 20 working days from the day after the applicant received the fee notice
    (国办函〔2020〕109号; REGULATIONS.md §3). None while the notice's delivery date is not recorded."""
    notice = _fee_letter(app)
    if notice is None or notice.delivered_on is None:
        return None
    return deadlines.fee_payment_due(calendar.current_calendar(), notice.delivered_on)


@transaction.atomic
def application_letter_delivered(
    *, actor: Actor, application: Application, letter: Letter, on: date, method: str
) -> Letter:
    """Record the day a letter reached its addressee (送达日期; post: the signed-for date). A fee notice's
    payment window runs from the next day (国办函〔2020〕109号), so recording it moves the fee pause's
    expected end and the reply due date with it."""
    app = _locked(application)
    _require_handler(actor, app)
    letter = Letter.objects.select_for_update().get(pk=letter.pk, application=app)
    if method not in Delivery.values:
        raise InvalidInput.for_field("delivery_method", "请选择送达方式")
    _not_future(on, "送达日期", "delivered_on")
    if on < letter.issued_on:
        raise InvalidInput.for_field("delivered_on", "送达日期不能早于文书成文日期")
    letter.delivered_on, letter.delivery_method = on, method
    letter.save(update_fields=["delivered_on", "delivery_method"])
    if letter.kind == "fee" and app.status == S.AWAITING_FEE:
        expected = deadlines.fee_payment_due(calendar.current_calendar(), on)
        app.pauses.filter(kind=ClockPause.Kind.FEE, end__isnull=True).update(expected_end=expected)
        _recompute_due(app)
        app.save(update_fields=["due_date", "updated_at"])
    _event(
        app,
        actor,
        "letter_delivered",
        on,
        f"{letter.title}（{letter.number}）已于{chinese_date(on)}通过{Delivery(method).label}送达",
    )
    return letter


@transaction.atomic
def application_fee_delivered(*, actor: Actor, application: Application, on: date, method: str) -> Letter:
    """Record the day the applicant received the (latest) fee notice: the 20-working-day payment window
    runs from the next day (国办函〔2020〕109号)."""
    notice = _fee_letter(application)
    if notice is None:
        raise InvalidInput.for_field("on", "本申请没有收费通知")
    return application_letter_delivered(
        actor=actor, application=application, letter=notice, on=on, method=method
    )


@transaction.atomic
def application_set_items(*, actor: Actor, application: Application, items: int, reason: str) -> Application:
    """How many 件 the application counts for the monthly 按件 fee count (国办函〔2020〕109号第四条: 按照
    “一事一申请”原则，以合理的最小单位拆分计算件数). Set by staff at registration or when splitting."""
    app = _locked(application)
    _require_handler(actor, app)
    if app.status not in OPEN:
        raise InvalidInput.for_field("items", "申请已办结，不能再调整件数")
    if not 1 <= items <= 999:
        raise InvalidInput.for_field("items", "件数应为1至999之间的整数")
    if not reason.strip():
        raise InvalidInput.for_field("reason", "请写明拆分计件的理由（一事一申请）")
    if app.fee_method:
        raise InvalidInput.for_field("items", "已发出收费通知，不能再调整件数")
    before, app.items = app.items, items
    app.save(update_fields=["items", "updated_at"])
    _event(
        app,
        actor,
        "items_set",
        _today(),
        f"按“一事一申请”原则计为{items}件（原为{before}件）：{clean(reason)}（国办函〔2020〕109号第四条）",
    )
    return app


# ------------------------------------------------------------------------------ 第三十五条 说明理由
def ensure_outcome_allowed(app: Application, outcome: str) -> None:
    """Preconditions of reply types that the clock steps establish (for :func:`application_decide`):
    （四）3 补正后申请内容仍不明确 only after a 补正 was asked and received (第三十条: the case went back to
    RECEIVED with ``correction_requested_on`` set)."""
    if outcome == outcomes.unclear_after_correction():
        corrected = app.events.filter(action="corrected").exists()
        if app.correction_requested_on is None or not corrected:
            raise InvalidInput.for_field(
                "outcome", "“补正后申请内容仍不明确”只能在告知补正并收到补正后选择（条例第三十条）"
            )


@transaction.atomic
def application_ask_reasons(
    *, actor: Actor, application: Application, note: str, on: date | None = None
) -> Application:
    """第三十五条: 申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由.
    The letter kind "reasons" becomes issuable (``reasons_requested_on``)."""
    app, on = _begin(actor, application, S.REASONS, on)
    if not note.strip():
        raise InvalidInput.for_field("note", "请写明要求说明理由的情况（申请的数量、频次）")
    if app.received_on is not None and on < app.received_on:
        raise InvalidInput.for_field("on", "要求说明理由日期不能早于收到申请之日")
    app.status, app.reasons_requested_on = S.REASONS, on
    app.reasons_text, app.reasonable_due = "", None
    app.save(update_fields=["status", "reasons_requested_on", "reasons_text", "reasonable_due", "updated_at"])
    _event(app, actor, "reasons_requested", on, f"{REASONS_NOTE_PREFIX}{clean(note)}")
    return app


#: The "reasons_requested" timeline note starts with this; the rest is the clerk's note, which the 说明理由
#: 告知书 states (there is no field for it on the application).
REASONS_NOTE_PREFIX = "（条例第三十五条）"


def reasons_request_note(app: Application) -> str:
    """What the clerk wrote when asking for reasons (第三十五条: 数量、频次明显超过合理范围的情况)."""
    event = app.events.filter(action="reasons_requested").order_by("-on_date", "-pk").first()
    if event is None:
        return ""
    return event.note.removeprefix(REASONS_NOTE_PREFIX).strip()


def reasons_reply_working_days() -> int:
    """Working days the applicant has to state reasons. 第三十五条 sets no time: 15 is [UNCONFIRMED] local
    practice, hence a setting (GONGKAI_REASONS_REPLY_WORKING_DAYS)."""
    return int(settings.GONGKAI_REASONS_REPLY_WORKING_DAYS)


def reasons_reply_due(letter_on: date) -> date:
    """The date the 说明理由告知书 asks reasons by: the configured working days from the letter's date."""
    return calendar.current_calendar().add_working_days(letter_on, reasons_reply_working_days())


@transaction.atomic
def application_reasons_answered(
    *,
    actor: Actor,
    application: Application,
    reasons_text: str,
    accepted: bool,
    reasonable_due: date | None = None,
    basis: str = "",
    on: date | None = None,
) -> Application:
    """第三十五条: 行政机关认为申请理由不合理的，告知申请人不予处理 → （五）4 无正当理由大量反复申请 (the
    clerk's written reason, passed as ``basis``, is stored as the reply's ``reason``; ``outcome_basis`` stays
    the citation of 第三十五条, so the letter cites it once); 认为申请理由合理，但是无法在本条例第三十三条
    规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人 → back to 办理中 with ``reasonable_due``
    as due date;
    accepted without one → 办理中, the clock unchanged."""
    app = _locked(application)
    _require_handler(actor, app)
    on = _not_future(on or _today(), "收到理由日期")
    if app.status != S.REASONS:
        raise InvalidTransition(f"申请状态为“{Status(app.status).label}”，没有待说明的理由")
    if app.reasons_requested_on is not None and on < app.reasons_requested_on:
        raise InvalidInput.for_field("on", "收到理由日期不能早于要求说明理由日期")
    text = reasons_text.strip()
    if not accepted:
        ensure_transition(app.status, S.DECIDED)
        if not basis.strip():
            raise InvalidInput.for_field(
                "basis", "不予处理的，请写明认为申请理由不合理的理由（条例第三十五条）"
            )
        outcome = outcomes.unreasonable_repeats()
        app.status, app.reasons_text, app.outcome, app.decided_on = S.DECIDED, text, outcome, on
        # The citation stays the citation (第三十五条); the clerk's reason is the reply's reason, stated once.
        app.outcome_basis = decisions.basis_for(outcome) or outcomes.get(outcome).basis
        app.reason = basis.strip()
        app.save(
            update_fields=[
                "status",
                "reasons_text",
                "outcome",
                "outcome_basis",
                "reason",
                "decided_on",
                "updated_at",
            ]
        )
        _event(app, actor, "decided", on, f"申请理由不合理，不予处理（条例第三十五条）：{clean(basis)}")
        letter_issue(actor=actor, application=app, kind="decision", on=on)  # 告知申请人不予处理
        return app
    ensure_transition(app.status, S.IN_PROGRESS)
    before = app.due_date
    if reasonable_due is not None:
        if before is not None and reasonable_due <= before:
            raise InvalidInput.for_field(
                "reasonable_due",
                f"延迟答复的合理期限应晚于现在的答复期限（{chinese_date(before)}）；否则无需另定期限",
            )
        if reasonable_due <= on:
            raise InvalidInput.for_field("reasonable_due", "延迟答复的合理期限应晚于今天")
        app.reasonable_due = reasonable_due
    app.status, app.reasons_text = S.IN_PROGRESS, text
    _recompute_due(app)
    app.save(update_fields=["status", "reasons_text", "reasonable_due", "due_date", "updated_at"])
    note = "申请理由合理，继续办理（条例第三十五条）"
    if reasonable_due is not None and before is not None:
        note += f"；确定延迟答复的合理期限为{chinese_date(app.due_date)}（原答复期限{chinese_date(before)}）"
    _event(app, actor, "reasons_accepted", on, note)
    return app
