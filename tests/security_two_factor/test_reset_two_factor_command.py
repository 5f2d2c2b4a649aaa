"""`manage.py reset_two_factor <e-mail>`: a member of staff who lost the phone and the
backup codes sets up a new app at the next login."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security_two_factor.helpers import SET_UP, enrolled, log_in_with_password


def test_reset_removes_the_app_and_the_next_login_sets_up_again(client, specialist_hantverk):
    enrolled(specialist_hantverk)
    out = StringIO()
    call_command("reset_two_factor", "SARA.Specialist@kundcenter.example", stdout=out)
    assert "sets up a new app at the next login" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=specialist_hantverk).exists()
    assert not StaticDevice.objects.filter(user=specialist_hantverk).exists()

    login = log_in_with_password(client, specialist_hantverk)
    assert client.get(login["Location"])["Location"].startswith(SET_UP)


def test_reset_of_an_unknown_address_is_an_error(db):
    with pytest.raises(CommandError, match="No person has the e-mail address"):
        call_command("reset_two_factor", "ingen@example.se")


def test_an_administrator_resets_it_in_the_admin_which_never_shows_the_key(
    client, admin_user, specialist_hantverk
):
    device, _codes = enrolled(specialist_hantverk)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert specialist_hantverk.full_name in listing.content.decode()
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200
    assert device.key not in change.content.decode()
    assert "qrcode" not in change.content.decode().lower()

    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not TOTPDevice.objects.filter(user=specialist_hantverk).exists()
