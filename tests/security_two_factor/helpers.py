"""Logging in through the real form, and the codes an authenticator app would show."""

from django.urls import reverse
from django_otp.oath import totp

from kundcenter.accounts import two_factor
from tests import factories

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
SET_UP = reverse("accounts:two_factor_set_up")
TURN_OFF = reverse("accounts:two_factor_turn_off")
BACKUP_CODES = reverse("accounts:two_factor_backup_codes")


def log_in_with_password(client, user, next_url=""):
    """The password step of the real login form; returns its answer (a redirect)."""
    # Logging in sets the language from the profile: English, like the tests.
    user.language = "en"
    user.save(update_fields=["language"])
    data = {"username": user.email, "password": factories.PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(LOGIN, data)
    assert response.status_code == 302, "the password was not accepted"
    return response


def app_code(device) -> str:
    """What the person's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def enrolled(user):
    """`user` with a confirmed authenticator app and backup codes; returns (app, codes)."""
    device = factories.make_totp_device(user, name="phone")
    return device, two_factor.make_backup_codes(user)


def page_text(response) -> str:
    return response.content.decode()
