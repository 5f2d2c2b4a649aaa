"""Registering answers the same page for a new address and a taken one, does the same work
in the request, and sends exactly one e-mail to the address either way: a confirmation
link for a new address, "you already have an account" for a taken one."""

from unittest import mock

from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kundcenter.accounts.models import User
from kundcenter.outbox.models import OutboxItem
from tests import factories
from tests.security_enumeration.helpers import CONFIRM_LINK, OTHER_STRONG, STRONG, page_text


def test_registration_answers_the_same_for_a_taken_address(client, register, db):
    factories.make_user("finns@example.se", name="Fanny Finns")

    taken = register("finns@example.se", follow=True)
    [taken_mail] = mail.outbox
    new = register("ledig@example.se", follow=True)
    [_taken_mail, new_mail] = mail.outbox

    assert taken.status_code == new.status_code == 200
    assert taken.redirect_chain == new.redirect_chain == [(reverse("accounts:register_sent"), 302)]
    assert page_text(taken).replace("finns@", "X@") == page_text(new).replace("ledig@", "X@")
    assert (
        "We've sent a message to ledig@example.se. Follow the link in it to finish "
        "creating your account." in page_text(new)
    )
    # One mail each, to the address typed in.
    assert taken_mail.to == ["finns@example.se"] and new_mail.to == ["ledig@example.se"]
    assert "_auth_user_id" not in client.session


def test_an_address_typed_in_another_case_counts_as_taken(register, db):
    user = factories.make_user("finns@example.se", language="en")
    response = register("FINNS@Example.se", follow=True)
    assert "We've sent a message to finns@example.se." in page_text(response)
    [message] = mail.outbox
    assert message.to == ["finns@example.se"]
    assert "You already have an account" in message.body
    assert list(User.objects.values_list("pk", flat=True)) == [user.pk]


def _request_work(client, email):
    """POST a registration without delivering what it recorded: how many passwords were
    hashed, what was recorded in the outbox, and whether the request read the user table."""
    before = set(OutboxItem.objects.values_list("pk", flat=True))
    data = {"full_name": "Ny Person", "email": email, "password1": STRONG, "password2": STRONG}
    with (
        mock.patch.object(
            MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
        ) as encode,
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(reverse("accounts:register"), data)
    user_queries = [q["sql"] for q in queries if "accounts_user" in q["sql"]]
    recorded = list(OutboxItem.objects.exclude(pk__in=before))
    return response, encode.call_count, recorded, user_queries


def test_registration_does_the_same_work_in_the_request_for_a_taken_address(client, db):
    factories.make_user("finns@example.se")
    taken, taken_hashes, taken_queued, taken_lookups = _request_work(client, "finns@example.se")
    new, new_hashes, new_queued, new_lookups = _request_work(client, "ledig@example.se")

    assert taken["Location"] == new["Location"]
    # Same timing class: one password hash and one outbox row each, and the address is
    # not looked up in the request at all: the row's delivery decides.
    assert taken_hashes == new_hashes == 1
    assert len(taken_queued) == len(new_queued) == 1
    assert taken_lookups == new_lookups == []
    assert taken_queued[0].topic == new_queued[0].topic == "registration_requested"
    taken_kwargs, new_kwargs = taken_queued[0].payload, new_queued[0].payload
    assert taken_kwargs.keys() == new_kwargs.keys()
    assert taken_kwargs["email"] == "finns@example.se"
    # The plain password is never stored, only its hash.
    assert STRONG not in repr(taken_kwargs) + repr(new_kwargs)


def test_registration_with_a_taken_address_changes_nothing(client, register, db):
    user = factories.make_user("finns@example.se", name="Fanny Finns")
    before = User.objects.filter(pk=user.pk).values().get()

    register("finns@example.se", full_name="Någon Annan", password=OTHER_STRONG)

    assert User.objects.filter(pk=user.pk).values().get() == before
    assert User.objects.count() == 1
    [message] = mail.outbox
    # The owner hears about it, with a way in and no link that would open anything.
    assert message.to == ["finns@example.se"]
    assert "/konto/logga-in/" in message.body and "/konto/glomt-losenord/" in message.body
    assert not CONFIRM_LINK.search(message.body)
    # The owner's password still works; the one typed in does not.
    assert (
        client.post(
            reverse("accounts:login"), {"username": "finns@example.se", "password": OTHER_STRONG}
        ).status_code
        == 200
    )
    response = client.post(
        reverse("accounts:login"), {"username": "finns@example.se", "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_the_owner_of_a_taken_address_is_told_what_to_do(register, db):
    factories.make_user("finns@example.se", name="Fanny Finns", language="en")
    register("finns@example.se")
    [message] = mail.outbox
    assert message.subject.startswith("You already have an account in the")
    assert "Hello Fanny Finns," in message.body
    assert "Someone (hopefully you) tried to register a new account" in message.body
    assert "Log in: http://" in message.body
    assert "Forgot your password? Choose a new one: http://" in message.body


def test_registering_a_closed_account_does_not_reopen_it(register, db):
    closed = factories.make_user("slutat@example.se", language="en", is_active=False)
    register("slutat@example.se")
    closed.refresh_from_db()
    assert not closed.is_active and not closed.awaiting_confirmation
    [message] = mail.outbox
    assert "Your account has been closed. If you need it again, contact us at" in message.body
    assert not CONFIRM_LINK.search(message.body)


def test_registering_again_before_confirming_replaces_the_first_registration(client, register, db):
    register("lisa@example.se", full_name="Lisa Först", password=STRONG)
    register("lisa@example.se", full_name="Lisa Nyberg", password=OTHER_STRONG)

    [user] = User.objects.all()
    assert user.full_name == "Lisa Nyberg" and user.awaiting_confirmation and not user.is_active
    first, second = mail.outbox
    assert first.to == second.to == ["lisa@example.se"]
    # The latest registration wins: the first link no longer works, the second one does,
    # and the account has the password typed in last.
    old_link = CONFIRM_LINK.search(first.body).group(1)
    new_link = CONFIRM_LINK.search(second.body).group(1)
    assert "expired or is no longer valid" in client.get(old_link).content.decode()
    assert client.post(new_link, {"password": STRONG}).status_code == 200  # the first one's
    assert client.post(new_link, {"password": OTHER_STRONG})["Location"] == reverse("accounts:join")
    user.refresh_from_db()
    assert user.is_active and user.check_password(OTHER_STRONG)
    assert not user.check_password(STRONG)
