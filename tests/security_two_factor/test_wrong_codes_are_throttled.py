"""Guessing codes is slowed down: after n wrong codes in a row the next try must wait
2^(n-1) seconds (django-otp's throttling), even with the right code, and the page says
how long."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security_two_factor.helpers import (
    VERIFY,
    app_code,
    enrolled,
    log_in_with_password,
    page_text,
)


def _let_the_wait_pass(device):
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(hours=1)
    )


def test_repeated_wrong_codes_make_the_next_try_wait(client, specialist_hantverk):
    device, _codes = enrolled(specialist_hantverk)
    log_in_with_password(client, specialist_hantverk)
    for _attempt in range(5):
        response = client.post(VERIFY, {"code": "000000"})
        assert "That code is not right." in page_text(response)
        _let_the_wait_pass(device)  # each wrong code counts; no waiting in the test
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now())

    # Five failures: the next try waits 16 seconds, whatever the code.
    response = client.post(VERIFY, {"code": app_code(device)})
    assert response.status_code == 200
    html = page_text(response)
    assert "Too many wrong codes in a row. Wait 16 seconds and try again." in html
    assert client.get(reverse("agent:queue"))["Location"].startswith(VERIFY)
    # Backup codes are held back too, so switching to them gains no tries.
    backup = client.post(VERIFY, {"code": _codes[0]})
    assert "Too many wrong codes in a row." in page_text(backup)

    _let_the_wait_pass(device)
    assert client.post(VERIFY, {"code": app_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
