"""Customers choose: without an app they log in with the password alone; once they turn
it on every login asks for a code; turning it off needs a current code."""

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security_two_factor.helpers import (
    SET_UP,
    TURN_OFF,
    VERIFY,
    app_code,
    enrolled,
    log_in_with_password,
    page_text,
)

PROFILE = reverse("accounts:profile")


def test_a_customer_without_an_app_goes_straight_in(client, superuser_a, ticket_a):
    login = log_in_with_password(client, superuser_a)
    assert client.get(login["Location"]).status_code in (200, 302)
    response = client.get(reverse("portal:list"))
    assert response.status_code == 200
    assert ticket_a.title in page_text(response)
    profile = page_text(client.get(PROFILE))
    assert "Turn on two-factor authentication" in profile


def test_a_customer_turns_it_on_and_the_next_login_asks_for_a_code(client, superuser_a):
    log_in_with_password(client, superuser_a)
    assert "Set up two-factor authentication" in page_text(client.get(SET_UP))
    device = TOTPDevice.objects.get(user=superuser_a)
    response = client.post(SET_UP, {"code": app_code(device)})
    assert "Save these backup codes now" in page_text(response)
    assert f'href="{PROFILE}"' in page_text(response)
    # This session carries on; the profile says it is on.
    assert "Every login asks for a code" in page_text(client.get(PROFILE))

    client.post(reverse("accounts:logout"))
    login = log_in_with_password(client, superuser_a)
    assert client.get(login["Location"])["Location"].startswith(VERIFY)
    assert client.get(reverse("portal:list"))["Location"].startswith(VERIFY)


def test_turning_it_off_needs_a_current_code(client, superuser_a):
    device, _codes = enrolled(superuser_a)
    log_in_with_password(client, superuser_a)
    client.post(VERIFY, {"code": app_code(device)})

    response = client.post(TURN_OFF, {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right." in page_text(response)
    assert TOTPDevice.objects.filter(user=superuser_a).exists()

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    # The code used to log in was used; the app's next one is what the person types.
    device.refresh_from_db()
    device.last_t = -1
    device.save(update_fields=["last_t"])
    response = client.post(TURN_OFF, {"code": app_code(device)}, follow=True)
    assert "Two-factor authentication is off." in page_text(response)
    assert not TOTPDevice.objects.filter(user=superuser_a).exists()

    client.post(reverse("accounts:logout"))
    log_in_with_password(client, superuser_a)
    assert client.get(reverse("portal:list")).status_code == 200
