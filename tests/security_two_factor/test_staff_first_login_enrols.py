"""A member of staff without an authenticator app sets one up at the first login, before
anything else: a QR code and the key to type, a wrong code refused, the right one
confirms the app and shows ten backup codes once."""

import re
from base64 import b32decode

from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from tests.security_two_factor.helpers import SET_UP, app_code, log_in_with_password, page_text


def _shown_key(html) -> bytes:
    key = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    secret = key.replace(" ", "")
    return b32decode(secret + "=" * (-len(secret) % 8))


def test_staff_first_login_sets_up_an_app_before_anything_else(client, specialist_hantverk):
    login = log_in_with_password(client, specialist_hantverk)
    response = client.get(login["Location"])
    assert response["Location"].startswith(SET_UP)

    html = page_text(client.get(SET_UP))
    assert "Staff must use two-factor authentication" in html
    # The QR code is inline SVG (CSP allows it), and the key is there to type by hand.
    assert "<svg" in html and 'class="qr"' in html and "<script>" not in html
    device = TOTPDevice.objects.get(user=specialist_hantverk, confirmed=False)
    assert _shown_key(html) == device.bin_key
    # Reloading the page keeps the same key (the person may be fetching a phone).
    assert _shown_key(page_text(client.get(SET_UP))) == device.bin_key


def test_a_wrong_first_code_is_refused_and_nothing_opens(client, specialist_hantverk):
    log_in_with_password(client, specialist_hantverk)
    client.get(SET_UP)
    response = client.post(SET_UP, {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right." in page_text(response)
    assert not TOTPDevice.objects.filter(user=specialist_hantverk, confirmed=True).exists()
    assert client.get(reverse("agent:queue"))["Location"].startswith(SET_UP)


def test_the_right_first_code_confirms_the_app_and_shows_backup_codes_once(
    client, specialist_hantverk
):
    queue = reverse("agent:queue")
    log_in_with_password(client, specialist_hantverk)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=specialist_hantverk)
    response = client.post(SET_UP, {"code": app_code(device), "next": queue})

    assert response.status_code == 200
    html = page_text(response)
    assert "Save these backup codes now: they are shown only this once." in html
    codes = StaticToken.objects.filter(device__user=specialist_hantverk)
    assert codes.count() == 10
    for token in codes:
        assert f"<code>{token.token}</code>" in html
    assert f'href="{queue}"' in html
    device.refresh_from_db()
    assert device.confirmed

    assert client.get(queue).status_code == 200
    # Never shown again: the set-up page now sends to the profile.
    assert client.get(SET_UP)["Location"] == reverse("accounts:profile")


def test_anyone_who_may_use_the_admin_site_must_set_up_an_app_too(client, db):
    back_office = factories.make_user("kontor@kundcenter.example", is_staff=True)
    login = log_in_with_password(client, back_office)
    assert client.get(login["Location"])["Location"].startswith(SET_UP)
    assert client.get(reverse("admin:index"))["Location"].startswith(SET_UP)
