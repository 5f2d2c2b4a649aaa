"""The real world for the fault tests: app processes, a private Redis, an SMTP sink that
can stall, the site's own database, and a browser that keeps cookies.

Every process runs in its own process group, so that killing it (kill -9 included) also
ends what it started (a Celery worker's embedded beat); its output goes to a log file
that a failing test prints.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from dataclasses import dataclass
from email import policy
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

from tests.mail_outbound.smtp_server import SmtpServer, free_port

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

# The personas every site database holds (MIGRATE_AND_SEED); their password is
# tests.factories.PASSWORD.
SUPERUSER = "anna.berg@byggmontage.se"
SPECIALIST = "sara.specialist@kundcenter.example"
# The team's shared address: each new ticket of the team is mailed there (Team.email).
TEAM_ADDRESS = "hantverk@kundcenter.example"

# Seconds to keep watching after the expected mail arrived, before counting it: two runs
# of a periodic job at OUTBOX_INTERVAL_SECONDS=1, so that a second copy would be seen.
SETTLE_SECONDS = 2.0

# The site's database, migrated, with the personas (in one process: start-up is slow).
MIGRATE_AND_SEED = f"""
from django.core.management import call_command

call_command("migrate", interactive=False, verbosity=0, skip_checks=True)

from kundcenter.accounts.models import Team, User
from tests import factories

org = factories.make_org("Bygg & Montage Norrland AB", industry="Bygg")
factories.make_superuser(org, {SUPERUSER!r}, "Anna Berg")
factories.make_user(
    {SPECIALIST!r},
    name="Sara Specialist",
    staff_role=User.StaffRole.SPECIALIST,
    team=Team.objects.get(slug="hantverk-transport-konsult"),
)
Team.objects.filter(slug="hantverk-transport-konsult").update(email={TEAM_ADDRESS!r})
"""


# --- processes ----------------------------------------------------------------------------


class Process:
    """One process in a process group of its own, with its output in a log file."""

    def __init__(self, name: str, args: list[str], env: dict, log_path: Path, stdin=None):
        self.name = name
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.popen = subprocess.Popen(
                args,
                cwd=REPO,
                env=env,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if stdin is not None:
            self.popen.stdin.write(stdin)
            self.popen.stdin.close()

    @property
    def pid(self) -> int:
        return self.popen.pid

    def running(self) -> bool:
        return self.popen.poll() is None

    def wait(self, timeout: float) -> int:
        return self.popen.wait(timeout=timeout)

    def signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def kill(self) -> None:
        """kill -9 the process and everything it started."""
        self.signal_group(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, grace: float = 10) -> None:
        """Ask the process to stop (SIGTERM), then kill what is left of its group."""
        if self.running():
            self.signal_group(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=grace)
        self.signal_group(signal.SIGKILL)  # children the process left behind
        if self.running():
            self.popen.wait(timeout=10)

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""


class Processes:
    """The processes one test (or module) starts; `stop_all` ends every one of them."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.started: list[Process] = []

    def start(self, name: str, args: list[str], env: dict, stdin: bytes | None = None):
        log_path = self.log_dir / f"{len(self.started):02d}-{name}.log"
        process = Process(name, args, env, log_path, stdin=stdin)
        self.started.append(process)
        return process

    def run(self, name, args, env, stdin: bytes | None = None, timeout: float = 60) -> Process:
        """Start a process and wait for it to end (killed if it takes over `timeout`)."""
        process = self.start(name, args, env, stdin=stdin)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError(f"{name} took over {timeout} s\n{self.logs()}") from None
        return process

    def manage(self, env, *args, stdin: bytes | None = None, timeout: float = 60) -> Process:
        """Run `manage.py args` and require it to succeed."""
        process = self.run(args[0], [PYTHON, "manage.py", *args], env, stdin, timeout)
        assert process.popen.returncode == 0, f"manage.py {args} failed\n{process.output()}"
        return process

    def script(self, name: str, env, code: str, *, check=True, stdin=None, timeout=60):
        """Run Python `code` after django.setup() in a process of its own."""
        process = self.run(name, script_args(code), env, stdin, timeout)
        if check:
            assert process.popen.returncode == 0, f"{name} failed\n{process.output()}"
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            process.stop()

    def logs(self, tail: int = 60) -> str:
        parts = []
        for process in self.started:
            lines = process.output().splitlines()[-tail:]
            parts.append(f"--- {process.name} (pid {process.pid}) ---\n" + "\n".join(lines))
        return "\n".join(parts)


def script_args(code: str) -> list[str]:
    """The command that runs Python `code` after django.setup()."""
    return [PYTHON, "-c", "import django\ndjango.setup()\n" + textwrap.dedent(code)]


def wait_until(condition, timeout: float, what: str, logs=lambda: "", interval: float = 0.1):
    """Wait for `condition()` to be true; fail with `what` and the processes' logs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"waited {timeout} s for {what}\n{logs()}")


def celery_worker_args(schedule_file: Path) -> list[str]:
    """A real worker with the periodic jobs' beat, one task at a time (--pool solo)."""
    return [
        PYTHON,
        "-m",
        "celery",
        "-A",
        "kundcenter",
        "worker",
        "-B",
        "--pool",
        "solo",
        "--schedule",
        str(schedule_file),
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "info",
    ]


# --- Redis --------------------------------------------------------------------------------


