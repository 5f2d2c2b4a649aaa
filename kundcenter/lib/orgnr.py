"""Swedish organisationsnummer: normalising and the Luhn check digit."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_DIGITS = re.compile(r"\D")


def luhn_ok(digits: str) -> bool:
    """True when the last digit is the Luhn check digit of the ones before it."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_org_number(value: str) -> str:
    """Return NNNNNN-NNNN from common spellings (with or without dash, 16-prefix)."""
    digits = _DIGITS.sub("", value or "")
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if len(digits) != 10:
        raise ValidationError(
            _("An organisationsnummer has ten digits, e.g. 556677-8899."), code="length"
        )
    if not luhn_ok(digits):
        raise ValidationError(
            _("The organisationsnummer %(value)s has a wrong check digit.")
            % {"value": f"{digits[:6]}-{digits[6:]}"},
            code="checksum",
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_org_number(value: str) -> None:
    normalize_org_number(value)


def with_check_digit(nine_digits: str) -> str:
    """Complete nine digits with their Luhn check digit (used by demo and bench data)."""
    for check in "0123456789":
        if luhn_ok(nine_digits + check):
            return f"{nine_digits[:6]}-{nine_digits[6:]}{check}"
    raise ValueError(nine_digits)
