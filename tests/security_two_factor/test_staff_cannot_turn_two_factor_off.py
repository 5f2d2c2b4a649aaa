"""Staff must keep two-factor authentication: the profile says so, and turning it off is
refused even with a right code."""

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security_two_factor.helpers import (
    TURN_OFF,
    VERIFY,
    app_code,
    enrolled,
    log_in_with_password,
    page_text,
)


def test_staff_cannot_turn_two_factor_off(client, specialist_hantverk):
    device, codes = enrolled(specialist_hantverk)
    log_in_with_password(client, specialist_hantverk)
    client.post(VERIFY, {"code": app_code(device)})

    profile = page_text(client.get(reverse("accounts:profile")))
    assert "Required for staff: it cannot be turned off." in profile
    assert TURN_OFF not in profile

    response = client.post(TURN_OFF, {"code": codes[0]}, follow=True)
    assert "Two-factor authentication is required for staff and cannot be turned off." in page_text(
        response
    )
    assert TOTPDevice.objects.filter(user=specialist_hantverk, confirmed=True).exists()
