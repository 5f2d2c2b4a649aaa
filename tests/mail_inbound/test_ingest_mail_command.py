"""`manage.py ingest_mail` reads one message from standard input, as an MTA pipe does."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from kundcenter.mail.management.commands.ingest_mail import Command
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

    monkeypatch.setattr("kundcenter.mail.ingest.ingest", broken)
    with pytest.raises(SystemExit) as exit_info:
        run(monkeypatch, corpus_bytes("01_outlook_new_ticket_sv.eml"))
    assert exit_info.value.code == 75  # EX_TEMPFAIL: Postfix keeps the mail and retries


def test_it_runs_no_system_checks_and_no_migration_check():
    """Half of a start-up went into the checks, once per received message."""
    assert Command.requires_system_checks == []
    assert Command.requires_migrations_checks is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_runs_as_a_process_of_its_own(tmp_path):
    """As the MTA runs it: `manage.py ingest_mail` in a fresh process, on a real database
    (a file here, since the suite's in-memory SQLite cannot be shared)."""
    if connection.vendor == "sqlite":
        database_url = f"sqlite:///{tmp_path / 'pipe.sqlite3'}"
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=_env(database_url, tmp_path),
            check=True,
            timeout=300,
        )
    else:
        database_url = _url_of(connection.settings_dict)
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest_mail"],
        cwd=settings.BASE_DIR,
        input=corpus_bytes("32_unknown_sender.eml"),
        env=_env(database_url, tmp_path),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == "refused"
    empty = subprocess.run(
        [sys.executable, "manage.py", "ingest_mail"],
        cwd=settings.BASE_DIR,
        input=b"",
        env=_env(database_url, tmp_path),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert empty.returncode == 65


def _env(database_url: str, tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    return {
        **env,
        "DATABASE_URL": database_url,
        "KUNDCENTER_VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }


def _url_of(db: dict) -> str:
    """The URL of the test database the suite runs on (PostgreSQL)."""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"
