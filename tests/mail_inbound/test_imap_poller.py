"""The IMAP poller against a real Dovecot: it reads, ingests, and only then flags.

A Dovecot IMAP server (Debian's dovecot-imapd) is started by the tests on 127.0.0.1
with a throwaway maildir; messages are put in by APPEND, as a delivery would.
"""

import os
import ssl
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from kundcenter.mail import imap as imap_module
from kundcenter.mail import ingest as ingest_module
from kundcenter.mail.dovecot import PASSWORD, USER, Dovecot, dovecot_binary
from kundcenter.mail.imap import KEYWORD, ImapConfig, poll, poll_once
from kundcenter.mail.models import InboundMessage
from kundcenter.tickets.models import Ticket
from tests.mail_inbound.conftest import corpus_bytes

NEW_TICKETS = [
    "01_outlook_new_ticket_sv.eml",
    "02_gmail_new_ticket_base64.eml",
    "04_thunderbird_pdf_attachment.eml",
    "05_iso8859_1_with_windows_quotes.eml",
    "06_windows1252_quoted_printable.eml",
]


@pytest.fixture(scope="module")
def dovecot_server():
    if dovecot_binary() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("dovecot is not installed; .ci/run must install dovecot-imapd")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    server = Dovecot().start()
    yield server
    server.stop()


@pytest.fixture
def dovecot(dovecot_server):
    """One server for the module (starting one takes seconds), emptied for each test."""
    dovecot_server.empty()
    return dovecot_server


def config_for(server, **overrides):
    values = {
        "host": "127.0.0.1",
        "port": server.port,
        "user": USER,
        "password": PASSWORD,
        "security": "none",
    }
    return ImapConfig(**{**values, **overrides})


def flags(server, folder="INBOX"):
    return [f for _id, f in server.flags(folder)]


def done(flag_text: str) -> bool:
    return "\\Seen" in flag_text and KEYWORD in flag_text


def test_the_poller_makes_tickets_and_marks_each_message_done(dovecot, mail_world):
    dovecot.append(
        corpus_bytes("01_outlook_new_ticket_sv.eml"),
        corpus_bytes("12_reply_gmail_sv_quoted.eml"),
        corpus_bytes("32_unknown_sender.eml"),
        corpus_bytes("23_auto_reply_exchange_oof.eml"),
    )
    result = poll(config_for(dovecot))
    assert result.done == 4
    assert dict(result.outcomes) == {
        "ticket_created": 1,
        "reply_added": 1,
        "refused": 1,
        "ignored_loop": 1,
    }
    assert all(done(f) for f in flags(dovecot))
    assert set(InboundMessage.objects.values_list("source", flat=True)) == {"imap"}
    # Done is done: the next poll reads nothing.
    assert poll(config_for(dovecot)).seen == 0


def test_a_crash_mid_batch_loses_nothing_and_duplicates_nothing(dovecot, mail_world, monkeypatch):
    dovecot.append(*(corpus_bytes(name) for name in NEW_TICKETS))
    real_ingest = ingest_module.ingest
    calls = []

    def crashing_on_the_third(raw, **kwargs):
        calls.append(raw)
        if len(calls) == 3:
            raise RuntimeError("the worker died")
        return real_ingest(raw, **kwargs)

    monkeypatch.setattr(ingest_module, "ingest", crashing_on_the_third)
    with pytest.raises(RuntimeError):
        poll(config_for(dovecot))
    assert [done(f) for f in flags(dovecot)] == [True, True, False, False, False]
    assert InboundMessage.objects.count() == 2

    monkeypatch.setattr(ingest_module, "ingest", real_ingest)
    result = poll(config_for(dovecot))
    assert result.seen == 3 and dict(result.outcomes) == {"ticket_created": 3}
    assert all(done(f) for f in flags(dovecot))
    assert InboundMessage.objects.count() == 5
    assert Ticket.objects.count() == 3 + 5


def test_a_crash_between_commit_and_flag_rereads_as_a_duplicate(dovecot, mail_world, monkeypatch):
    dovecot.append(*(corpus_bytes(name) for name in NEW_TICKETS[:3]))
    real_ingest = ingest_module.ingest
    calls = []

    def dying_after_the_second_commit(raw, **kwargs):
        result = real_ingest(raw, **kwargs)
        calls.append(result)
        if len(calls) == 2:
            raise RuntimeError("killed before the flag was set")
        return result

    monkeypatch.setattr(ingest_module, "ingest", dying_after_the_second_commit)
    with pytest.raises(RuntimeError):
        poll(config_for(dovecot))
    assert [done(f) for f in flags(dovecot)] == [True, False, False]

    monkeypatch.setattr(ingest_module, "ingest", real_ingest)
    result = poll(config_for(dovecot))
    assert dict(result.outcomes) == {"duplicate": 1, "ticket_created": 1}
    assert all(done(f) for f in flags(dovecot))
    assert Ticket.objects.count() == 3 + 3


