"""Personal information: validation with field-named Chinese errors, and masking for everyone who is not
the handling agency (supervisors, exports, logs, the public tracker)."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

from gongkai.core import clock
from gongkai.core.errors import InvalidInput

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


#: Province-level codes (GB/T 2260 first two digits; 81/82/83: 港澳台居民居住证).
_PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42"}
    | {"43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}
    | {"83"}
)


def _region_unknown_to_stdnum(compact: str) -> bool:
    """python-stdnum's county list lags GB/T 2260 (it lacks 440306 深圳市宝安区 and Shenzhen's newer
    districts): a number whose province code is real and whose check digit is right is accepted, since
    refusing a real citizen's ID is worse than accepting a county code the library does not know."""
    if len(compact) != 18 or not compact[:17].isdigit() or compact[:2] not in _PROVINCES:
        return False
    return str(ric.calc_check_digit(compact)) == compact[17]


def validate_resident_id(value: str, *, field: str = "id_number", label: str = "") -> str:
    """18-digit 居民身份证 number: length, birth date (a real day, not in the future) and the GB 11643 check
    digit."""
    label = label or _("居民身份证号码")
    compact = (value or "").strip().upper().replace(" ", "")
    if not compact:
        raise InvalidInput.for_field(field, _("请填写%(label)s") % {"label": label})
    try:
        try:
            valid = str(ric.validate(compact))
        except InvalidComponent:
            ric.get_birth_date(compact)  # a bad birth date is still named as such
            if not _region_unknown_to_stdnum(compact):
                raise
            valid = compact
        born = ric.get_birth_date(valid)
        if born > clock.today():
            reason = _("%(label)s中的出生日期%(y)s年%(m)s月%(d)s日晚于今天，请核对后重新填写") % {
                "label": label,
                "y": born.year,
                "m": born.month,
                "d": born.day,
            }
        elif born.year < 1900:
            reason = _("%(label)s中的出生日期%(y)s年早于1900年，请核对后重新填写") % {
                "label": label,
                "y": born.year,
            }
        else:
            return valid
    except InvalidLength:
        reason = _("%(label)s应为18位（当前为%(n)s位）") % {"label": label, "n": len(compact)}
    except InvalidChecksum:
        reason = _("%(label)s校验位错误，请核对后重新填写") % {"label": label}
    except InvalidComponent:
        try:
            ric.get_birth_date(compact)
            reason = _("%(label)s前6位不是有效的行政区划代码") % {"label": label}
        except ValidationError:
            reason = _("%(label)s中的出生日期无效") % {"label": label}
    except ValidationError:
        reason = _("%(label)s格式不正确") % {"label": label}
    raise InvalidInput.for_field(field, reason)


def validate_phone(value: str, *, field: str = "phone", label: str = "") -> str:
    compact = re.sub(r"[\s()（）]", "", value or "")
    if compact.startswith("+86"):
        compact = compact[3:]
    if _MOBILE.match(compact) or _LANDLINE.match(compact):
        return compact
    message = _("%(label)s应为11位手机号码或带区号的固定电话（如020-83135078）")
    raise InvalidInput.for_field(field, message % {"label": label or _("联系电话")})


def resident_id_check_digit(first17: str) -> str:
    """GB 11643 check character for the first 17 digits (python-stdnum wants a placeholder 18th)."""
    return str(ric.calc_check_digit(first17 + "0"))


def mask_id(value: str) -> str:
    """440106********123X → first 6 (region) and last 4 kept."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    digits = value.replace("-", "")
    if len(digits) < 7:
        return "*" * len(value)
    return digits[:3] + "****" + digits[-4:]


def mask_address(value: str) -> str:
    """Keep the first 6 characters (province/city/district), hide the rest."""
    return value[:6] + "****" if len(value) > 6 else "****"


#: What erasure leaves in place of personal data; shown as it is, never masked into "（****".
ERASED = "（已删除）"


def mask_name(value: str) -> str:
    if value == ERASED:
        return value
    return value[:1] + "*" * max(len(value) - 1, 1) if value else ""


def mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return (local[:1] + "***@" + domain) if domain else "***"


def identity_pepper() -> bytes:
    """The secret the identity keys are keyed with: ``GONGKAI_IDENTITY_PEPPER``, else derived from
    ``SECRET_KEY`` (so rotating the secret key without setting the pepper re-keys every applicant)."""
    pepper = str(getattr(settings, "GONGKAI_IDENTITY_PEPPER", "") or "")
    if pepper:
        return pepper.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"gongkai.identity-pepper", hashlib.sha256).digest()


def identity_key(kind: str, number: str) -> str:
    """A stable pseudonym of an applicant's identity (for counting 件 per applicant per month, 按件计收).

    A keyed HMAC, not a plain hash: the 18-digit 身份证 space is small enough (region × birth date × serial)
    that an unsalted hash is reversed in seconds; without the pepper the key says nothing. It is what is
    left of the identity after erasure."""
    message = f"gongkai-applicant:{kind}:{number.strip().upper()}".encode()
    return hmac.new(identity_pepper(), message, hashlib.sha256).hexdigest()[:32]
