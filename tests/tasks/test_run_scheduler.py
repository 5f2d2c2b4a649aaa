"""`manage.py run_scheduler` runs the periodic jobs in-process, with progress output."""

import sys
import types
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kundcenter.outbox.models import OutboxItem

pytestmark = pytest.mark.django_db


def run_once():
    out, err = StringIO(), StringIO()
    call_command("run_scheduler", "--once", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_without_a_mailbox_only_the_sweep_runs(settings):
    settings.IMAP_HOST = ""
    out, err = run_once()
    assert "sla_sweep: every 60 s" in out
    assert "] sla_sweep: warned 0, handling late 0" in out
    assert "poll_imap" not in out and err == ""


def test_with_a_mailbox_the_poller_runs_too(settings, monkeypatch):
    settings.IMAP_HOST = "imap.example.se"
    polls = []
    poller = types.ModuleType("kundcenter.mail.imap")
    poller.poll_once = lambda: polls.append(1) or "seen 0, done 0"
    monkeypatch.setitem(sys.modules, "kundcenter.mail.imap", poller)

    out, err = run_once()

    assert polls == [1]
    assert "] poll_imap: seen 0, done 0" in out and err == ""


def test_a_failing_job_is_reported_and_the_others_still_run(settings, monkeypatch):
    settings.IMAP_HOST = "imap.example.se"
    poller = types.ModuleType("kundcenter.mail.imap")

    def broken():
        raise ConnectionRefusedError("imap down")

    poller.poll_once = broken
    monkeypatch.setitem(sys.modules, "kundcenter.mail.imap", poller)

    out, err = run_once()

    assert "poll_imap failed: ConnectionRefusedError('imap down')" in err
    assert "] sla_sweep: warned 0" in out


def test_the_scheduler_delivers_mail_waiting_in_the_outbox(settings, smtp):
    settings.IMAP_HOST = ""
    OutboxItem.objects.create(
        topic="email",
        channel="mail",
        recipient="kund@example.se",
        summary="Ärende",
        payload={
            "to": ["kund@example.se"],
            "subject": "Ärende",
            "body": "Text",
            "headers": {"Message-ID": "<sched-1@kundcenter.example>"},
        },
        next_attempt_at=timezone.now(),
    )

    out, err = run_once()

    assert "deliver_outbox: every 30 s" in out
    assert "] deliver_outbox: delivered 1, failed 0, given up 0" in out and err == ""
    [mail] = smtp.to("kund@example.se")
    assert mail["Message-ID"] == "<sched-1@kundcenter.example>"