def test_processed_messages_can_be_moved_to_a_folder(dovecot, mail_world):
    dovecot.append(*(corpus_bytes(name) for name in NEW_TICKETS[:2]))
    result = poll(config_for(dovecot, processed_folder="Kundcenter-klart"))
    assert result.done == 2
    assert flags(dovecot) == []
    moved = flags(dovecot, "Kundcenter-klart")
    assert len(moved) == 2 and all(done(f) for f in moved)


def test_without_move_messages_are_copied_then_expunged(dovecot, mail_world, monkeypatch):
    real_connect = imap_module.connect

    def server_without_move(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.capabilities = tuple(c for c in conn.capabilities if c != "MOVE")
        return conn

    monkeypatch.setattr(imap_module, "connect", server_without_move)
    dovecot.append(*(corpus_bytes(name) for name in NEW_TICKETS[:2]))
    assert poll(config_for(dovecot, processed_folder="Klart")).done == 2
    assert flags(dovecot) == []
    assert len(flags(dovecot, "Klart")) == 2


def test_the_poll_imap_command_polls_once(dovecot, mail_world, settings, capsys):
    settings.IMAP_HOST, settings.IMAP_PORT = "127.0.0.1", dovecot.port
    settings.IMAP_USER, settings.IMAP_PASSWORD = USER, PASSWORD
    settings.IMAP_SECURITY, settings.IMAP_FOLDER = "none", "INBOX"
    dovecot.append(corpus_bytes(NEW_TICKETS[0]))
    call_command("poll_imap", "--once", verbosity=2)
    out = capsys.readouterr().out
    assert ": ticket_created\n" in out  # the progress line: UID and outcome
    assert "1 message(s) read, 1 marked done" in out


def test_the_periodic_job_polls_the_configured_mailbox(dovecot, mail_world, settings):
    settings.IMAP_HOST, settings.IMAP_PORT = "127.0.0.1", dovecot.port
    settings.IMAP_USER, settings.IMAP_PASSWORD = USER, PASSWORD
    settings.IMAP_SECURITY, settings.IMAP_FOLDER = "none", "INBOX"
    dovecot.append(corpus_bytes(NEW_TICKETS[0]), corpus_bytes("32_unknown_sender.eml"))
    assert str(poll_once()) == "2 message(s) read, 2 marked done: refused 1, ticket_created 1"


def test_a_wrong_password_stops_the_command_with_a_clear_error(dovecot, db, settings):
    settings.IMAP_HOST, settings.IMAP_PORT = "127.0.0.1", dovecot.port
    settings.IMAP_USER, settings.IMAP_PASSWORD = USER, "wrong"
    settings.IMAP_SECURITY = "none"
    with pytest.raises(CommandError, match="Polling 127.0.0.1 failed"):
        call_command("poll_imap", "--once")


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_connections(dovecot, mail_world, security):
    if dovecot.cert is None:
        pytest.skip("no openssl to make a test certificate")
    context = ssl.create_default_context(cafile=str(dovecot.cert))
    port = dovecot.port if security == "starttls" else dovecot.ssl_port
    dovecot.append(corpus_bytes(NEW_TICKETS[0]))
    result = poll(config_for(dovecot, security=security, port=port), ssl_context=context)
    assert dict(result.outcomes) == {"ticket_created": 1}


def test_an_untrusted_certificate_is_refused(dovecot, mail_world):
    if dovecot.cert is None:
        pytest.skip("no openssl to make a test certificate")
    with pytest.raises(ssl.SSLError):
        poll(config_for(dovecot, security="ssl", port=dovecot.ssl_port))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_pollers_at_once_create_nothing_twice_on_postgresql(dovecot, mail_world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    messages = [corpus_bytes(name) for name in NEW_TICKETS]
    messages += [
        m.replace(b"Message-ID: <", b"Message-ID: <copy-", 1).replace(
            b"Message-Id: <", b"Message-Id: <copy-", 1
        )
        for m in messages
    ]
    dovecot.append(*messages)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def poller():
        try:
            barrier.wait(timeout=30)
            results.append(poll(config_for(dovecot)))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=poller) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    outcomes = sum((r.outcomes for r in results), start=type(results[0].outcomes)())
    assert outcomes["ticket_created"] == 10
    assert InboundMessage.objects.count() == 10
    assert Ticket.objects.count() == 3 + 10
    assert all(done(f) for f in flags(dovecot))
