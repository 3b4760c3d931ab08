import pytest
from django.core.exceptions import ValidationError

from dangjian.orgs.validators import (
    id_card_check_char,
    mask_id_card,
    validate_id_card,
    validate_phone,
)


@pytest.mark.parametrize(
    "number", ["11010519491231002X", "440524188001010014", "11010519491231002x"]
)
def test_valid_id_cards(number):
    validate_id_card(number.upper())


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "id_card_checksum"),
        ("11010519491331002X", "id_card_birth"),
        ("110105209912310010", "id_card_birth"),
        ("1101051949123100", "id_card_format"),
        ("11010519491231002Y", "id_card_format"),
    ],
)
def test_invalid_id_cards(number, code):
    with pytest.raises(ValidationError) as info:
        validate_id_card(number)
    assert info.value.code == code


def test_check_char_follows_gb11643():
    assert id_card_check_char("11010519491231002") == "X"
    assert id_card_check_char("44052418800101001") == "4"


def test_mask_keeps_four_and_four():
    assert mask_id_card("410102198001011234") == "4101**********1234"


@pytest.mark.parametrize("phone", ["13800138000", "0371-12345678", "010 12345678", "19912345678"])
def test_valid_phones(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12800138000", "1380013800", "abc", "371-1234567"])
def test_invalid_phones(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)