class RedisServer:
    """A private redis-server on a free loopback port, killed and started again at will."""

    def __init__(self, work_dir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.work_dir = work_dir
        self.process: Process | None = None
        self.runs = 0

    def start(self) -> None:
        import redis

        self.runs += 1
        args = [
            shutil.which("redis-server"),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.work_dir),
        ]
        log_path = self.work_dir / f"redis-{self.runs}.log"
        self.process = Process("redis-server", args, dict(os.environ), log_path)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)

        def answers():
            if not self.process.running():
                raise AssertionError(f"redis-server ended\n{self.process.output()}")
            try:
                return client.ping()
            except redis.exceptions.ConnectionError:
                return False

        try:
            wait_until(answers, 15, "redis-server to answer", self.process.output)
        finally:
            client.close()

    def kill(self) -> None:
        """Redis dies (kill -9): nothing it held survives, as with --save ''."""
        if self.process is not None:
            self.process.kill()
            self.process = None


# --- the SMTP sink ------------------------------------------------------------------------


class SinkInbox:
    """What the sink received; it can hold the next RCPT until released (a mail server that
    stalls mid-conversation) and take its time over DATA (to widen a race)."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.messages.clear()
        self.stall_next_rcpt = False
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.data_delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.stall_next_rcpt:
            self.stall_next_rcpt = False
            release = self.release  # this test's, even once the next test reset the inbox
            self.stalled.set()
            while not release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def start_sink() -> SmtpServer:
    server = SmtpServer()
    server.inbox = SinkInbox()
    server.start()
    return server


def notification(message) -> str:
    """Which notification a mail is (ticket mail), or '' (account mail)."""
    return str(message.get("X-Kundcenter-Notification", ""))


def body_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


# --- the site's own database --------------------------------------------------------------


@dataclass
class SiteDatabase:
    """A database the app processes share with the test, which reads it with plain SQL."""

    url: str

    @property
    def postgres(self) -> bool:
        return self.url.startswith(("postgres://", "postgresql://"))

    def rows(self, sql: str, params=()) -> list[tuple]:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as conn:
                return conn.execute(sql, params).fetchall()
        with contextlib.closing(sqlite3.connect(sqlite_path(self.url), timeout=20)) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()

    def scalar(self, sql: str, params=()):
        return self.rows(sql, params)[0][0]

    def outbox(self) -> list[tuple]:
        """What waits in the outbox: (topic, recipient, attempts), oldest first. The
        webhook channel's rows are left out: with no endpoint registered they send nothing
        (tests/webhooks covers them)."""
        return self.rows(
            "SELECT topic, recipient, attempts FROM outbox_outboxitem"
            " WHERE channel <> 'webhooks' ORDER BY created_at, id"
        )


def sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def copy_sqlite(source_url: str, target: Path) -> str:
    """A consistent copy of a SQLite database in WAL mode (the backup API reads the WAL)."""
    with (
        contextlib.closing(sqlite3.connect(sqlite_path(source_url))) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    return f"sqlite:///{target}"


class PostgresServer:
    """Creates and drops the databases of one test run, next to the run's own database."""

    def __init__(self, url: str):
        self.url = url

    def database_url(self, name: str) -> str:
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def _admin(self):
        import psycopg

        return psycopg.connect(self.database_url("postgres"), autocommit=True)

    def create(self, prefix: str, template: str = "") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with self._admin() as conn:
            if template:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            else:
                conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the environment of a deployed site ---------------------------------------------------

# Only these are taken from the test run's environment: the app's own variables (a
# developer's DATABASE_URL, REDIS_URL, IMAP_HOST…) must not leak into its processes.
_PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "USER")


def site_env(database_url: str, var_dir: Path, *, smtp_port: int = 25, **extra) -> dict:
    """The environment of a deployed site (not a test run), sending mail to `smtp_port` on
    the loopback; `extra` adds variables or, given None, removes them."""
    env = {key: os.environ[key] for key in _PASSED_THROUGH if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="kundcenter.settings",
        PYTHONUNBUFFERED="1",
        KUNDCENTER_TESTING="0",
        DEBUG="1",
        SECRET_KEY="faults-" + "k" * 50,
        KUNDCENTER_VAR_DIR=str(var_dir),
        MEDIA_ROOT=str(var_dir / "media"),
        DATABASE_URL=database_url,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_TIMEOUT="30",
        LOG_LEVEL="INFO",
    )
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


# --- a browser ----------------------------------------------------------------------------


@dataclass
class Page:
    status: int
    url: str
    location: str
    text: str
    seconds: float


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # every answer is seen as it is, redirects included


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """A cookie-keeping HTTP client that follows no redirect by itself."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), _NoRedirects())
        self.pages: list[Page] = []

    def _open(self, path: str, data: dict | None = None) -> Page:
        url = urljoin(self.base_url, path)
        body = urlencode(data).encode() if data is not None else None
        request = Request(url, data=body)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, headers, content = response.status, response.headers, response.read()
        except HTTPError as exc:
            status, headers, content = exc.code, exc.headers, exc.read()
        page = Page(
            status=status,
            url=url,
            location=headers.get("Location", ""),
            text=content.decode(errors="replace"),
            seconds=time.monotonic() - started,
        )
        self.pages.append(page)
        return page

    def get(self, path: str) -> Page:
        return self._open(path)

    def submit(self, path: str, fields: dict, form: Page | None = None) -> Page:
        """Fill in the form at `path` (fetched now unless given) and send it."""
        form = form or self.get(path)
        assert form.status == 200, (path, form.status, form.text[:2000])
        token = _CSRF.search(form.text)
        assert token, f"no CSRF token on {path}"
        return self._open(path, {"csrfmiddlewaretoken": token.group(1), **fields})

    def follow(self, page: Page) -> Page:
        """The page a redirect leads to."""
        assert page.status == 302, (page.url, page.status, page.text[:2000])
        return self.get(page.location)
