"""A code from the app works once: someone who saw it typed cannot use it again."""

from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.security_two_factor.helpers import (
    VERIFY,
    app_code,
    enrolled,
    log_in_with_password,
    page_text,
)


def test_an_app_code_cannot_be_used_twice(client, specialist_hantverk):
    device, _codes = enrolled(specialist_hantverk)
    log_in_with_password(client, specialist_hantverk)
    code = app_code(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302

    client.post(reverse("accounts:logout"))
    assert SESSION_KEY not in client.session
    log_in_with_password(client, specialist_hantverk)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "That code has already been used." in page_text(response)
    assert client.get(reverse("agent:queue"))["Location"].startswith(VERIFY)
