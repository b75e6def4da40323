"""What each 表三 leaf needs from the clerk before a reply can be decided, and the exact article and item
it rests on (《政府信息公开条例》; REGULATIONS.md §1.6, DOCUMENTS.md §2.4). Pure functions."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications import outcomes
from gongkai.applications.models import Provision

LAW = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

#: Trailing punctuation a clerk may end a sentence with; stripped wherever a template adds its own.
_TRAILING = "。．.；;，,、：:！!？? \u3000\n\t"


def clean(text: str) -> str:
    """Clerk text ready to be interpolated: trimmed, without trailing punctuation (no "。。", "；。")."""
    return (text or "").strip().rstrip(_TRAILING).strip()


def leaf(key: str) -> str:
    """A short code of a 表三 leaf: "一", "二", "三1" … "六3"."""
    o = outcomes.get(key)
    group = o.group.split("/")[-1][1]  # "（三）不予公开" → "三"
    return group if o.key == o.group else f"{group}{o.label.split('.', 1)[0]}"


def cites_competent_organ(key: str, *, competent_name: str) -> bool:
    """（四）1 covers 第三十六条（四）(不存在) and （五）(非本机关): a named competent organ means （五）."""
    return leaf(key) == "四1" and bool(competent_name.strip())


#: The article and item each leaf cites (（一） and （四）1 depend on the inputs: see :func:`basis_for`).
_ARTICLES: dict[str, str] = {
    "二": "第三十七条",
    "三1": "第十四条、第三十六条第（三）项",
    "三2": "第十四条、第三十六条第（三）项",
    "三3": "第十四条、第三十六条第（三）项",
    "三4": "第十五条、第三十六条第（三）项",
    "三5": "第十六条第一款、第三十六条第（三）项",
    "三6": "第十六条第二款、第三十六条第（三）项",
    "三7": "第十六条第二款、第三十六条第（三）项",
    "三8": "第三十六条第（七）项",
    "四2": "第三十八条",
    "四3": "第三十条",
    "五1": "第三十九条第一款",
    "五2": "第三十六条第（六）项",
    "五3": "第三十九条第二款",
    "五4": "第三十五条",
    "六1": "第三十条",
}


def basis_for(key: str, *, provision: str = "", competent_name: str = "") -> str:
    """The legal basis of a decision, citing exactly its item (empty where the clerk must state it)."""
    code = leaf(key)
    if code == "一":
        item = "（一）" if provision == Provision.ALREADY_PUBLIC else "（二）"
        return f"{LAW}第三十六条第{item}项"
    if code == "四1":
        item = "（五）" if cites_competent_organ(key, competent_name=competent_name) else "（四）"
        return f"{LAW}第三十六条第{item}项"
    if code == "六2":
        return f"{LAW}第四十二条、{FEE_RULES}"
    article = _ARTICLES.get(code)
    return f"{LAW}{article}" if article else ""


def needs_reason(key: str) -> bool:
    """第三十六条（三）: 告知申请人不予公开并说明理由; 第三十七条: 对不予公开的内容说明理由."""
    return outcomes.get(key).withholds


def _repeats_label(key: str, reason: str) -> bool:
    o = outcomes.get(key)
    labels = {o.label, o.label.split(".", 1)[-1], o.group.split("/")[-1], o.short, o.basis}
    labels |= {"不予公开", "部分公开"}
    text = clean(reason)
    return not text or any(text in clean(label) for label in labels if label)


@dataclass(frozen=True)
class DecisionInputs:
    reason: str = ""
    provision: str = ""
    competent_name: str = ""
    competent_contact: str = ""
    special_procedure: str = ""


def problems(key: str, inputs: DecisionInputs) -> dict[str, str]:
    """Field → message for every input the leaf ``key`` lacks (empty when it can be decided)."""
    code = leaf(key)
    errors: dict[str, str] = {}
    if needs_reason(key) and _repeats_label(key, inputs.reason):
        what = "不予公开" if code.startswith("三") else "不予公开的部分"
        errors["reason"] = (
            f"请写明{what}的具体理由（条例第三十六条第（三）项、第三十七条：说明理由），不能只重复办理结果名称"
        )
    if inputs.provision and inputs.provision not in Provision.values:
        errors["provision"] = "提供方式无效"
    if code == "一" and inputs.provision == Provision.ALREADY_PUBLIC and not clean(inputs.reason):
        errors["reason"] = (
            "已主动公开的，请在理由中写明获取该政府信息的方式、途径（如网址、查阅地点）（条例第三十六条第（一）项）"
        )
    if code == "三8" and not clean(inputs.special_procedure):
        errors["special_procedure"] = "请写明申请人应依照办理的法律、行政法规（条例第三十六条第（七）项）"
    if inputs.competent_contact.strip() and not inputs.competent_name.strip():
        errors["competent_name"] = "请填写负责公开该政府信息的机关名称"
    return errors
