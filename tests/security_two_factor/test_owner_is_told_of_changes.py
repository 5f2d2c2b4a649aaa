"""Whoever owns an account is mailed when two-factor authentication is turned on, turned
off or reset on it, so a change made by someone with their password does not go unnoticed."""

from io import StringIO

from django.core import mail
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.privacy.erasure import erase_person
from tests.security_two_factor.helpers import (
    SET_UP,
    TURN_OFF,
    VERIFY,
    app_code,
    enrolled,
    log_in_with_password,
)


def test_turning_it_on_mails_the_owner(
    client, specialist_hantverk, django_capture_on_commit_callbacks
):
    log_in_with_password(client, specialist_hantverk)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=specialist_hantverk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SET_UP, {"code": "000000"})  # wrong: nothing changed, nothing told
    assert mail.outbox == []
    # The wrong code's wait is over.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SET_UP, {"code": app_code(device)})
    [message] = mail.outbox
    assert message.to == [specialist_hantverk.email]
    assert message.subject.startswith("Two-factor authentication changed on your")
    assert "Two-factor authentication was turned on for your account" in message.body
    assert "If this was not you, choose a new password at once" in message.body
    assert "/konto/glomt-losenord/" in message.body


def test_turning_it_off_mails_the_owner(client, superuser_a, django_capture_on_commit_callbacks):
    device, _codes = enrolled(superuser_a)
    log_in_with_password(client, superuser_a)
    client.post(VERIFY, {"code": app_code(device)})
    device.refresh_from_db()
    device.last_t = -1
    device.save(update_fields=["last_t"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(TURN_OFF, {"code": app_code(device)})
    [message] = mail.outbox
    assert message.to == [superuser_a.email]
    assert "Two-factor authentication was turned off for your account" in message.body


def test_an_administrators_reset_mails_the_owner(
    specialist_hantverk, django_capture_on_commit_callbacks
):
    enrolled(specialist_hantverk)
    specialist_hantverk.language = "en"  # the mail is in the owner's language
    specialist_hantverk.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reset_two_factor", specialist_hantverk.email, stdout=StringIO())
    [message] = mail.outbox
    assert "An administrator removed the authenticator app" in message.body


def test_erasure_tells_nobody(superuser_a, admin_user, django_capture_on_commit_callbacks):
    enrolled(superuser_a)
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(by=admin_user, user=superuser_a)
    assert not [m for m in mail.outbox if "Two-factor" in m.subject]
