"""The demo: staff logins have a confirmed app named "demo", customers none, and
`manage.py demo_totp_code <e-mail>` prints the demo app's code, for no other device."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.demo import data as demo_data
from tests import factories
from tests.security_two_factor.helpers import (
    VERIFY,
    app_code,
    enrolled,
    log_in_with_password,
    page_text,
)


def _demo_code(email) -> str:
    out = StringIO()
    call_command("demo_totp_code", email, stdout=out)
    return out.getvalue().strip()


def test_demo_staff_have_a_demo_app_and_customers_none(db):
    call_command("load_demo", force=True, stdout=StringIO())
    call_command("load_demo", force=True, stdout=StringIO())  # again: still one device each
    for person in demo_data.PEOPLE:
        devices = TOTPDevice.objects.filter(user__email=person.email)
        if person.staff_role:
            assert [(d.name, d.confirmed) for d in devices] == [("demo", True)], person.email
        else:
            assert not devices.exists(), person.email


def test_the_printed_demo_code_logs_in(client, db):
    output = StringIO()
    call_command("load_demo", force=True, stdout=output)
    assert "manage.py demo_totp_code <e-mail>" in output.getvalue()
    email = "sara.sandberg@kundcenter.example"
    client.post(reverse("accounts:login"), {"username": email, "password": demo_data.DEMO_PASSWORD})
    code = _demo_code(email)
    assert len(code) == 6 and code.isdigit()
    assert client.post(VERIFY, {"code": code}).status_code == 302
    # A second login within the same half minute gets the app's next code, which works.
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": email, "password": demo_data.DEMO_PASSWORD})
    response = client.post(VERIFY, {"code": _demo_code(email)})
    assert response.status_code == 302, page_text(response)


def test_demo_totp_code_refuses_a_device_not_named_demo(specialist_hantverk):
    enrolled(specialist_hantverk)
    with pytest.raises(CommandError, match="not the demo device"):
        _demo_code(specialist_hantverk.email)


def test_demo_totp_code_refuses_when_a_real_app_sits_beside_the_demo_one(specialist_hantverk):
    factories.make_totp_device(specialist_hantverk, name="demo")
    TOTPDevice.objects.create(user=specialist_hantverk, name="phone", confirmed=True)
    with pytest.raises(CommandError, match="not the demo device"):
        _demo_code(specialist_hantverk.email)


def test_demo_totp_code_refuses_a_person_without_an_app(superuser_a):
    with pytest.raises(CommandError, match="has no two-factor authentication"):
        _demo_code(superuser_a.email)


def test_the_code_page_shows_a_demo_logins_code_in_development_only(
    client, settings, specialist_hantverk
):
    device = TOTPDevice.objects.create(user=specialist_hantverk, name="demo", confirmed=True)
    log_in_with_password(client, specialist_hantverk)
    settings.DEBUG = True
    page = page_text(client.get(VERIFY))
    shown = re.search(r"Demo login: the code is <strong>(\d{6})</strong>", page)
    assert shown and shown.group(1) == app_code(device)
    # The code shown logs in.
    response = client.post(VERIFY, {"code": shown.group(1)})
    assert response.status_code == 302
    assert client.get(reverse("agent:queue")).status_code == 200

    settings.DEBUG = False
    client.post(reverse("accounts:logout"))
    log_in_with_password(client, specialist_hantverk)
    assert "Demo login" not in page_text(client.get(VERIFY))


def test_the_code_page_never_shows_a_real_apps_code(client, settings, specialist_hantverk):
    enrolled(specialist_hantverk)  # a real person's app, not the demo device
    log_in_with_password(client, specialist_hantverk)
    settings.DEBUG = True
    assert "Demo login" not in page_text(client.get(VERIFY))
