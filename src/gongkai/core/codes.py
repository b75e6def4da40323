"""Identifiers used across the platform: 统一社会信用代码 (GB 32100-2015) and division codes.

The GB 32100 check character is computed by python-stdnum (``stdnum.cn.uscc``); this module adds the
field-named Chinese error messages the platform shows, and the generator the demo data needs.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from stdnum.cn import uscc as _uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

from gongkai.core.errors import InvalidInput

USCC_FIELD_LABEL = gettext_noop("统一社会信用代码")

# GB 11714-1997 organisation code: 8 body characters and a check character (weights below, mod 11).
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# GB/T 2260 six-digit codes for province, prefecture and county level; towns and streets use the
# nine-digit GB/T 10114 code (county code + three digits).
_DIVISION_CODE = re.compile(r"^(\d{6}|\d{9})$")


#: GB 32100-2015 code alphabet: digits and capitals without I, O, Z, S, V.
_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")


def _uscc_validate(value: str) -> str:
    """python-stdnum's check, except that it requires the first two characters to be digits, while GB 32100
    allows letters there (登记管理部门码 such as Y 其他 or N, 机构类别码): those get the same checks."""
    number = _uscc.compact(value or "")
    if len(number) == 18 and all(c in _USCC_ALPHABET for c in number[:2]) and not number[:2].isdigit():
        if not number[2:8].isdigit() or any(c not in _USCC_ALPHABET for c in number[8:]):
            raise InvalidFormat()
        if number[-1] != _uscc.calc_check_digit(number):
            raise InvalidChecksum()
        return number
    return str(_uscc.validate(number))


def validate_uscc(value: str, *, field: str = "uscc", label: str = USCC_FIELD_LABEL) -> str:
    """Return the normalised code, or raise :class:`InvalidInput` naming the field."""
    label = _(label)  # the default is in the catalogue; a caller's own label passes through
    if not (value or "").strip():
        raise InvalidInput.for_field(field, _("请填写%(label)s") % {"label": label})
    try:
        return _uscc_validate(value)
    except InvalidLength:
        reason = _("%(label)s应为18位（当前为%(n)s位）") % {
            "label": label,
            "n": len(_uscc.compact(value or "")),
        }
    except InvalidFormat:
        reason = _("%(label)s只能包含数字和除I、O、Z、S、V以外的大写字母，且第3至8位（行政区划码）为数字") % {
            "label": label
        }
    except InvalidChecksum:
        reason = _("%(label)s校验码错误（按GB 32100-2015计算，末位应为%(c)s）") % {
            "label": label,
            "c": _uscc.calc_check_digit(value[:17]),
        }
    except ValidationError:
        reason = _("%(label)s无效") % {"label": label}
    raise InvalidInput.for_field(field, reason)


def org_code_check_char(body: str) -> str:
    """GB 11714 check character for an 8-character organisation-code body."""
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(*, authority: str, entity_type: str, division_code: str, org_body: str) -> str:
    """Assemble a valid 统一社会信用代码 (e.g. authority ``1`` 机构编制, type ``1`` 机关)."""
    org_code = org_body + org_code_check_char(org_body)
    first17 = f"{authority}{entity_type}{division_code[:6]}{org_code}"
    return first17 + str(_uscc.calc_check_digit(first17))


def validate_division_code(value: str, *, field: str = "code") -> str:
    value = (value or "").strip()
    if not _DIVISION_CODE.match(value):
        raise InvalidInput.for_field(field, "行政区划代码应为6位（GB/T 2260）或9位（乡级，GB/T 10114）数字")
    return value
