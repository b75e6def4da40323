"""The generated parts of letters: the decision of each 表三 leaf with its article and item and the
clerk's reason (DOCUMENTS.md §2.4), the 终止办理 text, and the fee notice's basis, standard and
calculation (国办函〔2020〕109号; REGULATIONS.md §3). Clerk text goes through :func:`decisions.clean`
before a sentence adds its own punctuation, so no "。。" or "；。" reaches a letter."""

from __future__ import annotations

from decimal import Decimal

from gongkai.applications import decisions, fees, outcomes
from gongkai.applications.decisions import FEE_RULES, LAW, clean
from gongkai.applications.models import Application, Delivery, Provision
from gongkai.core.dates import chinese_date

#: 第三十六条第（三）项 grounds, as the letter states them (第十四条、第十五条、第十六条).
_GROUNDS: dict[str, str] = {
    "三1": "属于依法确定为国家秘密的政府信息",
    "三2": "属于法律、行政法规禁止公开的政府信息",
    "三3": "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    "三4": "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
    "三5": "属于行政机关的人事管理、后勤管理、内部工作流程等内部事务信息",
    "三6": "属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息",
    "三7": "属于行政执法案卷信息",
}

#: 第四十条: how the information reaches the applicant (第三十六条第（二）项: 方式、途径和时间).
_PROVIDED: dict[str, str] = {
    Provision.WITH_LETTER: "随本答复书一并向您提供",
    Provision.POST: "以邮寄方式向您提供",
    Provision.EMAIL: "以电子邮件方式发送至您在申请中提供的电子邮箱",
    Provision.ONLINE: "请您凭申请编号和查询码在本平台“申请查询”页面获取",
    Provision.PICKUP: "请您到本机关政府信息公开工作机构领取",
    Provision.VIEW: "根据条例第四十条的规定，本机关安排您查阅、抄录",
}
_FROM_DELIVERY: dict[str, str] = {
    Delivery.POST: Provision.POST,
    Delivery.EMAIL: Provision.EMAIL,
    Delivery.PICKUP: Provision.PICKUP,
    Delivery.ONLINE: Provision.ONLINE,
}


def _sentence(text: str) -> str:
    return f"{clean(text)}。" if clean(text) else ""


def provision_of(app: Application, *, released: bool) -> str:
    """The clerk's choice; otherwise the form the applicant asked for (released files: with the letter)."""
    if app.provision:
        return app.provision
    if released:
        return Provision.WITH_LETTER
    return _FROM_DELIVERY.get(app.delivery, Provision.WITH_LETTER)


def _provided(app: Application, released: bool) -> str:
    provision = provision_of(app, released=released)
    how = _PROVIDED.get(provision, _PROVIDED[Provision.WITH_LETTER])
    if provision in (Provision.PICKUP, Provision.VIEW) and clean(app.reason):
        how += f"（时间、地点：{clean(app.reason)}）"
    return how


def decision_text(app: Application, *, released: bool = False) -> str:
    """The decision paragraph(s) of the reply for ``app.outcome`` ("\\n\\n" between paragraphs). Each
    article is cited once: in the decision sentence ("根据…的规定"), where a basis the clerk wrote replaces
    the leaf's own citation; only a leaf without a citation of its own states the clerk's basis apart
    ("依据：…")."""
    text = _decision_text(app, released)
    custom = _custom_basis(app, released)
    if custom and not clean(_own_cite(app, released)):
        return f"{text}\n\n依据：{custom}。"
    return text


def _own_cite(app: Application, released: bool) -> str:
    return decisions.basis_for(
        app.outcome, provision=provision_of(app, released=released), competent_name=app.competent_name
    )


def _custom_basis(app: Application, released: bool) -> str:
    """The basis the clerk wrote instead of the leaf's own citation ("" when it is that citation)."""
    custom = clean(app.outcome_basis)
    own = {clean(outcomes.get(app.outcome).basis), clean(_own_cite(app, released))}
    return custom if custom and custom not in own else ""


