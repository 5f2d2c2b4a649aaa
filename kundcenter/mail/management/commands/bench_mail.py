"""Inbound mail throughput: `manage.py bench_mail`.

Prints messages ingested per second
- through `ingest()` in one process (what the pipe command and the poller both call),
- through the MTA pipe as it really runs: one `manage.py ingest_mail` process per message,
- through IMAP: messages appended to a Dovecot mailbox, then one `poll()` that fetches,
  ingests and flags each. Without `--imap-from-settings` a throwaway Dovecot is started
  with the test suite's helper (tests/mail_inbound/dovecot.py; needs dovecot-imapd).

The mix is realistic: new tickets with an attachment, replies onto them by ticket tag,
auto-replies and mail from unknown senders. Everything lands on a bench customer.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import uuid
from email.message import EmailMessage

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from kundcenter.accounts.models import (
    Industry,
    Licence,
    Membership,
    Module,
    Organization,
    TrainingRecord,
    User,
)
from kundcenter.lib.bench import Stopwatch, format_table
from kundcenter.lib.orgnr import with_check_digit
from kundcenter.mail.imap import ImapConfig, poll
from kundcenter.mail.ingest import ingest

BENCH_SENDER = "bench.superuser@bench-mail.example"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048
QUIET_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def bench_sender() -> User:
    """A SuperUser of a bench customer in good standing, trained on every module."""
    org = Organization.objects.filter(name="Bench Mail AB").first()
    if org is None:
        number = 9_100_000
        while Organization.objects.filter(org_number__startswith=f"55{number:07d}"[:6]).exists():
            number += 1
        org = Organization.objects.create(
            name="Bench Mail AB",
            org_number=with_check_digit(f"55{number:07d}"),
            industry=Industry.objects.order_by("pk").first(),
        )
        licence = Licence.objects.create(organization=org, number=f"BENCH-MAIL-{org.pk}")
        licence.modules.set(Module.objects.all())
    user = User.objects.filter(email=BENCH_SENDER).first()
    if user is None:
        user = User.objects.create_user(BENCH_SENDER, None, full_name="Bench SuperUser")
        Membership.objects.create(
            user=user, organization=org, role=Membership.Role.SUPERUSER,
            licence=org.licences.first(),
        )  # fmt: skip
        for module in Module.objects.all():
            TrainingRecord.objects.create(
                user=user, module=module, training="bench",
                completed_on=datetime.date(2025, 1, 1),
            )  # fmt: skip
    return user


def make_messages(count: int, run: str, number: str = "") -> list[bytes]:
    """`count` messages: 40 % new tickets, 30 % replies, 15 % auto-replies, 15 % unknown."""
    messages = []
    for index in range(count):
        msg = EmailMessage()
        msg["Message-ID"] = f"<bench-{run}-{index}@bench-mail.example>"
        msg["To"] = settings.SUPPORT_ADDRESS
        msg["Date"] = "Mon, 12 Jan 2026 10:00:00 +0100"
        kind = index % 20
        if kind < 8:
            msg["From"] = f"Bench SuperUser <{BENCH_SENDER}>"
            msg["Subject"] = f"Fråga {index} om momsrapporten i Ekonomi"
            msg.set_content("Hej!\n\nMomsrapporten visar fel belopp.\n\nMvh Bench\n")
            msg.add_attachment(PNG, maintype="image", subtype="png", filename="skärmbild.png")
        elif kind < 14:
            msg["From"] = f"Bench SuperUser <{BENCH_SENDER}>"
            msg["Subject"] = f"SV: [Ärende {number}] Fråga {index}"
            msg.set_content(
                "Tack, nu fungerar det.\n\nDen 12 jan. 2026 skrev Support <s@x.example>:\n> Hej\n"
            )
        elif kind < 17:
            msg["From"] = f"Bench SuperUser <{BENCH_SENDER}>"
            msg["Subject"] = "Automatiskt svar: Ditt ärende"
            msg["Auto-Submitted"] = "auto-replied"
            msg.set_content("Jag är på semester.\n")
        else:
            msg["From"] = f"Okänd <okand{index}@elsewhere.example>"
            msg["Subject"] = "Hej"
            msg.set_content("Kan ni hjälpa mig?\n")
        messages.append(bytes(msg))
    return messages


class Command(BaseCommand):
    """Print inbound-mail throughput: in-process ingest, the MTA pipe and IMAP."""

    help = "Measure messages ingested per second (ingest(), the pipe command, IMAP)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=200, help="messages per path")
        parser.add_argument("--pipe-count", type=int, default=20, help="ingest_mail processes")
        parser.add_argument("--no-imap", action="store_true", help="skip the IMAP run")
        parser.add_argument(
            "--imap-from-settings",
            action="store_true",
            help="use the IMAP_* settings' mailbox (it receives the bench mail) "
            "instead of starting a throwaway Dovecot",
        )

    def handle(self, *args, count, pipe_count, no_imap, imap_from_settings, **options):
        rows = []
        with override_settings(EMAIL_BACKEND=QUIET_MAIL):
            bench_sender()
            # A ticket for the replies to land on.
            seed = ingest(make_messages(1, uuid.uuid4().hex)[0])
            number = seed.ticket.number if seed.ticket else "2026-000001"
            rows.append(self._in_process(count, number))
            if pipe_count:
                rows.append(self._pipe(pipe_count, number))
            if not no_imap:
                rows.append(self._imap(count, number, imap_from_settings))
        self.stdout.write(
            format_table(["path", "messages", "seconds", "messages/s"], [r for r in rows if r])
        )

    def _in_process(self, count, number):
        messages = make_messages(count, uuid.uuid4().hex, number)
        watch = Stopwatch()
        for raw in messages:
            ingest(raw)
        seconds = watch.stop()
        return ["ingest() in one process", count, f"{seconds:.2f}", f"{count / seconds:.1f}"]

    def _pipe(self, count, number):
        messages = make_messages(count, uuid.uuid4().hex, number)
        env = {**os.environ, "EMAIL_BACKEND": QUIET_MAIL}
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py"), "ingest_mail"]
        watch = Stopwatch()
        for raw in messages:
            subprocess.run(manage, input=raw, env=env, check=True, capture_output=True)
        seconds = watch.stop()
        return ["manage.py ingest_mail (a process each)", count, f"{seconds:.2f}",
                f"{count / seconds:.1f}"]  # fmt: skip

    def _imap(self, count, number, from_settings):
        messages = make_messages(count, uuid.uuid4().hex, number)
        if from_settings:
            return self._imap_run(ImapConfig.from_settings(), None, messages)
        try:
            sys.path.insert(0, str(settings.BASE_DIR))
            from tests.mail_inbound.dovecot import PASSWORD, USER, Dovecot
        except ImportError:
            self.stderr.write("IMAP skipped: tests/mail_inbound/dovecot.py is not here.")
            return None
        try:
            server = Dovecot(tls=False)
        except RuntimeError as exc:
            self.stderr.write(f"IMAP skipped: {exc}")
            return None
        with server:
            config = ImapConfig(
                host="127.0.0.1", port=server.port, user=USER, password=PASSWORD,
                security="none",
            )  # fmt: skip
            return self._imap_run(config, server, messages)

    def _imap_run(self, config, server, messages):
        if server is not None:
            server.append(*messages)
        else:
            import imaplib

            from kundcenter.mail.imap import connect

            conn: imaplib.IMAP4 = connect(config)
            for raw in messages:
                conn.append(config.folder, None, None, raw)
            conn.logout()
        watch = Stopwatch()
        result = poll(config)
        seconds = watch.stop()
        return ["IMAP poll (fetch, ingest, flag)", result.done, f"{seconds:.2f}",
                f"{result.done / seconds:.1f}"]  # fmt: skip
