"""The life of a 行政复议 / 行政诉讼 case, readable in one place.

pending (尚未审结) ──conclude──▶ upheld (结果维持) | corrected (结果纠正) | other (其他结果)

A case is concluded once: its result is what 表四 of the annual report counts in the year of conclusion,
so a second conclusion (or a change of result) is refused; a court's later judgment on a 复议 decision is
a new case (复议后起诉), recorded separately.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext

from gongkai.core.errors import InvalidTransition


class Result(models.TextChoices):
    """Columns of 表四 (labels exactly as in the report formats, which is why they are not translated)."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


R = Result
CONCLUDED = frozenset({R.UPHELD, R.CORRECTED, R.OTHER})
TRANSITIONS: dict[str, frozenset[str]] = {
    R.PENDING: CONCLUDED,
    R.UPHELD: frozenset(),
    R.CORRECTED: frozenset(),
    R.OTHER: frozenset(),
}


def can_transition(old: str, new: str) -> bool:
    return new in TRANSITIONS.get(old, frozenset())


def ensure_transition(old: str, new: str) -> None:
    if can_transition(old, new):
        return
    if old in CONCLUDED:
        raise InvalidTransition(
            gettext("该案件已审结（%(result)s），不能再次登记审结结果") % {"result": R(old).label}
        )
    raise InvalidTransition(
        gettext("案件状态不能从“%(old)s”变为“%(new)s”") % {"old": R(old).label, "new": R(new).label}
    )
