"""Letters to applicants (答复书、告知书) as official documents: .docx in the 信函格式 of GB/T 9704-2012
(../shared/spec/DOCUMENTS.md §1.3, §2.4) and PDF converted from it by LibreOffice.

The layout and the .docx itself: :mod:`gongkai.applications.letter_layout`.
"""

from __future__ import annotations

import io
import re
from datetime import date

from django.template import Context, Template, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from docx import Document

from gongkai.applications import letter_texts
from gongkai.applications.decisions import clean
from gongkai.applications.models import Application, LetterTemplate
from gongkai.core.dates import chinese_date as chinese_date  # re-exported: letters.chinese_date
from gongkai.core.errors import InvalidInput

#: Default wording (seeded into LetterTemplate by migration; administrators may edit it). Only the final
#: 答复书 and the 终止办理告知书 are 答复 and carry the remedies paragraph (added by the code, remedies.py);
#: every other kind is a notice and never calls itself 答复 (REGULATIONS.md §3).
DEFAULTS: dict[str, tuple[str, str]] = {
    "decision": (
        "政府信息公开申请答复书",
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。经研究，现答复如下：\n\n"
        "{{ decision_text }}",
    ),
    "correction": (
        "补正申请告知书",
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。经审查，您的申请内容不明确。"
        "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下事项作出补正：\n\n"
        "{{ correction_items }}\n\n"
        "请于{{ correction_deadline }}前补正。答复期限自本机关收到补正的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    "extension": (
        "延期答复告知书",
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。"
        "因{{ extension_reason }}，本机关不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》"
        "第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ extension_days }}个工作日，"
        "本机关将于{{ due }}前作出答复。",
    ),
    # 国办函〔2020〕109号: 依据、标准、数额、缴纳方式; 收到通知次日起20个工作日; 逾期视为放弃. No remedies.
    "fee": (
        "信息处理费收费通知书",
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。您申请公开政府信息的数量、频次"
        "明显超过合理范围，根据{{ fee_basis }}的规定，本机关决定向您收取信息处理费。\n\n"
        "收费标准：{{ fee_standard }}。\n\n"
        "计费数量：{{ fee_count }}。计算过程：{{ fee_steps }}。应缴纳信息处理费{{ fee_amount }}元。\n\n"
        "缴纳方式：{{ fee_payment }}。请自收到本通知次日起20个工作日内缴纳。"
        "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    "consultation": (
        "征求意见告知书",
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。{{ consultation_reason }}"
        "根据《中华人民共和国政府信息公开条例》第三十三条第三款的规定，征求意见所需时间不计算在答复期限内。"
        "本机关将在征求意见后依法作出答复。",
    ),
    # 第三十二条: 书面征求第三方的意见; 15个工作日; 逾期未提出意见的，由行政机关依照本条例的规定决定是否公开.
    "consult_third": (
        "政府信息公开征求意见书",
        "本机关于{{ received }}收到关于“{{ description }}”的政府信息公开申请。{{ consultation_reason }}"
        "本机关认为，该政府信息的公开可能损害贵方合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，"
        "现书面征求贵方意见。\n\n"
        "请自收到本征求意见书之日起15个工作日内提出书面意见；不同意公开的，请说明理由。"
        "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。",
    ),
    # 第三十二条: 决定予以公开的，将决定公开的政府信息内容和理由书面告知第三方.
    "notify_third": (
        "政府信息公开决定告知书",
        "本机关于{{ received }}收到关于“{{ description }}”的政府信息公开申请，并已书面征求贵方意见。"
        "本机关认为不公开可能对公共利益造成重大影响，根据《中华人民共和国政府信息公开条例》第三十二条的规定，"
        "决定予以公开。\n\n决定公开的政府信息内容：{{ description }}。\n\n理由：{{ reason }}。",
    ),
    # 第三十五条: 数量、频次明显超过合理范围的，可以要求申请人说明理由.
    "reasons": (
        "说明理由告知书",
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。您申请公开政府信息的数量、频次"
        "明显超过合理范围{{ reasons_note }}，根据《中华人民共和国政府信息公开条例》第三十五条的规定，请您说明申请理由。"
        "\n\n请于{{ reasons_due }}前向本机关书面说明申请理由。\n\n"
        "本机关认为申请理由不合理的，将告知您不予处理；认为申请理由合理，但是无法在规定期限内答复的，"
        "将确定延迟答复的合理期限并告知您。",
    ),
    # （六）1 第三十条 / （六）2 第四十二条、国办函〔2020〕109号: a final handling, with the remedies (form (a)).
    "closure": (
        "终止办理告知书",
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。{{ decision_text }}",
    ),
}

