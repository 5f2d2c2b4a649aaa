"""contrib/kundcenter-mailgate, the MTA's client, run for real against a live server.

Each test pipes a message into the script in a subprocess, as Postfix's pipe does, and
reads its exit status the way Postfix would (sysexits.h): 0 delivered, 75 try again
later, 65 and 77 bounce.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError

from kundcenter.mail.models import InboundMessage
from kundcenter.tickets.models import Ticket
from tests.mail_inbound.conftest import corpus_bytes

CLIENT = Path(settings.BASE_DIR) / "contrib" / "kundcenter-mailgate"
TOKEN = "client-test-token-0123456789abcdef"
NEW_TICKET = "01_outlook_new_ticket_sv.eml"
EX_OK, EX_DATAERR, EX_TEMPFAIL, EX_NOPERM = 0, 65, 75, 77

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def token_file(tmp_path):
    path = tmp_path / "mailgate-token"
    path.write_text(TOKEN + "\n")
    return path


@pytest.fixture
def gate_url(live_server, settings):
    settings.MAIL_GATE_TOKEN = TOKEN
    return f"{live_server.url}/epost/grind/"


def mailgate(raw: bytes, *args: str, token_file=None, url=None, timeout=None):
    """Run the client as the MTA would: a fresh process, the message on standard input."""
    argv = [sys.executable, "-I", "-S", str(CLIENT)]
    if url:
        argv += ["--url", url]
    if token_file:
        argv += ["--token-file", str(token_file)]
    if timeout:
        argv += ["--timeout", str(timeout)]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(
        [*argv, *args], input=raw, env=env, capture_output=True, timeout=60, check=False
    )


def test_a_piped_message_becomes_a_ticket(mail_world, gate_url, token_file):
    done = mailgate(corpus_bytes(NEW_TICKET), url=gate_url, token_file=token_file)
    assert done.returncode == EX_OK, done.stderr
    assert json.loads(done.stdout) == {"outcome": "ticket_created", "ticket": "2026-000004"}
    assert done.stderr == b""
    record = InboundMessage.objects.get()
    assert record.source == "gate"
    assert record.ticket.number == "2026-000004"


def test_a_second_delivery_is_a_success_that_changes_nothing(mail_world, gate_url, token_file):
    mailgate(corpus_bytes(NEW_TICKET), url=gate_url, token_file=token_file)
    again = mailgate(corpus_bytes(NEW_TICKET), url=gate_url, token_file=token_file)
    assert again.returncode == EX_OK
    assert json.loads(again.stdout) == {"outcome": "duplicate", "ticket": None}
    assert Ticket.objects.count() == 4


def test_replies_and_refusals_pass_too(mail_world, gate_url, token_file):
    reply_raw = corpus_bytes("12_reply_gmail_sv_quoted.eml")
    reply = mailgate(reply_raw, url=gate_url, token_file=token_file)
    refused = mailgate(corpus_bytes("32_unknown_sender.eml"), url=gate_url, token_file=token_file)
    assert (reply.returncode, json.loads(reply.stdout)["ticket"]) == (EX_OK, "2026-000001")
    assert (refused.returncode, json.loads(refused.stdout)["outcome"]) == (EX_OK, "refused")


def test_the_token_may_come_from_the_environment(mail_world, gate_url):
    env = {"PATH": os.environ.get("PATH", ""), "MAIL_GATE_TOKEN": TOKEN, "MAIL_GATE_URL": gate_url}
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(CLIENT)],
        input=corpus_bytes(NEW_TICKET),
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == EX_OK, done.stderr


def test_a_wrong_token_bounces_with_ex_noperm(mail_world, gate_url, tmp_path):
    wrong = tmp_path / "wrong-token"
    wrong.write_text("not-the-token")
    done = mailgate(corpus_bytes(NEW_TICKET), url=gate_url, token_file=wrong)
    assert done.returncode == EX_NOPERM
    assert b"401" in done.stderr and b"token" in done.stderr
    assert len(done.stderr.decode().strip().splitlines()) == 1
    assert InboundMessage.objects.count() == 0


def test_a_gate_switched_off_keeps_the_mail_queued(mail_world, gate_url, token_file, settings):
    settings.MAIL_GATE_TOKEN = ""
    done = mailgate(corpus_bytes(NEW_TICKET), url=gate_url, token_file=token_file)
    assert done.returncode == EX_TEMPFAIL
    assert b"404" in done.stderr
    assert InboundMessage.objects.count() == 0


def test_a_database_outage_is_503_and_ex_tempfail(mail_world, gate_url, token_file, monkeypatch):
    def database_down(raw, *, source, now=None):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr("kundcenter.mail.gate.ingest", database_down)
    done = mailgate(corpus_bytes(NEW_TICKET), url=gate_url, token_file=token_file)
    assert done.returncode == EX_TEMPFAIL
    assert b"503" in done.stderr and b"database" in done.stderr
    monkeypatch.undo()
    assert mailgate(corpus_bytes(NEW_TICKET), url=gate_url, token_file=token_file).returncode == 0


def test_a_message_too_large_for_the_gate_bounces(mail_world, gate_url, token_file, settings):
    settings.MAIL_GATE_MAX_BYTES = 64 * 1024
    raw = corpus_bytes(NEW_TICKET) + b"x" * (2 * 1024 * 1024)  # well past the socket buffers
    done = mailgate(raw, url=gate_url, token_file=token_file)
    assert done.returncode == EX_DATAERR, done.stderr
    assert b"413" in done.stderr
    assert InboundMessage.objects.count() == 0


def test_empty_input_bounces_without_asking_the_gate(token_file):
    done = mailgate(b"", url="http://127.0.0.1:9/epost/grind/", token_file=token_file)
    assert done.returncode == EX_DATAERR
    assert b"no message" in done.stderr


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_server_listening_keeps_the_mail_queued(token_file):
    url = f"http://127.0.0.1:{_closed_port()}/epost/grind/"
    done = mailgate(corpus_bytes(NEW_TICKET), url=url, token_file=token_file)
    assert done.returncode == EX_TEMPFAIL
    assert b"cannot reach" in done.stderr


def test_a_server_that_never_answers_times_out_and_keeps_the_mail_queued(token_file):
    with socket.socket() as silent:  # the kernel accepts the connection; nobody reads it
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/epost/grind/"
        done = mailgate(corpus_bytes(NEW_TICKET), url=url, token_file=token_file, timeout=0.5)
    assert done.returncode == EX_TEMPFAIL
    assert b"no answer" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--token-file", "/nonexistent/token"],
        ["--bogus"],
        ["--timeout", "soon"],
    ],
)
def test_its_own_misconfiguration_keeps_the_mail_queued(args):
    done = mailgate(corpus_bytes(NEW_TICKET), "--url", "http://127.0.0.1:9/", *args)
    assert done.returncode == EX_TEMPFAIL
    assert done.stderr.startswith(b"kundcenter-mailgate: ")


def test_https_that_does_not_answer_keeps_the_mail_queued(token_file):
    with socket.socket() as silent:  # accepts the connection, never shakes hands
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"https://127.0.0.1:{silent.getsockname()[1]}/epost/grind/"
        done = mailgate(corpus_bytes(NEW_TICKET), url=url, token_file=token_file, timeout=0.5)
    assert done.returncode == EX_TEMPFAIL
    assert b"within 0.5 s" in done.stderr


def test_the_client_imports_no_django_and_nothing_it_can_do_without():
    probe = (
        "import runpy, sys; runpy.run_path(sys.argv[1], run_name='probe'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('django', 'kundcenter', 'http', 'urllib', 'argparse', 'ssl', 'socket', 'json')))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", probe, str(CLIENT)],
        capture_output=True,
        timeout=30,
        check=True,
    )
    assert done.stdout.decode().strip() == "[]"
    assert os.access(CLIENT, os.X_OK)
