"""Asking for a new password answers the same and does the same work for any address: the
request records one outbox row with the address, and its delivery mails a link only to an
active account. The link in that mail still works from start to end."""

import re

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kundcenter.accounts import registration
from kundcenter.outbox.models import OutboxItem
from tests import factories
from tests.security_enumeration.helpers import page_text

NEW_PASSWORD = "Nytt-Lösenord-Sommar26"
RESET_LINK = re.compile(r"https?://[^/\s]+(/konto/aterstall/\S+/)")


def _ask(client, email):
    """POST the form without delivering what it recorded: the outbox rows, and whether the
    request read the user table."""
    before = set(OutboxItem.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    lookups = [q["sql"] for q in queries if "accounts_user" in q["sql"]]
    return response, list(OutboxItem.objects.exclude(pk__in=before)), lookups


def test_password_reset_answers_the_same_and_queues_one_task_for_any_address(client, db):
    factories.make_user("finns@example.se")
    known, known_queued, known_lookups = _ask(client, "finns@example.se")
    unknown, unknown_queued, unknown_lookups = _ask(client, "okand@example.se")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert [r.payload for r in known_queued] == [{"email": "finns@example.se"}]
    assert [r.payload for r in unknown_queued] == [{"email": "okand@example.se"}]
    assert {r.topic for r in known_queued + unknown_queued} == {"password_reset_requested"}
    assert known_lookups == unknown_lookups == []
    done = client.get(known["Location"])
    assert page_text(done) == page_text(client.get(unknown["Location"]))


def test_the_reset_task_mails_only_an_active_account(
    register, db, django_capture_on_commit_callbacks
):
    factories.make_user("finns@example.se")
    factories.make_user("stangd@example.se", is_active=False)
    register("obekraftad@example.se")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = {
            email: registration.mail_password_reset(email)
            for email in (
                "finns@example.se",
                "okand@example.se",
                "stangd@example.se",
                "obekraftad@example.se",
            )
        }

    assert sent == {
        "finns@example.se": 1,
        "okand@example.se": 0,
        "stangd@example.se": 0,
        "obekraftad@example.se": 0,
    }
    assert [m.to for m in mail.outbox] == [["finns@example.se"]]


def test_the_reset_mail_is_in_the_account_s_language(
    client, db, django_capture_on_commit_callbacks
):
    factories.make_user("svensk@example.se", language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "svensk@example.se"})
    [message] = mail.outbox
    assert message.subject.startswith("Välj ett nytt lösenord")


def test_the_reset_link_works_end_to_end(client, db, django_capture_on_commit_callbacks):
    user = factories.make_user("glomsk@example.se", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "GLOMSK@example.se"}, follow=True
        )
    assert "If the address belongs to an account" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["glomsk@example.se"]
    assert message.subject.startswith("Choose a new password for the")
    path = RESET_LINK.search(message.body).group(1)

    set_password = client.get(path)  # Django swaps the token for a session and redirects
    assert set_password.status_code == 302
    done = client.post(
        set_password["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")

    browser = Client()
    old = browser.post(
        reverse("accounts:login"), {"username": "glomsk@example.se", "password": factories.PASSWORD}
    )
    assert old.status_code == 200
    new = browser.post(
        reverse("accounts:login"), {"username": "glomsk@example.se", "password": NEW_PASSWORD}
    )
    assert new.status_code == 302
    assert browser.session["_auth_user_id"] == str(user.pk)
