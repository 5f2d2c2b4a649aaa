"""The HTTP mail gate: POST /epost/grind/ takes a raw message from the MTA's client.

Through Django's test client; tests/mail_inbound/test_mailgate_client.py drives the real
client script against a live server.
"""

import io

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from kundcenter.lib.machine import MAIL_GATE_PATH, is_machine_path
from kundcenter.mail import gate
from kundcenter.mail.models import InboundMessage
from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.tickets.models import Ticket
from tests.mail_inbound.conftest import corpus_bytes
from tests.test_settings_env import fresh_settings

TOKEN = "gate-token-for-tests-0123456789abcdef"
NEW_TICKET = "01_outlook_new_ticket_sv.eml"


@pytest.fixture
def gate_on(settings):
    settings.MAIL_GATE_TOKEN = TOKEN
    return settings


def post(client, raw, *, token=TOKEN, content_type="message/rfc822"):
    headers = {"authorization": f"Bearer {token}"} if token is not None else {}
    return client.post(reverse("mail:gate"), raw, content_type=content_type, headers=headers)


def test_a_posted_message_becomes_a_ticket_and_the_answer_names_it(mail_world, gate_on, client):
    response = post(client, corpus_bytes(NEW_TICKET))
    assert response.status_code == 200
    assert response.json() == {"outcome": "ticket_created", "ticket": "2026-000004"}
    record = InboundMessage.objects.get()
    assert record.source == InboundMessage.Source.GATE == "gate"
    assert bytes(record.raw) == corpus_bytes(NEW_TICKET)
    assert record.ticket.number == "2026-000004"


def test_the_same_message_again_is_a_duplicate_and_still_200(mail_world, gate_on, client):
    post(client, corpus_bytes(NEW_TICKET))
    response = post(client, corpus_bytes(NEW_TICKET))
    assert response.status_code == 200
    assert response.json() == {"outcome": "duplicate", "ticket": None}
    assert InboundMessage.objects.count() == 1
    assert Ticket.objects.count() == 4


def test_a_refused_message_is_stored_and_answered_200(mail_world, gate_on, client):
    response = post(client, corpus_bytes("32_unknown_sender.eml"))
    assert response.status_code == 200
    assert response.json() == {"outcome": "refused", "ticket": None}
    assert InboundMessage.objects.get().outcome == "refused"


@pytest.mark.parametrize("token", ["not-the-token", "", None])
def test_a_wrong_or_missing_token_is_401_and_nothing_is_stored(mail_world, gate_on, client, token):
    response = post(client, corpus_bytes(NEW_TICKET), token=token)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert InboundMessage.objects.count() == 0


def test_the_token_must_come_as_a_bearer_token(gate_on):
    assert gate.token_matches(f"Bearer {TOKEN}")
    assert gate.token_matches(f"bearer {TOKEN}")
    assert not gate.token_matches(TOKEN)
    assert not gate.token_matches(f"Basic {TOKEN}")
    assert not gate.token_matches(f"Bearer {TOKEN}x")
    assert not gate.token_matches("Bearer ")


def test_without_a_token_setting_the_gate_does_not_exist(mail_world, settings, client):
    settings.MAIL_GATE_TOKEN = ""
    assert not gate.token_matches("Bearer ")
    assert post(client, corpus_bytes(NEW_TICKET), token="").status_code == 404
    assert client.get(reverse("mail:gate")).status_code == 404
    assert InboundMessage.objects.count() == 0


def test_the_token_can_come_from_a_file(monkeypatch, tmp_path):
    token_file = tmp_path / "mailgate-token"
    token_file.write_text("from-a-file\n")
    module = fresh_settings(monkeypatch, tmp_path, MAIL_GATE_TOKEN_FILE=str(token_file))
    assert module.MAIL_GATE_TOKEN == "from-a-file"
    assert module.MAIL_GATE_MAX_BYTES == 35 * 1024 * 1024
    monkeypatch.delenv("MAIL_GATE_TOKEN_FILE")
    assert fresh_settings(monkeypatch, tmp_path).MAIL_GATE_TOKEN == ""


def test_an_empty_body_is_400(db, gate_on, client):
    assert post(client, b"").status_code == 400
    assert post(client, b"\r\n  \r\n").status_code == 400
    assert InboundMessage.objects.count() == 0


def test_a_message_above_the_gate_limit_is_413(mail_world, gate_on, client):
    gate_on.MAIL_GATE_MAX_BYTES = 1000
    response = post(client, corpus_bytes(NEW_TICKET))
    assert response.status_code == 413
    assert "1000" in response.json()["detail"]
    assert InboundMessage.objects.count() == 0


def test_a_message_above_djangos_form_limit_is_read_as_a_stream(mail_world, gate_on, client):
    gate_on.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # Django's limit for request.body
    raw = corpus_bytes(NEW_TICKET)
    assert len(raw) > 1000
    assert post(client, raw).status_code == 200


def test_read_message_stops_at_the_limit_without_a_declared_length():
    with pytest.raises(gate.MessageTooLarge):
        gate.read_message(io.BytesIO(b"x" * 5000), None, limit=4096)
    assert gate.read_message(io.BytesIO(b"x" * 4096), None, limit=4096) == b"x" * 4096


def test_a_refused_body_is_read_to_its_end_so_the_client_gets_the_answer():
    body = io.BytesIO(b"x" * 10_000)
    with pytest.raises(gate.MessageTooLarge):
        gate.read_message(body, 10_000, limit=4096)
    assert body.read() == b""  # drained: a client still sending sees the 413, not a reset


def test_only_a_raw_message_is_taken(mail_world, gate_on, client):
    assert post(client, corpus_bytes(NEW_TICKET), content_type="text/plain").status_code == 415
    octets = post(client, corpus_bytes(NEW_TICKET), content_type="application/octet-stream")
    assert octets.status_code == 200


def test_only_post_is_answered(gate_on, client):
    response = client.get(reverse("mail:gate"), headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_a_database_outage_is_503_with_retry_after(db, gate_on, client, monkeypatch):
    def database_down(raw, *, source, now=None):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr("kundcenter.mail.gate.ingest", database_down)
    response = post(client, corpus_bytes(NEW_TICKET))
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0


def test_the_gate_needs_no_csrf_token_session_or_second_factor(mail_world, gate_on):
    client = Client(enforce_csrf_checks=True)
    assert post(client, corpus_bytes(NEW_TICKET)).status_code == 200
    assert "sessionid" not in client.cookies


def test_the_gate_url_is_a_machine_path_and_writes_no_processing_log(mail_world, gate_on, client):
    assert reverse("mail:gate") == MAIL_GATE_PATH
    assert is_machine_path(reverse("mail:gate"))
    post(client, corpus_bytes(NEW_TICKET))
    post(client, corpus_bytes("12_reply_gmail_sv_quoted.eml"))
    assert ProcessingLogEntry.objects.count() == 0


def test_staff_logged_in_on_the_same_client_is_not_logged_either(
    mail_world, gate_on, client, specialist_hantverk
):
    """A browser session on the gate's URL changes nothing: the token decides, and the
    ingestion it triggers is not staff processing."""
    client.force_login(specialist_hantverk)
    assert post(client, corpus_bytes(NEW_TICKET)).status_code == 200
    assert ProcessingLogEntry.objects.count() == 0
