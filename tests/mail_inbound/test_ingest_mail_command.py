"""`manage.py ingest_mail` reads one message from standard input, as an MTA pipe does."""

import io

import pytest
from django.core.management import call_command

from kundcenter.mail.models import InboundMessage
from tests.mail_inbound.conftest import corpus_bytes


def run(monkeypatch, raw: bytes) -> str:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("ingest_mail", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_a_piped_message_becomes_a_ticket(mail_world, monkeypatch):
    output = run(monkeypatch, corpus_bytes("01_outlook_new_ticket_sv.eml"))
    assert output.startswith("ticket_created 20")
    assert InboundMessage.objects.get().source == "pipe"


def test_piping_the_same_message_again_does_nothing(mail_world, monkeypatch):
    run(monkeypatch, corpus_bytes("01_outlook_new_ticket_sv.eml"))
    assert run(monkeypatch, corpus_bytes("01_outlook_new_ticket_sv.eml")) == "duplicate"


def test_empty_input_is_a_data_error_the_mta_bounces(db, monkeypatch):
    with pytest.raises(SystemExit) as exit_info:
        run(monkeypatch, b"")
    assert exit_info.value.code == 65


def test_a_database_failure_asks_the_mta_to_retry_later(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr("kundcenter.mail.management.commands.ingest_mail.ingest", broken)
    with pytest.raises(SystemExit) as exit_info:
        run(monkeypatch, corpus_bytes("01_outlook_new_ticket_sv.eml"))
    assert exit_info.value.code == 75  # EX_TEMPFAIL: Postfix keeps the mail and retries
