"""Letters to applicants (答复书、告知书) as official documents: .docx in the 信函格式 of GB/T 9704-2012
(../shared/spec/DOCUMENTS.md §1.3, §2.4) and PDF converted from it by LibreOffice.

The layout and the .docx itself: :mod:`gongkai.applications.letter_layout`.
"""

from __future__ import annotations

import io
from datetime import date

from django.template import Context, Template, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from docx import Document

from gongkai.applications.models import Application, LetterTemplate
from gongkai.core.errors import InvalidInput

#: Default wording (seeded into LetterTemplate by migration; administrators may edit it).
DEFAULTS: dict[str, tuple[str, str]] = {
    "decision": (
        "政府信息公开申请答复书",
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。经研究，现答复如下：\n\n"
        "{{ decision_text }}\n\n"
        "依据：{{ outcome_basis }}。",
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
    "fee": (
        "信息处理费收费通知书",
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。根据《中华人民共和国政府信息公开条例》"
        "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本申请应缴纳信息处理费{{ fee_amount }}元"
        "（{{ fee_method }}）。\n\n请于{{ fee_due }}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    "consultation": (
        "征求意见告知书",
        "本机关于{{ received }}收到您提出的关于“{{ description }}”的政府信息公开申请。因该信息的公开可能损害第三方合法权益"
        "（或需征求其他机关意见），本机关已书面征求意见。根据《中华人民共和国政府信息公开条例》第三十三条第三款的规定，"
        "征求意见所需时间不计算在答复期限内。",
    ),
}


def chinese_date(d: date) -> str:
    """GB/T 9704: 年份标全称，月、日不编虚位 — 2020年10月5日."""
    return f"{d.year}年{d.month}月{d.day}日"


def _decision_text(app: Application) -> str:
    from gongkai.applications import outcomes

    o = outcomes.get(app.outcome)
    if o.group in (outcomes.GRANTED,):
        return "您申请公开的政府信息属于公开范围，现予以公开，随本答复书一并提供。"
    if o.group == outcomes.PARTIAL:
        return "您申请公开的政府信息中含有不应当公开的内容，本机关已作区分处理，现提供可以公开的部分，不予公开部分的理由见下文依据。"
    if o.group == outcomes.REFUSED:
        return f"您申请公开的政府信息属于不予公开的情形（{o.label.split('.', 1)[-1]}），本机关决定不予公开。"
    if o.group == outcomes.UNABLE:
        referred = (
            f"经查，该信息由{app.referred_agency.name}负责公开，联系电话：{app.referred_agency.phone}。"
            if app.referred_agency
            else ""
        )
        return f"经检索，本机关无法提供您申请的政府信息（{o.label.split('.', 1)[-1]}）。{referred}"
    if o.group == outcomes.NOT_PROCESSED:
        return f"您的申请属于“{o.label.split('.', 1)[-1]}”的情形，本机关不予处理。"
    return f"本机关对您的申请作如下处理：{o.label.split('.', 1)[-1]}。"


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
}


def context(app: Application, kind: str, issued_on: date) -> dict[str, str]:
    """Exactly the fields of :data:`VARIABLES`, as text (empty where the letter kind has no such field)."""
    from gongkai.applications import deadlines
    from gongkai.core.calendar import current_calendar

    def day(d: date | None) -> str:
        return chinese_date(d) if d else ""

    ctx = dict.fromkeys(VARIABLES, "")
    ctx |= {
        "agency_name": app.agency.name,
        "receipt_number": app.receipt_number,
        "description": app.description,
        "received": day(app.received_on),
        "due": day(app.due_date),
        "issued": chinese_date(issued_on),
        "outcome_basis": app.outcome_basis,
        "correction_items": app.correction_items,
        "correction_deadline": day(app.correction_deadline),
        "extension_reason": app.extension_reason,
        "extension_days": str(app.extension_days or ""),
        "fee_amount": str(app.fee_amount) if app.fee_amount is not None else "",
        "fee_method": app.get_fee_method_display() if app.fee_method else "",
    }
    if kind == "fee":
        ctx["fee_due"] = chinese_date(deadlines.fee_payment_due(current_calendar(), issued_on))
    if kind == "decision" and app.outcome:
        ctx["decision_text"] = _decision_text(app)
    return ctx


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
    problem = template_problem(body)
    if problem is not None:  # a template stored before the whitelist: refuse rather than render it
        raise InvalidInput.for_field(
            "kind", f"“{LetterTemplate.Kind(kind).label}”的模板需由管理员修改：{problem}"
        )
    text = Template(body).render(Context(ctx, autoescape=False))
    return title, [p.strip() for p in text.split("\n\n") if p.strip()]


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
