"""A different message that reuses a Message-ID is kept and read; a redelivery is not.

Messages are unique by Message-ID plus a hash of their content without the trace
headers a delivery adds (Received, Return-Path, Delivered-To, X-Original-To,
Authentication-Results …), so the same message delivered twice is still a duplicate,
exactly once, and replies still thread by Message-ID to the first message with it.
"""

import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from kundcenter.mail.ingest import ingest
from kundcenter.mail.models import InboundMessage
from kundcenter.mail.notifications import _thread
from kundcenter.mail.parsing import content_hash
from kundcenter.tickets.models import Ticket
from tests.mail_inbound.conftest import corpus_bytes

ORIGINAL = "01_outlook_new_ticket_sv.eml"
REUSED_ID = "AM6PR05MB4567A1B2C3D4E5F6@AM6PR05MB4567.eurprd05.prod.outlook.com"
OTHER_SENDER = "81_reused_message_id_other_sender.eml"
UNKNOWN_SENDER = "82_reused_message_id_unknown_sender.eml"
REDELIVERED = "83_redelivered_with_new_trace_headers.eml"
REREAD = "84_reread_from_mailbox_with_lf_and_status.eml"


def test_trace_headers_line_endings_and_mbox_lines_do_not_change_the_hash():
    original = corpus_bytes(ORIGINAL)
    assert content_hash(corpus_bytes(REDELIVERED)) == content_hash(original)
    assert content_hash(corpus_bytes(REREAD)) == content_hash(original)
    mbox = b"From anna.berg@byggmontage.se Mon Jan 12 09:14:22 2026\r\n" + original
    assert content_hash(mbox) == content_hash(original)
    folded = b"ARC-Seal: i=1; a=rsa-sha256;\r\n\tcv=none; d=example.net; b=abc\r\n" + original
    assert content_hash(folded) == content_hash(original)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"Subject: Problem med", b"Subject: Problem i"),  # a header the sender wrote
        (b"visar fel belopp", b"visar r=E4tt belopp"),  # the body
        (b"Thread-Topic:", b"X-Thread-Topic:"),
    ],
)
def test_any_change_the_sender_made_changes_the_hash(old, new):
    original = corpus_bytes(ORIGINAL)
    changed = original.replace(old, new, 1)
    assert changed != original
    assert content_hash(changed) != content_hash(original)


def test_a_different_message_reusing_a_message_id_is_stored_and_read(mail_world):
    first = ingest(corpus_bytes(ORIGINAL))
    second = ingest(corpus_bytes(OTHER_SENDER))
    assert (first.outcome, second.outcome) == ("ticket_created", "ticket_created")
    assert first.message_key == second.message_key == REUSED_ID
    assert first.ticket.organization == mail_world["org_a"]
    assert second.ticket.organization == mail_world["org_b"]
    assert InboundMessage.objects.filter(message_key=REUSED_ID).count() == 2


def test_the_same_message_delivered_again_does_nothing_exactly_once(mail_world):
    assert ingest(corpus_bytes(ORIGINAL)).outcome == "ticket_created"
    assert ingest(corpus_bytes(OTHER_SENDER)).outcome == "ticket_created"
    for name in (ORIGINAL, REDELIVERED, REREAD, OTHER_SENDER):
        assert ingest(corpus_bytes(name)).outcome == "duplicate"
    assert InboundMessage.objects.count() == 2
    assert Ticket.objects.count() == 5


def test_staff_find_both_messages_and_see_that_the_id_was_reused(
    client, mail_world, specialist_hantverk
):
    first = ingest(corpus_bytes(ORIGINAL)).record
    second = ingest(corpus_bytes(UNKNOWN_SENDER)).record
    client.force_login(specialist_hantverk)
    listing = client.get(reverse("mail:list")).content.decode()
    assert reverse("mail:message", args=[first.pk]) in listing
    assert reverse("mail:message", args=[second.pk]) in listing
    refused = client.get(reverse("mail:refused")).content.decode()
    assert "kalle.okand@gmail.com" in refused
    page = client.get(reverse("mail:message", args=[second.pk])).content.decode()
    assert "Also used by other, different messages" in page
    assert reverse("mail:message", args=[first.pk]) in page


def test_a_reply_threads_to_the_first_message_with_the_id(mail_world):
    first = ingest(corpus_bytes(ORIGINAL))
    ingest(corpus_bytes("85_reused_message_id_same_sender_new_text.eml"))
    reply = (
        b"From: Anna Berg <anna.berg@byggmontage.se>\r\n"
        b"To: support@kundcenter.example\r\n"
        b"Subject: Re: Problem med momsrapporten\r\n"
        b"Message-ID: <reply-to-reused@byggmontage.se>\r\n"
        b"In-Reply-To: <" + REUSED_ID.encode() + b">\r\n"
        b"\r\nNu fungerar det.\r\n"
    )
    result = ingest(reply)
    assert (result.outcome, result.ticket) == ("reply_added", first.ticket)


def test_our_answer_still_threads_under_the_message_that_made_the_ticket(mail_world):
    first = ingest(corpus_bytes(ORIGINAL))
    ingest(corpus_bytes(OTHER_SENDER))
    assert _thread(first.ticket)[0] == f"<{REUSED_ID}>"


def test_stored_messages_get_their_content_hash_in_the_migration(mail_world):
    migration = importlib.import_module("kundcenter.mail.migrations.0005_inbound_dedupe_on_content")
    with_id = InboundMessage.objects.create(
        message_key=REUSED_ID, source="pipe", outcome="refused", raw=corpus_bytes(ORIGINAL)
    )
    raw = corpus_bytes("31_missing_message_id.eml")
    without_id = InboundMessage.objects.create(
        message_key="sha256:" + "0" * 64, source="pipe", outcome="refused", raw=raw
    )
    migration.hash_stored_messages(apps, None)
    with_id.refresh_from_db()
    without_id.refresh_from_db()
    assert with_id.message_key == REUSED_ID
    assert with_id.content_hash == content_hash(corpus_bytes(ORIGINAL))
    assert without_id.content_hash == content_hash(raw)
    assert without_id.message_key == "sha256:" + content_hash(raw)
    # So a redelivery of either, after the upgrade, is still a duplicate.
    assert ingest(corpus_bytes(REDELIVERED)).outcome == "duplicate"
    assert ingest(b"Received: from mx\r\n" + raw).outcome == "duplicate"


concurrent_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@concurrent_db
def test_concurrent_redeliveries_and_a_reuse_on_postgresql(mail_world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    messages = [corpus_bytes(n) for n in (ORIGINAL, REDELIVERED, REREAD, ORIGINAL, OTHER_SENDER)]
    barrier = threading.Barrier(len(messages))
    outcomes, errors, lock = [], [], threading.Lock()

    def worker(raw):
        try:
            barrier.wait(timeout=30)
            result = ingest(raw)
            with lock:
                outcomes.append(result.outcome)
        except Exception as exc:  # reported by the assertion below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(raw,)) for raw in messages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(outcomes) == ["duplicate"] * 3 + ["ticket_created"] * 2
    assert InboundMessage.objects.filter(message_key=REUSED_ID).count() == 2
    assert Ticket.objects.count() == 5
