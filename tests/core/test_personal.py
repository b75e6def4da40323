"""Validation of personal identifiers (居民身份证 GB 11643): real citizens are never refused."""

from __future__ import annotations

import pytest

from gongkai.core.errors import InvalidInput
from gongkai.core.personal import resident_id_check_digit, validate_resident_id


def _id(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


@pytest.mark.parametrize(
    "county",
    ["440306", "440307", "440309", "440310", "440311", "440104", "110101"],  # 宝安区, 龙岗区, … (GB/T 2260)
)
def test_real_county_codes_are_accepted_even_where_the_library_lags(county: str) -> None:
    number = _id(f"{county}19900101123")
    assert validate_resident_id(number) == number


@pytest.mark.parametrize(
    ("number", "says"),
    [
        (_id("99030619900101123"), "前6位不是有效的行政区划代码"),  # no province 99
        (_id("44030619901301123"), "出生日期无效"),  # month 13
        ("440306199001011230" if _id("44030619900101123")[-1] != "0" else "440306199001011231", "校验位错误"),
        ("4403061990010112", "应为18位"),
        ("", "请填写居民身份证号码"),
    ],
)
def test_wrong_numbers_are_named(number: str, says: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_resident_id(number)
    assert says in err.value.fields["id_number"]
