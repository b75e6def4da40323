"""Decisions on an application = the leaf rows of 表三 of the 2021 annual-report format.

Labels come from the report-format data (never retyped). Each outcome carries the article(s) of the
《政府信息公开条例》 it rests on (REGULATIONS.md §1.6) and the group it is counted under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_noop

from gongkai.core import report_formats

OUTCOME_FORMAT = "2021"

# Group prefixes of 三、本年度办理结果 (the part of each row path before the leaf).
GRANTED = "三、本年度办理结果/（一）予以公开"
PARTIAL = "三、本年度办理结果/（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
REFUSED = "三、本年度办理结果/（三）不予公开"
UNABLE = "三、本年度办理结果/（四）无法提供"
NOT_PROCESSED = "三、本年度办理结果/（五）不予处理"
OTHER = "三、本年度办理结果/（六）其他处理"

# Legal basis of each leaf, in leaf order of the 2021 format (条例 articles; REGULATIONS.md §1.6).
_BASIS = (
    "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项",
    "《中华人民共和国政府信息公开条例》第三十七条",
    "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项（依法确定为国家秘密）",
    "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项（法律、行政法规禁止公开）",
    "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项（危及国家安全、公共安全、经济安全、社会稳定）",
    "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项",
    "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项",
    "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项（过程性信息）",
    "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项（行政执法案卷信息）",
    "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
    "《中华人民共和国政府信息公开条例》第三十八条",
    "《中华人民共和国政府信息公开条例》第三十条",
    "《中华人民共和国政府信息公开条例》第三十九条第一款",
    "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    "《中华人民共和国政府信息公开条例》第三十九条第二款",
    "《中华人民共和国政府信息公开条例》第三十五条",
    "",  # （五）5. has no article of its own (R2 label only): the clerk states the basis
    "《中华人民共和国政府信息公开条例》第三十条",
    "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "",  # （六）3.其他: the clerk states the basis
)


# The applicant-facing forms of the outcomes (:attr:`Outcome.public_label`), listed so that the English
# catalogue carries them; the tracker shows them through gettext (a test keeps this list complete).
PUBLIC_LABELS = (
    gettext_noop("予以公开"),
    gettext_noop("部分公开"),
    gettext_noop("不予公开：属于国家秘密"),
    gettext_noop("不予公开：其他法律行政法规禁止公开"),
    gettext_noop("不予公开：危及“三安全一稳定”"),
    gettext_noop("不予公开：保护第三方合法权益"),
    gettext_noop("不予公开：属于三类内部事务信息"),
    gettext_noop("不予公开：属于四类过程性信息"),
    gettext_noop("不予公开：属于行政执法案卷"),
    gettext_noop("不予公开：属于行政查询事项"),
    gettext_noop("无法提供：本机关不掌握相关政府信息"),
    gettext_noop("无法提供：没有现成信息需要另行制作"),
    gettext_noop("无法提供：补正后申请内容仍不明确"),
    gettext_noop("不予处理：信访举报投诉类申请"),
    gettext_noop("不予处理：重复申请"),
    gettext_noop("不予处理：要求提供公开出版物"),
    gettext_noop("不予处理：无正当理由大量反复申请"),
    gettext_noop("不予处理：要求行政机关确认或重新出具已获取信息"),
    gettext_noop("其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    gettext_noop("其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    gettext_noop("其他处理"),
)


@dataclass(frozen=True)
class Outcome:
    key: str  # the exact row path, e.g. "三、本年度办理结果/（三）不予公开/1.属于国家秘密"
    group: str  # row path of its group, e.g. "三、本年度办理结果/（三）不予公开"
    label: str  # the leaf label as printed, e.g. "1.属于国家秘密"
    basis: str  # default legal basis for the letter

    @property
    def short(self) -> str:
        group_label = self.group.split("/")[-1]
        return group_label if self.group == self.key else f"{group_label} {self.label}"

    @property
    def public_label(self) -> str:
        """The outcome in plain words for the applicant (tracker, receipt), without the item numbers and
        the statistics notes of the report format: "部分公开", "不予公开：属于国家秘密"."""
        numbered = self.group.split("/")[-1]  # "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        group = re.sub(r"（[^（）]*）$", "", re.sub(r"^（[一二三四五六七八九十]+）", "", numbered))
        leaf = re.sub(r"^\d+\.", "", self.label)
        return group if self.group == self.key or leaf == "其他" else f"{group}：{leaf}"

    @property
    def withholds(self) -> bool:
        """不予公开 (and the withheld part of 部分公开): 行政复议 first (行政复议法第二十三条)."""
        return self.group in (REFUSED, PARTIAL)


@cache
def outcomes() -> dict[str, Outcome]:
    leaves = report_formats.table3_leaf_rows(OUTCOME_FORMAT)
    if len(leaves) != len(_BASIS):
        raise RuntimeError("the 2021 format's leaf rows changed: review applications/outcomes.py")
    result = {}
    for key, basis in zip(leaves, _BASIS, strict=True):
        parts = key.split("/")
        group = "/".join(parts[:2])
        result[key] = Outcome(key=key, group=group, label=parts[-1], basis=basis)
    return result


def get(key: str) -> Outcome:
    return outcomes()[key]


def choices() -> list[tuple[str, str]]:
    return [(o.key, o.short) for o in outcomes().values()]


# Closures that the workflow itself decides (第三十条 / 国办函〔2020〕109号 / withdrawal).
@cache
def not_corrected() -> str:
    return next(k for k in outcomes() if k.startswith(OTHER + "/1."))


@cache
def fee_unpaid() -> str:
    return next(k for k in outcomes() if k.startswith(OTHER + "/2."))


@cache
def other() -> str:
    return next(k for k in outcomes() if k.startswith(OTHER + "/3."))


@cache
def unclear_after_correction() -> str:
    """（四）3 补正后申请内容仍不明确 (第三十条): only after a 补正 was received."""
    return next(k for k in outcomes() if k.startswith(UNABLE + "/3."))


@cache
def unreasonable_repeats() -> str:
    """（五）4 无正当理由大量反复申请 (第三十五条): when the applicant's reasons are not accepted."""
    return next(k for k in outcomes() if k.startswith(NOT_PROCESSED + "/4."))


def row_in_format(key: str, fmt: str) -> str:
    """Where an outcome is counted in a report format: the 2019 format has one （六）其他处理 row."""
    if fmt == "2019" and key.startswith(OTHER + "/"):
        return OTHER
    return key
