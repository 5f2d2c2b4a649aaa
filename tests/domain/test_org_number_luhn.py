"""Swedish organisationsnummer: ten digits, the last one a Luhn check digit."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from kundcenter.accounts.models import Industry, Organization
from kundcenter.lib.orgnr import luhn_ok, normalize_org_number, with_check_digit

# Real, published organisationsnummer (Volvo, IKEA of Sweden, Skatteverket).
VALID = ["556012-5790", "556074-7569", "202100-5448"]


@pytest.mark.parametrize("number", VALID)
def test_valid_org_numbers_pass_luhn(number):
    assert luhn_ok(number.replace("-", ""))
    assert normalize_org_number(number) == number


@pytest.mark.parametrize(
    "spelling",
    ["5560125790", "556012-5790", " 556012 5790 ", "16556012-5790", "165560125790", "556012–5790"],
)
def test_common_spellings_normalise(spelling):
    assert normalize_org_number(spelling) == "556012-5790"


@pytest.mark.parametrize("wrong_digit", "123456789")  # 0 is right
def test_every_wrong_check_digit_is_refused(wrong_digit):
    with pytest.raises(ValidationError) as refused:
        normalize_org_number(f"556012-579{wrong_digit}")
    assert refused.value.code == "checksum"
    assert f"556012-579{wrong_digit}" in refused.value.messages[0]


@pytest.mark.parametrize(
    "value",
    ["", "abc", "556012-579", "556012-57900", "195501011234", None],
    ids=["empty", "letters", "nine-digits", "eleven-digits", "twelve-not-16", "none"],
)
def test_wrong_length_is_refused(value):
    with pytest.raises(ValidationError) as refused:
        normalize_org_number(value)
    assert refused.value.code == "length"


def test_swapped_digits_are_caught():
    assert not luhn_ok("5560215790")


@pytest.mark.parametrize("nine", ["556012579", "000000000", "999999999", "202100544"])
def test_with_check_digit_completes_a_valid_number(nine):
    number = with_check_digit(nine)
    assert number.replace("-", "")[:9] == nine
    assert normalize_org_number(number) == number


@pytest.mark.django_db
def test_organization_cleans_and_validates_its_number():
    org = Organization(name="Volvo", org_number="5560125790", industry=Industry.objects.first())
    org.full_clean()
    assert org.org_number == "556012-5790"
    org.save()
    with pytest.raises(ValidationError) as refused:
        Organization(
            name="Fel", org_number="556012-5791", industry=Industry.objects.first()
        ).full_clean()
    assert "org_number" in refused.value.message_dict
    with pytest.raises(IntegrityError):
        Organization.objects.create(
            name="Dubblett", org_number="556012-5790", industry=Industry.objects.first()
        )