def _cite(app: Application, released: bool) -> str:
    """What the decision sentence cites: the leaf's article and item, or the clerk's basis in its place."""
    own = _own_cite(app, released)
    return (_custom_basis(app, released) or own) if clean(own) else ""


def _decision_text(app: Application, released: bool) -> str:
    code = decisions.leaf(app.outcome)
    reason = clean(app.reason)
    basis = clean(_cite(app, released))
    by = f"根据{basis}的规定，" if basis else ""
    if code == "一":
        if provision_of(app, released=released) == Provision.ALREADY_PUBLIC:
            route = f"：{reason}" if reason else "：本机关政府网站政府信息公开专栏"  # required since #11
            return (
                "经查，您申请公开的政府信息本机关已经主动公开。"
                f"{by}现告知您获取该政府信息的方式、途径{route}。"
            )
        in_place = provision_of(app, released=released) in (Provision.PICKUP, Provision.VIEW)
        extra = "" if in_place else _sentence(reason)  # for 领取、查阅 the reason says when and where
        return (
            "经审查，您申请公开的政府信息属于可以公开的政府信息。"
            f"{by}本机关予以公开，{_provided(app, released)}。{extra}"
        )
    if code == "二":
        return (
            "经审查，您申请公开的政府信息中含有不应当公开的内容，但是能够作区分处理。"
            f"{by}本机关向您提供可以公开的内容，{_provided(app, released)}。"
            + (f"\n\n对不予公开的内容，理由如下：{reason}。" if reason else "")
        )
    if code in _GROUNDS:
        why = f"\n\n理由：{reason}。" if reason else ""  # a case decided before reasons were required
        return f"经审查，您申请公开的政府信息{_GROUNDS[code]}。{by}本机关决定不予公开。{why}"
    if code == "三8":
        return (
            "经审查，您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的信息。"
            f"{by}请您依照{clean(app.special_procedure)}的规定办理。{_sentence(reason)}"
        )
    if code == "四1":
        return _unable(app, by, reason)
    if code == "四2":
        return (
            "您申请公开的政府信息本机关没有现成的信息，需要对现有政府信息进行加工、分析方能形成。"
            f"{by}本机关不予提供。{_sentence(reason)}"
        )
    if code == "四3":
        asked = app.correction_requested_on
        when = f"于{chinese_date(asked)}" if asked else ""
        return (
            f"本机关已{when}告知您对申请内容作出补正，您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息。"
            f"{by}本机关无法向您提供。{_sentence(reason)}"
        )
    if code in ("六1", "六2"):
        return closure_text(app)
    return _not_processed(code, by, reason, basis)


def _unable(app: Application, by: str, reason: str) -> str:
    if decisions.cites_competent_organ(app.outcome, competent_name=app.competent_name):
        contact = clean(app.competent_contact)
        named = f"{clean(app.competent_name)}" + (f"（联系方式：{contact}）" if contact else "")
        return (
            f"经审查，您申请公开的政府信息不属于本机关负责公开。{_sentence(reason)}"
            f"{by}负责公开该政府信息的行政机关是{named}，请您向该机关提出申请。"
        )
    if app.referred_agency is not None:  # an agency picked from the database (earlier form): still （五）
        contact = f"（联系电话：{app.referred_agency.phone}）" if app.referred_agency.phone else ""
        return (
            f"经审查，您申请公开的政府信息不属于本机关负责公开。{_sentence(reason)}"
            f"{by}负责公开该政府信息的行政机关是{app.referred_agency.name}{contact}，请您向该机关提出申请。"
        )
    searched = f"（检索情况：{reason}）" if reason else ""
    return f"经检索，本机关未制作或获取您申请公开的政府信息{searched}。{by}现告知您该政府信息不存在。"


