"""Passwords: Argon2 for new hashes (old hashes still work and are upgraded) and the
validators refuse short and common passwords at registration."""

from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import translation

from kundcenter.accounts.models import User
from tests import factories

PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def _register(client, password):
    return client.post(
        reverse("accounts:register"),
        {
            "full_name": "Lisa Nyberg",
            "email": "lisa.nyberg@example.se",
            "password1": password,
            "password2": password,
        },
    )


def test_a_new_password_is_stored_with_argon2(settings, db):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = factories.make_user("ny@example.se", password="Fjallbacka-Regn-2026")
    assert user.password.startswith("argon2$")
    assert user.check_password("Fjallbacka-Regn-2026")


def test_an_old_pbkdf2_hash_still_logs_in_and_is_upgraded(client, settings, db):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = factories.make_user("gammal@example.se")
    old_hash = make_password(factories.PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=user.pk).update(password=old_hash)
    response = client.post(
        reverse("accounts:login"),
        {"username": "gammal@example.se", "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_a_short_password_is_refused_at_registration(client, db):
    response = _register(client, "Sommar2026")
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in (
        response.content.decode()
    )
    assert not User.objects.exists()


def test_a_common_password_is_refused_at_registration(client, db):
    response = _register(client, "password1234")
    assert "This password is too common." in response.content.decode()
    assert not User.objects.exists()


def test_the_refusals_read_in_swedish_too(client, db, settings):
    settings.LANGUAGE_CODE = "sv"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    with translation.override("sv"):
        short = _register(client, "Sommar2026").content.decode()
        common = _register(client, "password1234").content.decode()
    assert "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken." in short
    assert "Detta lösenord är alldeles för vanligt." in common
    assert not User.objects.exists()
