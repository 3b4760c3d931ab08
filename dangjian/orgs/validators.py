"""Validators for Chinese identity data: resident ID numbers (GB 11643-1999) and phones."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
# First-generation cards (issued until 2004) carry 15 digits and a two-digit year; every
# holder has had an 18-digit number since, and that is the one records keep.
_ID_OLD_PATTERN = re.compile(r"^\d{15}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
# Separators people type inside a number, and the country code before a mobile.
_PHONE_SEPARATORS = re.compile(r"[\s\-()（）.]")
_COUNTRY_PREFIX = re.compile(r"^(?:\+86|0086)")


def id_card_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def normalize_id_card(value: str) -> str:
    return value.strip().upper()


def id_card_facts(value: str) -> tuple[datetime.date, str] | None:
    """(birth date, gender "M"/"F") encoded in a valid 18-character number, else None.

    GB 11643-1999: characters 7–14 are the birth date; the 17th is the sequence's last
    digit, odd for men and even for women."""
    value = normalize_id_card(value)
    try:
        validate_id_card(value)
    except ValidationError:
        return None
    born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    return born, ("M" if int(value[16]) % 2 else "F")


def validate_id_card(value: str) -> None:
    value = normalize_id_card(value)
    if _ID_OLD_PATTERN.match(value):
        raise ValidationError(
            _(
                "This is an old 15-digit number: enter the 18-digit number of the person's "
                "current (second-generation) ID card."
            ),
            code="id_card_old",
        )
    if not _ID_PATTERN.match(value):
        raise ValidationError(
            _("An ID-card number has 18 characters: 17 digits and a digit or X."),
            code="id_card_format",
        )
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        born = None
    if born is None or born > datetime.date.today():
        raise ValidationError(
            _("The birth date inside the ID-card number is not a real date."),
            code="id_card_birth",
        )
    if id_card_check_char(value[:17]) != value[17]:
        raise ValidationError(
            _("The ID-card number's check digit is wrong: please check each digit."),
            code="id_card_checksum",
        )


def mask_id_card(value: str) -> str:
    """4101**********1234: enough to tell two people apart, not enough to reuse."""
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def normalize_phone(value: str) -> str:
    """One spelling per number, so a search or a duplicate check finds it: a mobile as its 11
    digits (spaces, dashes and a +86 / 0086 country code removed), a landline as
    area code, dash, number (0371-12345678; 010 and 02x have 3-digit area codes). Anything
    else is returned trimmed, for `validate_phone` to refuse with its message."""
    text = value.strip()
    compact = _COUNTRY_PREFIX.sub("", _PHONE_SEPARATORS.sub("", text))
    if _MOBILE.match(compact):
        return compact
    if compact.startswith("0") and compact.isdigit():
        area = 3 if compact[1] in "12" else 4
        candidate = f"{compact[:area]}-{compact[area:]}"
        if _LANDLINE.match(candidate):
            return candidate
    return text


def validate_phone(value: str) -> None:
    compact = normalize_phone(value)
    if not (_MOBILE.match(compact) or _LANDLINE.match(compact)):
        raise ValidationError(
            _(
                "A phone number is an 11-digit mobile (13x–19x) or a landline such as 0371-12345678."  # noqa: E501
            ),
            code="phone",
        )