def _not_processed(code: str, by: str, reason: str, basis: str) -> str:
    if code == "五1":
        channel = f"您可以通过{reason}提出。" if reason else "您可以通过信访、投诉、举报等相应渠道提出。"
        return (
            "您以政府信息公开申请的形式提出的是信访、投诉、举报等诉求。"
            f"{by}本机关不作为政府信息公开申请处理。{channel}"
        )
    if code == "五2":
        return (
            "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同的政府信息。"
            f"{by}本机关不予重复处理。{_sentence(reason)}"
        )
    if code == "五3":
        route = f"您可以通过{reason}获取。" if reason else ""
        return (
            f"您要求提供的是政府公报、报刊、书籍等公开出版物。{by}本机关不作为政府信息公开申请处理。{route}"
        )
    if code == "五4":
        return (
            "您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，本机关认为申请理由不合理。"
            f"{by}本机关不予处理。{_sentence(reason)}"
        )
    if code == "五5":
        return f"您的申请是要求本机关确认或者重新出具您已获取的信息。{by}本机关不予处理。{_sentence(reason)}"
    # （六）3 其他: the clerk states what and why.
    return f"{by}本机关对您的申请处理如下：{reason or '不再处理'}。"


def closure_text(app: Application) -> str:
    """（六）1 / （六）2: the applicant is deemed to have abandoned the application (final handling)."""
    if app.outcome == outcomes.not_corrected():
        asked, deadline = app.correction_requested_on, app.correction_deadline
        told = "本机关已" + (f"于{chinese_date(asked)}" if asked else "") + "书面告知您作出补正"
        until = f"，补正期限至{chinese_date(deadline)}" if deadline else ""
        return (
            f"{told}{until}。您无正当理由逾期未补正，根据{LAW}第三十条的规定，视为放弃申请，"
            "本机关不再处理该政府信息公开申请。"
        )
    return (
        "本机关已向您发出信息处理费收费通知，您逾期未缴纳信息处理费。"
        f"根据{LAW}第四十二条和{FEE_RULES}的规定，视为放弃申请，本机关不再处理该政府信息公开申请。"
    )


# ------------------------------------------------------------------------------------------ fee notice
PER_ITEM_STANDARD = (
    "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，100元/件；"
    "31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件"
)
PER_PAGE_STANDARD = (
    "30页以下（含30页）的，不收费；31—100页（含100页）的部分，10元/页；"
    "101—200页（含200页）的部分，20元/页；201页以上的部分，40元/页"
)


def fee_basis(method: str) -> str:
    article = "第四条" if method == fees.PER_ITEM else "第五条"
    return f"{LAW}第四十二条、{FEE_RULES}第三条、{article}"


def fee_standard(method: str) -> str:
    if method == fees.PER_ITEM:
        return "按件计收，" + PER_ITEM_STANDARD
    return "按量计收，" + PER_PAGE_STANDARD


def yuan(amount: Decimal | int) -> str:
    value = Decimal(amount)
    return f"{value.quantize(Decimal(1)) if value == value.to_integral() else value}"


def fee_steps(method: str, *, before: int = 0, items: int = 1, pages: int = 0) -> tuple[str, str]:
    """(件数或页数, 计算过程), e.g. ("2件", "本月累计第11至12件，2件×100元=200元，合计200元")."""
    if method == fees.PER_ITEM:
        bands = fees.item_bands(before=before, items=items)
        first, last = before + 1, before + items
        span = f"第{first}件" if first == last else f"第{first}至{last}件"
        unit, count = "件", f"{items}件（本月累计{span}）"
        lead = f"本月此前已申请{before}件，本申请计{items}件，为本月累计{span}"
    else:
        bands = fees.page_bands(pages)
        unit, count, lead = "页", f"{pages}页", f"共{pages}页"
    parts = []
    for low, high, price in bands:
        n = high - low + 1
        span = f"第{low}{unit}" if low == high else f"第{low}至{high}{unit}"
        parts.append(f"{span}，{n}{unit}×{price}元={n * price}元" if price else f"{span}不收费")
    total = sum((high - low + 1) * price for low, high, price in bands)
    return count, f"{lead}；" + "；".join(parts) + f"；合计{yuan(total)}元"
