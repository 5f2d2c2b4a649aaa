"""The language cookie carries the same flags as the session cookie: Secure in
production (SECURE_COOKIES), HttpOnly and SameSite=Lax always."""

import pytest
from django.urls import reverse

from tests.test_settings_env import fresh_settings


@pytest.mark.parametrize(("env", "secure"), [("1", True), ("0", False)])
def test_the_language_cookie_is_secure_exactly_when_the_session_cookie_is(
    monkeypatch, tmp_path, env, secure
):
    module = fresh_settings(monkeypatch, tmp_path, SECURE_COOKIES=env)
    assert module.SESSION_COOKIE_SECURE is secure
    assert module.LANGUAGE_COOKIE_SECURE is secure
    assert module.LANGUAGE_COOKIE_HTTPONLY is True
    assert module.LANGUAGE_COOKIE_SAMESITE == "Lax"


def test_switching_language_sets_a_secure_httponly_cookie_in_production(client, settings, db):
    settings.LANGUAGE_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = True
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
