"""A member of staff's first login in a real browser: after the password the set-up page
shows a QR code and the key; the key typed into an "app" (here: django-otp's TOTP) gives
the code that confirms it, the backup codes are shown, and the queue opens."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests import factories
from tests.browser.helpers import main_nav, speak_english

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_first_login_enrols_and_reaches_the_queue(page, specialist_hantverk):
    speak_english(specialist_hantverk)
    refused_by_csp = []
    page.on(
        "console",
        lambda message: (
            refused_by_csp.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    page.goto(reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(specialist_hantverk.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:two_factor_set_up"))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    expect(main_nav(page).get_by_role("link", name="Queue")).to_have_count(0)
    qr_code = page.locator(".qr-code svg")
    expect(qr_code).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    assert qr_code.bounding_box()["width"] >= 100

    key = page.locator("code.totp-secret").inner_text().replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("That code is not right.")).to_be_visible()
    # A wrong code makes the next try wait a second (throttling); no waiting in a test.
    TOTPDevice.objects.filter(user=specialist_hantverk).update(throttling_failure_timestamp=None)

    page.get_by_label("Code").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Save these backup codes now")).to_be_visible()
    expect(page.locator("ol.backup-codes li")).to_have_count(10)

    page.get_by_role("link", name="I have saved my backup codes").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("agent:queue"))))
    expect(main_nav(page).get_by_role("link", name="Queue")).to_be_visible()
    assert refused_by_csp == []
