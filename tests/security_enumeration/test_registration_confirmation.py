"""A new account stays closed until the link mailed to the address is followed; the link
opens it and logs the person in once, and works for REGISTRATION_CONFIRMATION_DAYS."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts import registration
from kundcenter.accounts.models import User
from tests.security_enumeration.helpers import OTHER_STRONG, STRONG, confirmation_path


def _confirm(client, path, password=STRONG):
    """Follow the link as a person would: the page asks for the password, then opens."""
    page = client.get(path)
    if page.status_code != 200 or 'name="password"' not in page.content.decode():
        return page
    return client.post(path, {"password": password})


def _register_days_ago(days, capture_on_commit, email="lisa@example.se"):
    """A registration made `days` ago, as the task recorded it then; its link's path."""
    with capture_on_commit(execute=True):
        registration.register(
            email=email,
            full_name="Lisa Nyberg",
            password_hash=make_password(STRONG),
            language="en",
            now=timezone.now() - timedelta(days=days),
        )
    return confirmation_path(mail.outbox[-1])


def test_a_new_account_waits_for_the_confirmation_link(client, register, db):
    register("lisa@example.se")
    user = User.objects.get(email="lisa@example.se")
    assert not user.is_active and user.awaiting_confirmation
    assert user.check_password(STRONG)
    [message] = mail.outbox
    assert message.to == ["lisa@example.se"]
    assert message.subject.startswith("Confirm your e-mail address for the")
    assert "Hello Lisa Nyberg," in message.body
    assert "The link works for 3 days." in message.body


def test_the_confirmation_link_activates_the_account_and_logs_in(client, register, db):
    register("lisa@example.se")
    path = confirmation_path(mail.outbox[0])
    # Following the link alone opens nothing (a mail scanner opening links confirms
    # nothing): the page asks for the password registered with.
    page = client.get(path)
    assert "Finish creating your account" in page.content.decode()
    assert not User.objects.get(email="lisa@example.se").is_active
    response = client.post(path, {"password": STRONG})

    # On to joining a customer, logged in, in the language registered with.
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:join")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user = User.objects.get(email="lisa@example.se")
    assert user.is_active and not user.awaiting_confirmation
    assert client.session["_auth_user_id"] == str(user.pk)
    join = client.get(response["Location"])
    assert "Welcome! Your account is ready." in join.content.decode()
    # From now on the password logs in like any other.
    other = Client()
    login = other.post(
        reverse("accounts:login"), {"username": "lisa@example.se", "password": STRONG}
    )
    assert login.status_code == 302


def test_a_swedish_registration_sets_swedish(client, register, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    register("lisa@example.se")
    assert User.objects.get(email="lisa@example.se").language == "sv"
    response = _confirm(client, confirmation_path(mail.outbox[0]))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"


def test_an_expired_link_shows_a_page_to_register_again(
    client, db, django_capture_on_commit_callbacks
):
    path = _register_days_ago(3.1, django_capture_on_commit_callbacks)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The link does not work" in html
    assert "This confirmation link has expired or is no longer valid." in html
    assert f'href="{reverse("accounts:register")}"' in html
    assert "_auth_user_id" not in client.session
    assert not User.objects.get(email="lisa@example.se").is_active


def test_a_link_works_for_the_configured_number_of_days(
    client, settings, db, django_capture_on_commit_callbacks
):
    path = _register_days_ago(2, django_capture_on_commit_callbacks)
    settings.REGISTRATION_CONFIRMATION_DAYS = 1
    assert "expired or is no longer valid" in client.get(path).content.decode()
    settings.REGISTRATION_CONFIRMATION_DAYS = 3
    assert _confirm(client, path)["Location"] == reverse("accounts:join")


def test_a_link_followed_twice_says_the_account_is_active_and_offers_login(client, register, db):
    register("lisa@example.se")
    path = confirmation_path(mail.outbox[0])
    assert _confirm(client, path).status_code == 302

    someone = Client()  # the link again, e.g. from another browser: nobody is logged in
    response = someone.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your account is already active." in html
    assert f'href="{reverse("accounts:login")}"' in html
    assert "_auth_user_id" not in someone.session


def test_an_altered_link_is_refused(client, register, db):
    register("lisa@example.se")
    path = confirmation_path(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    user = User.objects.get(email="lisa@example.se")
    payload, signature = token.rsplit(":", 1)
    forged = f"{payload}x:{signature}"
    response = client.get(reverse("accounts:confirm_registration", args=[forged]))
    assert "expired or is no longer valid" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active and "_auth_user_id" not in client.session


def test_a_link_for_an_account_deleted_meanwhile_is_refused(client, register, db):
    register("lisa@example.se")
    path = confirmation_path(mail.outbox[0])
    User.objects.filter(email="lisa@example.se").delete()
    assert "expired or is no longer valid" in client.get(path).content.decode()


def test_confirming_needs_the_password_registered_with(client, register, db):
    """Someone who registers another person's address with a password of their own cannot
    have that person open the account for them: the owner does not know the password."""
    register("lisa@example.se")
    path = confirmation_path(mail.outbox[0])
    response = client.post(path, {"password": OTHER_STRONG})
    assert response.status_code == 200
    assert "That is not the password you chose when you registered." in response.content.decode()
    assert not User.objects.get(email="lisa@example.se").is_active
    assert "_auth_user_id" not in client.session
    response = client.post(path, {"password": ""})
    assert "This field is required." in response.content.decode()
    assert client.post(path, {"password": STRONG})["Location"] == reverse("accounts:join")


def test_registering_again_takes_the_address_back(client, register, db):
    """The owner who got a mail they did not ask for registers again with their own
    password; only the newest link works, with the newest password."""
    register("lisa@example.se", password=OTHER_STRONG)
    first = confirmation_path(mail.outbox[0])
    register("lisa@example.se")
    second = confirmation_path(mail.outbox[1])
    assert "expired or is no longer valid" in client.get(first).content.decode()
    assert client.post(second, {"password": OTHER_STRONG}).status_code == 200
    assert client.post(second, {"password": STRONG})["Location"] == reverse("accounts:join")


def test_a_link_survives_a_key_rotation_with_the_old_key_as_fallback(
    client, register, db, settings
):
    register("lisa@example.se")
    path = confirmation_path(mail.outbox[0])
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789-abcdefghijklmnop"
    settings.SECRET_KEY_FALLBACKS = []
    assert "expired or is no longer valid" in client.get(path).content.decode()
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert _confirm(client, path)["Location"] == reverse("accounts:join")