#: Stored bodies that are earlier defaults nobody edited: they follow the code's current wording (so no data
#: migration is needed when a default changes; an administrator's own wording is never replaced).
SUPERSEDED: dict[str, set[str]] = {
    "consult_third": {
        "本机关于{{ received }}收到关于“{{ description }}”的政府信息公开申请。本机关认为，该政府信息的公开可能损害"
        "贵方合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求贵方意见。\n\n"
        "请自收到本征求意见书之日起15个工作日内提出书面意见；不同意公开的，请说明理由。"
        "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。",
    },
    "reasons": {
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。您申请公开政府信息的数量、频次"
        "明显超过合理范围，根据《中华人民共和国政府信息公开条例》第三十五条的规定，请您说明申请理由。\n\n"
        "本机关认为申请理由不合理的，将告知您不予处理；认为申请理由合理，但是无法在规定期限内答复的，"
        "将确定延迟答复的合理期限并告知您。",
    },
    "decision": {
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。经研究，现答复如下：\n\n"
        "{{ decision_text }}\n\n"
        "依据：{{ outcome_basis }}。",
    },
    "fee": {
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。根据《中华人民共和国政府信息公开条例》"
        "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本申请应缴纳信息处理费{{ fee_amount }}元"
        "（{{ fee_method }}）。\n\n请于{{ fee_due }}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    },
    "consultation": {
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。因该信息的公开可能损害第三方合法权益"
        "（或需征求其他机关意见），本机关已书面征求意见。根据《中华人民共和国政府信息公开条例》第三十三条第三款的规定，"
        "征求意见所需时间不计算在答复期限内。",
    },
}


#: Everything a letter template may refer to, and nothing else: no model object, so no template can reach
#: the applicant's ID number, phone, address or the submission token the query code derives from.
VARIABLES: dict[str, str] = {
    "agency_name": "本机关名称",
    "receipt_number": "申请编号",
    "description": "所需政府信息的描述",
    "received": "收到申请之日",
    "due": "答复期限",
    "issued": "成文日期",
    "decision_text": "答复内容（按办理结果生成）",
    "outcome_basis": "法律依据及理由",
    "correction_items": "需要补正的事项",
    "correction_deadline": "补正期限",
    "extension_reason": "延期理由",
    "extension_days": "延长的工作日数",
    "fee_amount": "信息处理费金额（元）",
    "fee_method": "收费方式",
    "fee_due": "缴费期限",
    "fee_basis": "收费依据",
    "fee_standard": "收费标准",
    "fee_count": "计费件数或页数",
    "fee_steps": "计算过程",
    "fee_payment": "缴纳方式",
    "consultation_reason": "征求意见的事由",
    "reasons_note": "要求说明理由的情况（经办人填写）",
    "reasons_due": "说明理由的期限",
    "reason": "理由（经办人填写）",
}


def _due_text(app: Application) -> str:
    """The reply due date as a letter may state it: a provisional (暂定) date, counted through a year whose
    holiday schedule is not yet entered, says so rather than promising a date that may move."""
    if app.due_date is None:
        return ""
    text = chinese_date(app.due_date)
    if app.due_provisional:
        text += f"（{app.due_date.year}年节假日安排公布前暂按周末计算，公布后按工作日重新计算）"
    return text


def context(app: Application, kind: str, issued_on: date, *, released: bool = False) -> dict[str, str]:
    """Exactly the fields of :data:`VARIABLES`, as text (empty where the letter kind has no such field)."""
    from gongkai.applications import deadlines
    from gongkai.core.calendar import current_calendar

    def day(d: date | None) -> str:
        return chinese_date(d) if d else ""

    ctx = dict.fromkeys(VARIABLES, "")
    ctx |= {
        "agency_name": app.agency.name,
        "receipt_number": app.receipt_number,
        "description": clean(app.description),
        "received": day(app.received_on),
        "due": _due_text(app),
        "issued": chinese_date(issued_on),
        "outcome_basis": clean(app.outcome_basis),
        "reason": clean(app.reason),
        # 第三十条: the items are a paragraph of their own, ended like one
        "correction_items": f"{clean(app.correction_items)}。" if clean(app.correction_items) else "",
        "correction_deadline": day(app.correction_deadline),
        "extension_reason": clean(app.extension_reason),
        "extension_days": str(app.extension_days or ""),
        "fee_amount": str(app.fee_amount) if app.fee_amount is not None else "",
        "fee_method": app.get_fee_method_display() if app.fee_method else "",
    }
    if kind == "fee":
        ctx["fee_due"] = chinese_date(deadlines.fee_payment_due(current_calendar(), issued_on))
        ctx |= _fee_context(app)
    if kind == "consultation":
        ctx["consultation_reason"] = _consultation_reason(app)
    if kind == "consult_third":  # 第三十二条: the 事由 the clerk recorded when consulting
        matter = clean(_third_party_pause_field(app, "reason"))
        ctx["consultation_reason"] = f"该申请所涉信息，{matter}。" if matter else ""
    if kind == "reasons":  # 第三十五条: what the clerk found, and by when to answer
        ctx |= _reasons_context(app, issued_on)
    if kind == "notify_third":  # 第三十二条: the reason told to the third party is the one recorded then
        ctx["reason"] = clean(_disclose_reason(app)) or ctx["reason"]
    if kind in ("decision", "closure") and app.outcome:
        ctx["decision_text"] = letter_texts.decision_text(app, released=released)
    return ctx


def _fee_context(app: Application) -> dict[str, str]:
    """依据、标准、件数或页数、计算过程、缴纳方式 (国办函〔2020〕109号; REGULATIONS.md §3)."""
    from gongkai.applications import fees
    from gongkai.applications.clock_services import _items_before

    if not app.fee_method or not app.fee_amount:
        return {}
    if app.fee_method == fees.PER_ITEM:
        before = _items_before(app, app.received_on) if app.received_on else 0
        count, steps = letter_texts.fee_steps(
            fees.PER_ITEM, before=before, items=fees.items_for_fee(app.fee_amount, before=before)
        )
    else:
        count, steps = letter_texts.fee_steps(fees.PER_PAGE, pages=fees.pages_for_fee(app.fee_amount))
    contact = f"（联系电话：{app.agency.phone}）" if app.agency.phone else ""
    return {
        "fee_basis": letter_texts.fee_basis(app.fee_method),
        "fee_standard": letter_texts.fee_standard(app.fee_method),
        "fee_count": count,
        "fee_steps": steps,
        "fee_amount": letter_texts.yuan(app.fee_amount),
        "fee_payment": f"请与本机关{app.agency.office_name or '政府信息公开工作机构'}联系办理缴费{contact}",
    }


def _third_party_pause_field(app: Application, field: str) -> str:
    from gongkai.applications.models import ClockPause

    pause = app.pauses.filter(kind=ClockPause.Kind.THIRD_PARTY).order_by("-start", "-pk").first()
    return str(getattr(pause, field, "") or "")


def _disclose_reason(app: Application) -> str:
    return _third_party_pause_field(app, "disclose_reason")


def _reasons_context(app: Application, issued_on: date) -> dict[str, str]:
    """第三十五条 说明理由告知书: the clerk's note (kept on the "reasons_requested" timeline entry) and the
    reply date, a configured number of working days from the letter's date."""
    from gongkai.applications import clock_services

    note = clean(clock_services.reasons_request_note(app))
    return {
        "reasons_note": f"（{note}）" if note else "",
        "reasons_due": chinese_date(clock_services.reasons_reply_due(issued_on)),
    }


def _consultation_reason(app: Application) -> str:
    from gongkai.applications.models import ClockPause

    pause = app.pauses.exclude(kind=ClockPause.Kind.FEE).order_by("-start", "-pk").first()
    if pause is not None and pause.kind == ClockPause.Kind.OTHER_AGENCY:
        return "因该政府信息需征求其他行政机关意见，本机关已书面征求意见。"
    return "因该政府信息的公开可能损害第三方合法权益，本机关已书面征求第三方意见。"


def template_problem(body: str) -> str | None:
    """Why ``body`` may not be saved as a letter template, or None. Only ``{{ variable }}`` of
    :data:`VARIABLES` is allowed: no tags (``{% debug %}`` dumps its context, ``{% include %}`` reads
    files), no filters, no attribute lookups."""
    allowed = "、".join(f"{{{{ {name} }}}}（{label}）" for name, label in VARIABLES.items())
    try:
        tokens = Lexer(body).tokenize()
        Template(body)
    except TemplateSyntaxError:
        return f"模板格式不正确，请检查花括号是否成对。可以使用的变量：{allowed}"
    for token in tokens:
        if token.token_type == TokenType.TEXT and any(m in token.contents for m in ("{{", "}}", "{%", "%}")):
            # an unclosed "{{ agency_name" is plain text to Django and would be printed into the letter
            return f"模板中有未配对的花括号，请写成“{{{{ 变量 }}}}”。可以使用的变量：{allowed}"
        if token.token_type == TokenType.BLOCK:
            return f"文书模板不能使用模板标签“{{% {token.contents} %}}”。可以使用的变量：{allowed}"
        if token.token_type == TokenType.VAR and token.contents.strip() not in VARIABLES:
            return f"文书模板不能使用“{{{{ {token.contents} }}}}”。可以使用的变量：{allowed}"
    return None


def render_paragraphs(kind: str, ctx: dict[str, str]) -> tuple[str, list[str]]:
    template = LetterTemplate.objects.filter(kind=kind).first()
    title, body = (template.title, template.body) if template else DEFAULTS[kind]
    if template is not None and template.body in SUPERSEDED.get(kind, ()):
        body = DEFAULTS[kind][1]  # an unedited earlier default follows the current wording
    problem = template_problem(body)
    if problem is not None:  # a template stored before the whitelist: refuse rather than render it
        raise InvalidInput.for_field(
            "kind", f"“{LetterTemplate.Kind(kind).label}”的模板需由管理员修改：{problem}"
        )
    text = Template(body).render(Context(ctx, autoescape=False))
    return title, [tidy(p.strip()) for p in text.split("\n\n") if p.strip()]


_DOUBLED = re.compile(r"[。；，、：]*。[。；，、]*")


def tidy(text: str) -> str:
    """No doubled punctuation however a variable ended ("。。", "；。", "，。" → "。")."""
    return _DOUBLED.sub("。", text)


def mask_docx(docx: bytes, replacements: dict[str, str]) -> bytes:
    """The letter with every occurrence of each key replaced by its value (the applicant's name by its
    masked form, and so on). Each paragraph of our letters is one run, so its formatting is kept."""
    doc = Document(io.BytesIO(docx))
    keys = sorted((k for k in replacements if k), key=len, reverse=True)
    for paragraph in doc.paragraphs:
        text = paragraph.text
        if not any(k in text for k in keys):
            continue
        for k in keys:
            text = text.replace(k, replacements[k])
        runs = paragraph.runs
        runs[0].text = text
        for run in runs[1:]:
            run.text = ""
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_to_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    """Convert with LibreOffice, the same program the letters are checked against."""
    from gongkai.core.office import docx_to_pdf as convert

    return convert(docx, timeout=timeout)
