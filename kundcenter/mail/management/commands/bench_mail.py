"""Inbound mail throughput: `manage.py bench_mail`.

Prints messages ingested per second
- through `ingest()` in one process (what every way in calls): first with the
  notifications a message causes queued for a worker (as with REDIS_URL in production;
  here the queue is in memory and nothing sends them), so the figure is ingestion itself;
  then as the embedded default runs, with every notification rendered and "sent" in the
  same process right after each commit;
- through the HTTP mail gate as the MTA drives it: one `contrib/kundcenter-mailgate`
  process per message (`--gate-concurrency` at once, as Postfix runs several
  deliveries), posting to a server this command starts for the run on a free loopback
  port: gunicorn when installed, else `manage.py runserver --noreload --nothreading`
  (one thread, like a gunicorn sync worker), with DATABASE_CONN_MAX_AGE=60 and its
  notifications sent in the server process (the embedded default);
- through the old MTA pipe: one `manage.py ingest_mail` process per message;
- through IMAP: messages appended to a Dovecot mailbox, then one `poll()` that fetches,
  ingests and flags each. Without `--imap-from-settings` a throwaway Dovecot is started
  with kundcenter/mail/dovecot.py, shared with the tests (needs dovecot-imapd).

The mix is realistic: new tickets with an attachment, replies onto them by ticket tag,
auto-replies and mail from unknown senders. Everything lands on a bench customer.

No real mail ever leaves, by any process: what ingesting records in the outbox is parked
(kundcenter.outbox.events.kept_local; OUTBOX_KEPT_LOCAL=1 for the processes it starts), so
no worker or periodic job ever delivers it, only the process that recorded it, with
Django's dummy mail backend; what is left is deleted at the end. The bench sender is a
demo person (never mailed), and tasks run in-process or go to an in-memory queue, never to
a broker a real worker reads (REDIS_URL is ignored).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
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
from kundcenter.lib.bench import Stopwatch, format_table, progress
from kundcenter.lib.orgnr import with_check_digit
from kundcenter.mail.imap import ImapConfig, poll
from kundcenter.mail.ingest import ingest
from kundcenter.outbox import events as outbox_events

BENCH_SENDER = "bench.superuser@bench-mail.example"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048
QUIET_MAIL = "django.core.mail.backends.dummy.EmailBackend"
MAILGATE = Path(settings.BASE_DIR) / "contrib" / "kundcenter-mailgate"
SERVER_START_SECONDS = 90
# Messages ingested before each timed run, so one-time loading is not counted.
WARM_UP = 5


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
    if user is not None and not user.is_demo:  # made before bench people were marked
        User.objects.filter(pk=user.pk).update(is_demo=True)
    if user is None:
        user = User.objects.create_user(
            BENCH_SENDER, None, full_name="Bench SuperUser", is_demo=True
        )
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


@contextlib.contextmanager
def bench_tasks(*, run_now: bool):
    """Celery for the bench, whatever REDIS_URL says: no task reaches a broker that a
    real worker reads (it would send real mail).

    run_now=True runs each task at once in this process, as the embedded default does;
    False queues it in memory, where nothing runs it: what ingesting costs when a worker
    does the sending (production with REDIS_URL).
    """
    from kundcenter.celery import app

    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = run_now
    app.conf.broker_url = "memory://bench-mail/"
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every process the bench starts: quiet mail, tasks in-process."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL")}
    return {**env, "EMAIL_BACKEND": QUIET_MAIL, "OUTBOX_KEPT_LOCAL": "1", **extra}


class StatementCounter:
    """Counts the SQL statements run (a database execute wrapper; cheaper than logging)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Command(BaseCommand):
    """Print inbound-mail throughput: in-process ingest, the mail gate, the pipe and IMAP."""

    help = "Measure messages ingested per second (ingest(), the mail gate, the pipe, IMAP)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=200, help="messages for ingest()")
        parser.add_argument(
            "--gate-count", type=int, default=200, help="kundcenter-mailgate processes (0: skip)"
        )
        parser.add_argument(
            "--gate-concurrency",
            type=int,
            default=1,
            help="client processes at once (Postfix runs several deliveries in parallel)",
        )
        parser.add_argument(
            "--pipe-count", type=int, default=20, help="ingest_mail processes (0: skip)"
        )
        parser.add_argument("--imap-count", type=int, default=200, help="messages over IMAP")
        parser.add_argument("--no-imap", action="store_true", help="skip the IMAP run")
        parser.add_argument(
            "--imap-from-settings",
            action="store_true",
            help="use the IMAP_* settings' mailbox (it receives the bench mail) "
            "instead of starting a throwaway Dovecot",
        )

    def handle(self, *args, **options):
        self.show_progress = options["verbosity"] >= 1
        load = self._load()
        rows = []
        with (
            override_settings(EMAIL_BACKEND=QUIET_MAIL),
            bench_tasks(run_now=False),
            outbox_events.kept_local(),
        ):
            bench_sender()
            # A ticket for the replies to land on.
            seed = ingest(make_messages(1, uuid.uuid4().hex)[0])
            number = seed.ticket.number if seed.ticket else "2026-000001"
            count = options["count"]
            rows.append(self._in_process(count, number, "queued for a worker"))
            with bench_tasks(run_now=True):
                rows.append(self._in_process(count, number, "sent in-process"))
            if options["gate_count"]:
                rows.append(self._gate(options["gate_count"], options["gate_concurrency"], number))
            if options["pipe_count"]:
                rows.append(self._pipe(options["pipe_count"], number))
            if not options["no_imap"]:
                rows.append(
                    self._imap(options["imap_count"], number, options["imap_from_settings"])
                )
        outbox_events.clear_parked()
        self.stdout.write(
            format_table(
                ["path", "messages", "seconds", "messages/s", "SQL/message"],
                [r for r in rows if r],
            )
        )
        self.stdout.write(
            f"\nDatabase: {connection.vendor}; load average before the run: {load}.\n"
            "Notifications queued: handed to a queue (in memory here) for a worker to send, "
            "as with REDIS_URL in production.\nNotifications sent: rendered and sent (to "
            "Django's dummy backend) in the process that ingested, as in the embedded "
            "default;\nthe gate's server and every ingest_mail process do that.\n"
            "SQL/message: statements run through the ORM's cursors (BEGIN/COMMIT aside)."
        )

    @staticmethod
    def _load() -> str:
        try:
            return " ".join(f"{x:.2f}" for x in os.getloadavg())
        except OSError:
            return "?"

    def _bar(self, total: int, desc: str):
        return progress(total, desc, enabled=self.show_progress, unit="msg")

    @staticmethod
    def _row(label, count, seconds, queries="") -> list:
        return [label, count, f"{seconds:.2f}", f"{count / seconds:.1f}", queries]

    def _in_process(self, count, number, notifications):
        for raw in make_messages(WARM_UP, uuid.uuid4().hex, number):
            ingest(raw)  # templates compiled, URLs loaded, broker connected: not measured
        messages = make_messages(count, uuid.uuid4().hex, number)
        statements = StatementCounter()
        bar = self._bar(count, f"ingest(), notifications {notifications}")
        with bar, connection.execute_wrapper(statements):
            watch = Stopwatch()
            for raw in messages:
                ingest(raw)
                bar.update(1)
            seconds = watch.stop()
        per_message = f"{statements.count / count:.1f}"
        label = f"ingest() in one process, notifications {notifications}"
        return self._row(label, count, seconds, per_message)

    # --- the HTTP mail gate -----------------------------------------------------------------

    def _gate(self, count, concurrency, number):
        messages = make_messages(count, uuid.uuid4().hex, number)
        token = secrets.token_urlsafe(32)
        with tempfile.TemporaryDirectory(prefix="bench-mail-") as folder:
            token_file = Path(folder) / "token"
            token_file.write_text(token)
            token_file.chmod(0o600)
            with self._server(token, Path(folder)) as (url, name):
                argv = [sys.executable, "-I", "-S", str(MAILGATE), "--url", url]
                argv += ["--token-file", str(token_file)]

                def deliver(raw):
                    done = subprocess.run(argv, input=raw, capture_output=True, check=False)
                    if done.returncode:
                        raise CommandError(
                            f"kundcenter-mailgate exited {done.returncode}: "
                            f"{done.stderr.decode().strip()}"
                        )

                for raw in make_messages(WARM_UP, uuid.uuid4().hex, number):
                    deliver(raw)  # the server's first requests load what it keeps: not measured

                with self._bar(count, f"kundcenter-mailgate → {name}") as bar:
                    watch = Stopwatch()
                    with ThreadPoolExecutor(max(1, concurrency)) as pool:
                        for _ in pool.map(deliver, messages):
                            bar.update(1)
                    seconds = watch.stop()
        at_once = f", {concurrency} at once" if concurrency > 1 else ""
        label = f"kundcenter-mailgate → {name} (a process each{at_once})"
        return self._row(label, count, seconds)

    @contextlib.contextmanager
    def _server(self, token: str, folder: Path):
        """The site on a free loopback port, as operators run it, for this run only."""
        port = free_port()
        address = f"127.0.0.1:{port}"
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        if gunicorn:
            argv = [gunicorn, "kundcenter.wsgi", "--bind", address, "--workers", "2"]
            name = "gunicorn"
        else:
            # One thread, like a gunicorn sync worker, so the database connection is
            # kept between requests (runserver's default thread per request opens a
            # new one each time).
            manage = str(settings.BASE_DIR / "manage.py")
            argv = [sys.executable, manage, "runserver", "--noreload", "--nothreading", address]
            name = "runserver"
        env = child_env(
            MAIL_GATE_TOKEN=token,
            # As README.md advises for a site that takes mail through the gate.
            DATABASE_CONN_MAX_AGE=os.environ.get("DATABASE_CONN_MAX_AGE") or "60",
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            DEBUG="0",
            # With DEBUG off the server refuses to generate a key of its own
            # (kundcenter.ops.secret_key): it gets this process's.
            SECRET_KEY=settings.SECRET_KEY,
        )
        log_path = folder / "server.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                argv, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_for(port, server, log_path)
            yield f"http://{address}/epost/grind/", name
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    @staticmethod
    def _wait_for(port: int, server: subprocess.Popen, log_path: Path) -> None:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"the server stopped at start-up:\n{log_path.read_text()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                return
            time.sleep(0.2)
        raise CommandError(f"the server did not start within {SERVER_START_SECONDS} s")

    # --- the old pipe -----------------------------------------------------------------------

    def _pipe(self, count, number):
        messages = make_messages(count, uuid.uuid4().hex, number)
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py"), "ingest_mail"]
        env = child_env()
        with self._bar(count, "manage.py ingest_mail") as bar:
            watch = Stopwatch()
            for raw in messages:
                subprocess.run(manage, input=raw, env=env, check=True, capture_output=True)
                bar.update(1)
            seconds = watch.stop()
        return self._row("manage.py ingest_mail (a process each)", count, seconds)

    # --- IMAP -------------------------------------------------------------------------------

    def _imap(self, count, number, from_settings):
        messages = make_messages(count, uuid.uuid4().hex, number)
        if from_settings:
            return self._imap_run(ImapConfig.from_settings(), None, messages)
        from kundcenter.mail.dovecot import PASSWORD, USER, Dovecot

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
        with self._bar(len(messages), "IMAP poll") as bar:
            watch = Stopwatch()
            result = poll(config, progress=lambda _line: bar.update(1))
            seconds = watch.stop()
        label = "IMAP poll (fetch, ingest, flag), notifications queued"
        return self._row(label, result.done, seconds)
