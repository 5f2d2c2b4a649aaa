"""Login and password reset answer alike (in text and in the work done) for an address
that has an account and one that has not. Registration (and more on password resets):
tests/security_enumeration."""

import re
from unittest import mock

from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from kundcenter.outbox.models import OutboxItem
from tests import factories


def _page(response) -> str:
    """The page without the per-request CSRF token."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def _hashing(client, url, data):
    """POST and count how many times a password was hashed."""
    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    ) as encode:
        response = client.post(url, data)
    return response, encode.call_count


def test_login_answers_alike_for_a_known_and_an_unknown_address(client, db):
    factories.make_user("finns@example.se")
    url = reverse("accounts:login")
    known, known_hashes = _hashing(client, url, {"username": "finns@example.se", "password": "x"})
    unknown, unknown_hashes = _hashing(
        client, url, {"username": "okand@example.se", "password": "x"}
    )
    assert known.status_code == unknown.status_code == 200
    assert _page(known).replace("finns@", "X@") == _page(unknown).replace("okand@", "X@")
    assert "The e-mail address or the password is wrong" in _page(unknown)
    # Same timing class: the unknown address costs one password hash too.
    assert known_hashes == unknown_hashes == 1


def test_password_reset_answers_alike_and_mails_only_a_known_address(
    client, db, django_capture_on_commit_callbacks
):
    factories.make_user("finns@example.se")
    url = reverse("accounts:password_reset")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "finns@example.se"}, follow=True)
    assert [m.to for m in mail.outbox] == [["finns@example.se"]]
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(url, {"email": "okand@example.se"}, follow=True)
    assert len(mail.outbox) == 1
    assert known.redirect_chain == unknown.redirect_chain
    assert _page(known) == _page(unknown)
    assert "/konto/aterstall/" in mail.outbox[0].body


def test_the_reset_mail_is_sent_after_the_request_commits(client, db):
    """Within the request only the outbox row is written; the mail is delivered after
    commit (in-process here, by the worker with a broker)."""
    factories.make_user("finns@example.se")
    client.post(reverse("accounts:password_reset"), {"email": "finns@example.se"})
    assert len(mail.outbox) == 0
    [row] = OutboxItem.objects.filter(topic="password_reset_requested")
    assert row.payload == {"email": "finns@example.se"}
