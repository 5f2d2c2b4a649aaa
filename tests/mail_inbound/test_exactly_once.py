"""A message is acted on exactly once, however often and however concurrently it arrives."""

import threading

import pytest
from django.db import connection

from kundcenter.mail.ingest import ingest
from kundcenter.mail.models import InboundMessage
from kundcenter.tickets.models import Message, Ticket
from tests.mail_inbound.conftest import corpus_bytes

NEW_TICKET = "01_outlook_new_ticket_sv.eml"
REPLY = "12_reply_gmail_sv_quoted.eml"
NO_MESSAGE_ID = "31_missing_message_id.eml"


def test_the_same_message_twice_makes_one_ticket(mail_world):
    first = ingest(corpus_bytes(NEW_TICKET))
    second = ingest(corpus_bytes(NEW_TICKET))
    assert first.outcome == "ticket_created"
    assert second.outcome == "duplicate"
    assert second.ticket is None
    assert Ticket.objects.count() == 4
    assert InboundMessage.objects.count() == 1


def test_a_reply_delivered_twice_is_added_once(mail_world):
    assert ingest(corpus_bytes(REPLY)).outcome == "reply_added"
    assert ingest(corpus_bytes(REPLY)).outcome == "duplicate"
    assert Message.objects.filter(ticket__number="2026-000001").count() == 1


def test_without_a_message_id_the_bytes_decide(mail_world):
    raw = corpus_bytes(NO_MESSAGE_ID)
    first = ingest(raw)
    assert first.message_key.startswith("sha256:")
    assert ingest(raw).outcome == "duplicate"
    # Another message without an id (different bytes) is a message of its own.
    assert ingest(raw.replace(b"i m\xc3\xa5ndags", b"i tisdags")).outcome == "ticket_created"
    assert Ticket.objects.count() == 5


def test_the_unique_key_stops_a_second_ingest_that_missed_the_first(mail_world, monkeypatch):
    """Two ingests both past the "seen before?" check: the unique claim decides."""
    assert ingest(corpus_bytes(NEW_TICKET)).outcome == "ticket_created"

    real_filter = InboundMessage.objects.filter

    def filter_missing_the_first(*args, **kwargs):
        queryset = real_filter(*args, **kwargs)
        return queryset.none() if "message_key" in kwargs else queryset

    monkeypatch.setattr(InboundMessage.objects, "filter", filter_missing_the_first)
    assert ingest(corpus_bytes(NEW_TICKET)).outcome == "duplicate"
    assert Ticket.objects.count() == 4
    assert InboundMessage.objects.count() == 1


concurrent_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@concurrent_db
def test_concurrent_ingests_of_one_message_make_one_ticket_on_postgresql(mail_world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    raw = corpus_bytes(NEW_TICKET)
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    outcomes, errors, lock = [], [], threading.Lock()

    def worker():
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

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(outcomes) == ["duplicate"] * (threads_count - 1) + ["ticket_created"]
    assert Ticket.objects.count() == 4
    assert InboundMessage.objects.count() == 1
