from __future__ import annotations

import pytest

from gongkai.core.codes import make_uscc, org_code_check_char, validate_division_code, validate_uscc
from gongkai.core.errors import InvalidInput


def test_valid_code_is_normalised() -> None:
    assert validate_uscc(" 91110000600037341l ") == "91110000600037341L"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("91110000600037341M", "校验码错误"),  # wrong check character
        ("9111000060003734", "应为18位"),  # too short
        ("9111000060003734IL", "大写字母"),  # I is not in the GB 32100 alphabet
        ("", "请填写"),
        ("N244030AMA5F123458", "第3至8位"),  # the division code part must be digits
        ("Y1440300MA5F12345D", "末位应为C"),
    ],
)
def test_invalid_codes_name_the_field(value: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_uscc(value, field="uscc")
    assert set(err.value.fields) == {"uscc"}
    assert "统一社会信用代码" in err.value.fields["uscc"]
    assert fragment in err.value.fields["uscc"]


@pytest.mark.parametrize("code", ["N2440306MA5F123458", "Y1440300MA5F12345C"])
def test_letters_in_the_first_two_places_are_valid_gb_32100(code: str) -> None:
    # 登记管理部门码 and 机构类别码 may be letters (e.g. Y 其他): such organisations must be able to apply.
    assert validate_uscc(code) == code


def test_wrong_check_message_gives_the_expected_character() -> None:
    with pytest.raises(InvalidInput, match="末位应为L"):
        validate_uscc("91110000600037341M")


def test_generated_codes_validate() -> None:
    code = make_uscc(authority="1", entity_type="1", division_code="440100", org_body="00693974")
    assert code.startswith("11440100")
    assert validate_uscc(code) == code


def test_org_code_check_char_known_value() -> None:
    # The valid USCC 91110000600037341L embeds the organisation code 60003734-1 (GB 11714 check char 1).
    assert org_code_check_char("60003734") == "1"
    # 13·3+2·7+1·9+4·10+3·5+5·8+6·4+9·2 = 199 ≡ 1 (mod 11) → 11-1 = 10 → "X"
    assert org_code_check_char("D2143569") == "X"


def test_division_codes() -> None:
    assert validate_division_code("440100") == "440100"
    assert validate_division_code("440104001") == "440104001"
    with pytest.raises(InvalidInput) as err:
        validate_division_code("44010")
    assert "code" in err.value.fields
