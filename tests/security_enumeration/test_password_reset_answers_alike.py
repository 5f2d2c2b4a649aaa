"""Asking for a new password answers the same and does the same work for any address: the
request queues one task with the address, and the task mails a link only to an active
account. The link in that mail still works from start to end."""

import re
from unittest import mock

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kundcenter.accounts import tasks
from tests import factories
from tests.security_enumeration.helpers import page_text

NEW_PASSWORD = "Nytt-Lösenord-Sommar26"
RESET_LINK = re.compile(r"https?://[^/\s]+(/konto/aterstall/\S+/)")


def _ask(client, email):
    """POST the form without running the queued task: what was queued, and whether the
    request read the user table."""
    with (
        mock.patch("kundcenter.accounts.tasks.send_password_reset.apply_async") as queued,
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    lookups = [q["sql"] for q in queries if "accounts_user" in q["sql"]]
    return response, queued.call_args_list, lookups


def test_password_reset_answers_the_same_and_queues_one_task_for_any_address(client, db):
    factories.make_user("finns@example.se")
    known, known_queued, known_lookups = _ask(client, "finns@example.se")
    unknown, unknown_queued, unknown_lookups = _ask(client, "okand@example.se")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert [c.kwargs["kwargs"] for c in known_queued] == [{"email": "finns@example.se"}]
    assert [c.kwargs["kwargs"] for c in unknown_queued] == [{"email": "okand@example.se"}]
    assert known_lookups == unknown_lookups == []
    done = client.get(known["Location"])
    assert page_text(done) == page_text(client.get(unknown["Location"]))


def test_the_reset_task_mails_only_an_active_account(register, db):
    factories.make_user("finns@example.se")
    factories.make_user("stangd@example.se", is_active=False)
    register("obekraftad@example.se")
    mail.outbox.clear()

    sent = {
        email: tasks.send_password_reset(email)
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


def test_the_reset_mail_is_in_the_account_s_language(client, db):
    factories.make_user("svensk@example.se", language="sv")
    client.post(reverse("accounts:password_reset"), {"email": "svensk@example.se"})
    [message] = mail.outbox
    assert message.subject.startswith("Välj ett nytt lösenord")


def test_the_reset_link_works_end_to_end(client, db):
    user = factories.make_user("glomsk@example.se", language="en")
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
