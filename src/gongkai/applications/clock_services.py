"""The statutory clock of 依申请公开 between receipt and reply: 补正 (第三十条), 征求意见 (第三十二条、
第三十四条, not counted: 第三十三条第三款), 延期 (第三十三条第二款), 信息处理费 (国办函〔2020〕109号) and
the closures they can end in (（六）1、2). Moved out of :mod:`gongkai.applications.services`, which
re-exports every public name, so existing imports keep working."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from gongkai.applications import access, deadlines, fees, outcomes
from gongkai.applications.letter_services import letter_issue
from gongkai.applications.models import Application, ClockPause
from gongkai.applications.states import CLOCK_RUNNING, Status, ensure_transition
from gongkai.applications.steps import (
    _begin,
    _close,
    _event,
    _known,
    _locked,
    _recompute_due,
    _require_handler,
    _today,
    _user,
)
from gongkai.core import calendar
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied

S = Status


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
