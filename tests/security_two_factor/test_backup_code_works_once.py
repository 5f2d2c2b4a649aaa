"""A backup code stands in for the app once, and is used up by it."""

from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from tests.security_two_factor.helpers import VERIFY, enrolled, log_in_with_password, page_text


def test_a_backup_code_logs_in_once(client, specialist_hantverk):
    _device, codes = enrolled(specialist_hantverk)
    log_in_with_password(client, specialist_hantverk)
    response = client.post(VERIFY, {"code": codes[3].upper()}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "You used a backup code; 9 are left." in page_text(response)
    assert client.get(reverse("agent:queue")).status_code == 200

    client.post(reverse("accounts:logout"))
    log_in_with_password(client, specialist_hantverk)
    response = client.post(VERIFY, {"code": codes[3]})
    assert response.status_code == 200
    assert "That code is not right." in page_text(response)
    assert client.get(reverse("agent:queue"))["Location"].startswith(VERIFY)
    # The other codes still work (once the wait after the wrong try has passed).
    StaticDevice.objects.filter(user=specialist_hantverk).update(throttling_failure_timestamp=None)
    assert client.post(VERIFY, {"code": codes[4]}).status_code == 302


def test_new_backup_codes_replace_the_old_ones(client, superuser_a):
    _device, old_codes = enrolled(superuser_a)
    client.force_login(superuser_a)
    response = client.post(reverse("accounts:two_factor_backup_codes"))
    html = page_text(response)
    assert "Save these backup codes now" in html
    assert old_codes[0] not in html

    client.post(reverse("accounts:logout"))
    log_in_with_password(client, superuser_a)
    assert client.post(VERIFY, {"code": old_codes[0]}).status_code == 200
