"""The production smoke test (issue 18): the README's Operations steps, then the documented
units' commands, then 50 people at once for 60 s, with one web host and one worker killed
half-way.

Set up as an operator would (README, Installing and Operations): a fresh PostgreSQL
database, `migrate`, `collectstatic`, `compilemessages`, `check --deploy` with a production
environment (DEBUG off, one SECRET_KEY, the site's own SITE_URL and VENDOR_*, TLS at the
proxy), the first administrator with `createsuperuser`. Then, with the commands of
contrib/kundcenter-{web,worker,beat}.service (their ExecStart lines, read from the files,
with /opt/kundcenter replaced by this checkout): two gunicorn instances on two ports, two
Celery workers and one beat, media in an S3-compatible bucket (moto's server), mail to a
real SMTP sink, Redis of its own.

The load (tests/production/loader.py): 50 people arrive over 15 s and log in, 35
customers (SuperUsers) with their password and 15 specialists with password and their
authenticator app's code; then for 60 s the customers register tickets (every other one
with an attachment, which goes to the bucket) and reply, and the specialists work their
queue (open it, open a ticket, answer the customer), each waiting 3-8 s between requests.
After 25 s the first web instance is stopped (SIGTERM, as `systemctl stop`: it finishes
the requests it holds and accepts no more) and the first worker is killed (SIGKILL: its
claimed outbox rows come back after OUTBOX_LEASE_SECONDS). The loader moves everyone on
the stopped instance to the other one, as a load balancer does.

Asserted: no error (every answer is the one a person expects), no request reaches the
stopped instance after the stop, every ticket, reply and attachment is in the database
(and the bucket) once, the outbox empties, and every mail the actions cause arrives once
(one per ticket to its reporter and its team, one per specialist's answer to the reporter,
one per team member for a customer's reply); a Message-ID arrives twice only for a mail
the killed worker had handed to the SMTP server just before it died. The figures
(requests, median, p95) are printed; README, Operations, quotes them.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from email import message_from_bytes
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.faults.helpers import (
    PYTHON,
    REPO,
    PostgresServer,
    Processes,
    RedisServer,
    SiteDatabase,
    notification,
    site_env,
    start_sink,
    wait_until,
)
from tests.mail_outbound.smtp_server import free_port
from tests.production.loader import Person, Stats, log_in_all, run_people

pytestmark = pytest.mark.production

HOST = "kundcenter.test"
PASSWORD = "Rok-test-losenord-2026!"
CUSTOMERS = 35
SPECIALISTS = 15
SECONDS = 60
KILL_AFTER = 25
LEASE_SECONDS = 20  # 4 x EMAIL_TIMEOUT, as settings.py's default keeps it
BUCKET = "kundcenter-media"
VENV_BIN = Path(sys.executable).parent
ADMIN = "admin@kundcenter.test"

SEED = """
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.accounts.models import Industry, Team, User
from tests import factories

customers, specialists, orgs = {customers!r}, {specialists!r}, {orgs!r}
# Made with a fast hasher, then all given one real hash of the password (fast start-up).
with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
    made = [factories.make_org(f"Röktestkund {{i}} AB", industry="Bygg") for i in range(orgs)]
    for i, email in enumerate(customers):
        factories.make_superuser(made[i % orgs], email, f"Kund {{i}}")
    team = Industry.objects.get(name="Bygg").team
    for email, key in specialists:
        user = factories.make_user(
            email, name=email.split("@")[0], staff_role="specialist", team=team
        )
        TOTPDevice.objects.create(user=user, name="telefon", confirmed=True, key=key)
User.objects.filter(email__in=customers + [e for e, _ in specialists]).update(
    password=make_password({password!r})
)
for team in Team.objects.all():
    team.email = f"team-{{team.slug}}@{host}"
    team.save(update_fields=["email"])
"""


def unit_command(unit: str, **replace: str) -> list[str]:
    """The ExecStart of contrib/`unit`, with /opt/kundcenter made this checkout."""
    text = (REPO / "contrib" / unit).read_text()
    [line] = [line for line in text.splitlines() if line.startswith("ExecStart=")]
    args = []
    for arg in shlex.split(line.removeprefix("ExecStart=")):
        arg = arg.replace("/opt/kundcenter/.venv/bin/", f"{VENV_BIN}/")
        arg = arg.replace("/opt/kundcenter/", f"{REPO}/")
        args.append(replace.get(arg, arg))
    return args


def totp_code(key_hex: str) -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(key_hex)):06d}"


@pytest.fixture(scope="module")
def postgres():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip(
            "the production smoke test runs on PostgreSQL and Redis (make test-postgres); "
            "this run is on SQLite"
        )
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed; CI must install it (apt redis-server)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    return PostgresServer(url)


@pytest.fixture(scope="module")
def site(postgres, tmp_path_factory):
    """Redis, the bucket, the SMTP sink and a fresh database; yields what the test needs."""
    work = tmp_path_factory.mktemp("production")
    redis = RedisServer(work)
    redis.start()
    s3_port = free_port()
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    s3.start()
    sink = start_sink()
    # When each Message-ID arrived (a duplicate's two copies are compared with the kill).
    sink.arrivals = defaultdict(list)
    received = sink.inbox.handle_DATA

    async def handle_data(server, session, envelope):
        answer = await received(server, session, envelope)
        message_id = message_from_bytes(envelope.original_content)["Message-ID"]
        sink.arrivals[str(message_id)].append(time.monotonic())
        return answer

    sink.inbox.handle_DATA = handle_data
    # The run's own database name first (kc_something), so parallel runs never meet.
    prefix = postgres.url.rsplit("/", 1)[1].split("?")[0] + "_smoke"
    name = postgres.create(prefix)
    processes = Processes(work)
    try:
        s3_client = boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{s3_port}",
            aws_access_key_id="smoke",
            aws_secret_access_key="smoke",
            region_name="eu-north-1",
        )
        # moto keeps its buckets per process, not per server: another module in this
        # pytest worker may have made the same bucket already.
        with contextlib.suppress(s3_client.exceptions.BucketAlreadyOwnedByYou):
            s3_client.create_bucket(
                Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
            )
        env = site_env(
            postgres.database_url(name),
            work / "var",
            smtp_port=sink.port,
            DEBUG=None,  # production: DEBUG unset
            KUNDCENTER_TESTING=None,
            SECRET_KEY="smoke-" + "s" * 50,
            ALLOWED_HOSTS=HOST,
            SITE_URL=f"https://{HOST}",
            VENDOR_NAME="Röktest Software AB",
            VENDOR_SUPPORT_EMAIL=f"support@{HOST}",
            VENDOR_SUPPORT_PHONE="08-765 432 10",
            VENDOR_BILLING_EMAIL=f"ekonomi@{HOST}",
            DEFAULT_FROM_EMAIL=f"Kundcenter <support@{HOST}>",
            REDIS_URL=redis.url,
            MEDIA_STORAGE="s3",
            MEDIA_ROOT=None,
            S3_BUCKET=BUCKET,
            S3_ENDPOINT_URL=f"http://127.0.0.1:{s3_port}",
            S3_REGION="eu-north-1",
            S3_ACCESS_KEY_ID="smoke",
            S3_SECRET_ACCESS_KEY="smoke",
            # TLS ends at the proxy (contrib/nginx.conf), which names the client.
            SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
            CLIENT_IP_HEADER="HTTP_X_REAL_IP",
            EMAIL_TIMEOUT=5,
            # A killed worker's claimed rows come back after this (production: 5 min).
            OUTBOX_LEASE_SECONDS=LEASE_SECONDS,
            OUTBOX_INTERVAL_SECONDS=2,
            GUNICORN_WORKERS=3,
        )
        env.pop("MEDIA_ROOT", None)
        yield {
            "env": env,
            "db": SiteDatabase(postgres.database_url(name)),
            "sink": sink,
            "processes": processes,
            "work": work,
            "s3": f"http://127.0.0.1:{s3_port}",
            "redis": redis,
        }
    finally:
        processes.stop_all()
        sink.stop()
        s3.stop()
        redis.kill()
        postgres.drop(name)


def operations_steps(site) -> None:
    """README, Installing: the steps before the services start. The four that do not
    depend on each other run at once (start-up time); each must succeed."""
    processes, env = site["processes"], site["env"]
    steps = [
        ("migrate", "--no-input"),
        ("collectstatic", "--no-input", "-v", "0"),
        ("check", "--deploy", "--fail-level", "ERROR"),
    ]
    if shutil.which("msgfmt"):  # else the committed .mo files are used, as upgrade.sh says
        steps.append(("compilemessages", "-v", "0", "--ignore=.venv"))
    running = [processes.start(step[0], [PYTHON, "manage.py", *step], env) for step in steps]
    for process in running:
        try:
            process.wait(600)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{process.name} took over 600 s") from None
        assert process.popen.returncode == 0, f"{process.name} failed\n{process.output()}"
    check = running[2].output()
    assert "kundcenter.E" not in check and "ERROR" not in check, check
    admin_env = {**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
    processes.manage(
        admin_env,
        "createsuperuser",
        "--no-input",
        "--email",
        ADMIN,
        "--full_name",
        "Administratör",
        timeout=120,
    )
    processes.manage(env, "clearsessions", timeout=120)


def start_services(site, customers, specialists):
    processes, env = site["processes"], site["env"]
    processes.script(
        "seed",
        {**env, "OUTBOX_SUPPRESSED": "1"},
        SEED.format(
            customers=customers,
            specialists=specialists,
            orgs=5,
            password=PASSWORD,
            host=HOST,
        ),
        timeout=300,
    )
    ports = [free_port(), free_port()]
    webs = []
    for i, port in enumerate(ports, 1):
        web_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        webs.append(processes.start(f"web-{i}", unit_command("kundcenter-web.service"), web_env))
    workers = []
    for i in (1, 2):
        # Two hosts would each be celery@their-name; on one machine they need a name each.
        args = unit_command("kundcenter-worker.service") + ["-n", f"worker{i}@%h"]
        workers.append(processes.start(f"worker-{i}", args, env))
    beat = processes.start("beat", unit_command("kundcenter-beat.service"), env)

    def healthy(port):
        import http.client

        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health/web/", headers={"Host": HOST})
            return conn.getresponse().status == 200
        except OSError:
            return False

    for web, port in zip(webs, ports, strict=True):
        wait_until(
            lambda web=web, port=port: web.running() and healthy(port),
            120,
            f"{web.name} to answer /health/web/",
            processes.logs,
        )
    for worker in workers:
        wait_until(lambda w=worker: " ready." in w.output(), 120, worker.name, processes.logs)
    wait_until(lambda: beat.running(), 30, "beat", processes.logs)
    return ports, webs, workers, beat


THINK_SECONDS = (3.0, 8.0)  # between a person's requests (reading, typing)
RAMP_UP_SECONDS = 15  # people arrive (and log in) one by one over this time


def think_time(rng: random.Random, stop: threading.Event) -> None:
    stop.wait(rng.uniform(*THINK_SECONDS))


class Ledger:
    """What the people did, as they saw it: tickets, replies, by whom."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tickets: dict[str, tuple[str, str]] = {}  # number -> (reporter, title)
        self.customer_replies: dict[str, str] = {}  # marker -> ticket number
        self.staff_replies: dict[str, str] = {}  # marker -> ticket number
        self.attachments = 0

    def marker(self) -> str:
        return f"RT{random.getrandbits(48):012x}"


def customer_login(email: str):
    def login(person: Person):
        form = person.get("login form", "/konto/logga-in/")
        person.post_form(
            "log in",
            "/konto/logga-in/",
            {"username": email, "password": PASSWORD, "next": ""},
            form=form,
        )

    return login


def specialist_login(email: str, key: str):
    def login(person: Person):
        form = person.get("login form", "/konto/logga-in/")
        held = person.post_form(
            "log in",
            "/konto/logga-in/",
            {"username": email, "password": PASSWORD, "next": "/agent/"},
            form=form,
        )
        location = held.location
        while "/tvastegs/kod/" not in location:
            location = person.get("log in (redirect)", location, expect=302).location
        verify = person.get("two-factor form", location)
        person.post_form(
            "two-factor code",
            "/konto/tvastegs/kod/",
            {"code": totp_code(key), "next": "/agent/"},
            form=verify,
        )

    return login


def customer_work(email: str, ledger: Ledger, seq: int):
    """Register a ticket (every other one with an attachment), read it, reply to it."""

    def work(person: Person, stop: threading.Event):
        think = random.Random(seq)
        n = 0
        while not stop.is_set():
            n += 1
            form = person.get("new ticket form", "/arenden/nytt/")
            module = re.search(r'<option value="(\d+)"[^>]*>\s*Ekonomi\s*<', form.text)
            title = f"Momsrapporten {ledger.marker()}"
            files = None
            if (seq + n) % 2:
                files = {"attachments": (f"skarmbild-{n}.txt", b"x" * 2048, "text/plain")}
            think_time(think, stop)
            registered = person.post_form(
                "register ticket",
                "/arenden/nytt/",
                {
                    "module": module.group(1) if module else "",
                    "category": "support",
                    "title": title,
                    "description": "Utgående moms blir 0 kr för mars trots fakturering.",
                    "kb_log": "",
                },
                form=form,
                files=files,
            )
            number = re.fullmatch(r"/arenden/(\d{4}-\d{6})/", registered.location).group(1)
            with ledger.lock:
                ledger.tickets[number] = (email, title)
                ledger.attachments += bool(files)
            page = person.get("ticket page", registered.location)
            think_time(think, stop)
            if stop.is_set():
                break
            marker = ledger.marker()
            person.post_form(
                "customer reply",
                f"/arenden/{number}/svar/",
                {"body": f"Vi har provat igen, samma fel. {marker}"},
                form=page,
            )
            with ledger.lock:
                ledger.customer_replies[marker] = number
            think_time(think, stop)

    return work


def specialist_work(ledger: Ledger, seq: int):
    """Open the queue, open one of its tickets, answer the customer."""

    def work(person: Person, stop: threading.Event):
        think = random.Random(1000 + seq)
        while not stop.is_set():
            queue = person.get("queue", "/agent/")
            numbers = sorted(set(re.findall(r'href="/agent/arenden/(\d{4}-\d{6})/"', queue.text)))
            think_time(think, stop)
            if not numbers or stop.is_set():
                continue
            number = think.choice(numbers)
            page = person.get("agent ticket page", f"/agent/arenden/{number}/")
            think_time(think, stop)
            if stop.is_set():
                break
            marker = ledger.marker()
            person.post_form(
                "specialist reply",
                f"/agent/arenden/{number}/svar/",
                {"kind": "public", "body": f"Vi tittar på det. {marker}"},
                form=page,
            )
            with ledger.lock:
                ledger.staff_replies[marker] = number
            think_time(think, stop)

    return work


def test_two_web_hosts_two_workers_and_a_beat_serve_50_people_and_survive_a_kill(site):
    begun = time.monotonic()
    operations_steps(site)
    print(f"\nREADME steps: {time.monotonic() - begun:.0f} s")
    customers = [f"kund{i:02d}@rokkund.se" for i in range(CUSTOMERS)]
    specialists = [(f"specialist{i:02d}@{HOST}", os.urandom(20).hex()) for i in range(SPECIALISTS)]
    ports, webs, workers, _beat = start_services(site, customers, specialists)
    print(f"services answering: {time.monotonic() - begun:.0f} s")
    processes, db, sink = site["processes"], site["db"], site["sink"]

    stats, ledger, stop = Stats(), Ledger(), threading.Event()
    logins, people = [], []
    for i, email in enumerate(customers):
        person = Person(ports, i, HOST, f"10.1.0.{i + 1}", stats)
        logins.append((person, customer_login(email)))
        people.append((person, customer_work(email, ledger, i)))
    for i, (email, key) in enumerate(specialists):
        person = Person(ports, i, HOST, f"10.2.0.{i + 1}", stats)
        logins.append((person, specialist_login(email, key)))
        people.append((person, specialist_work(ledger, i)))

    # Everyone arrives over RAMP_UP_SECONDS and logs in; then all work for SECONDS.
    log_in_all(logins, RAMP_UP_SECONDS)
    assert stats.errors == [], "\n".join(stats.errors[:20])
    logged_in = len(stats.samples)

    def kill_half_way():
        if stop.wait(KILL_AFTER):
            return
        killed["at"] = time.monotonic()
        webs[0].signal_group(signal.SIGTERM)  # systemctl stop: finish what it holds
        workers[0].signal_group(signal.SIGKILL)  # the worker dies mid-delivery

    killed: dict[str, float] = {}
    killer = threading.Thread(target=kill_half_way, daemon=True)
    killer.start()
    started = time.monotonic()
    run_people(people, SECONDS, stop)
    ran = time.monotonic() - started
    killer.join()

    figures = stats.figures(stats.samples[logged_in:])
    login_figures = stats.figures(stats.samples[:logged_in])
    report = (
        f"\n{len(people)} people, {ran:.0f} s, 2 web instances (one stopped at {KILL_AFTER} s), "
        f"2 workers (one killed): {figures}; the logins before: {login_figures}; "
        f"failovers {len(stats.failovers)}, "
        f"tickets {len(ledger.tickets)} ({ledger.attachments} with an attachment), "
        f"customer replies {len(ledger.customer_replies)}, "
        f"specialist replies {len(ledger.staff_replies)}"
    )
    print(report)
    by_label = Counter(s.label for s in stats.samples)
    print("requests by kind:", dict(by_label))
    print("\n".join(stats.errors[:30]))
    assert stats.errors == [], "\n".join(stats.errors[:20]) + "\n" + processes.logs(tail=10)

    # The kill happened, the stopped host took no request after it, the other took them.
    assert killed, "the kill did not happen during the run"
    assert not webs[0].running() and not workers[0].running()
    after = [s for s in stats.samples if s.started > killed["at"] + 1]
    assert after and {s.port for s in after} == {ports[1]}, Counter(s.port for s in after)
    assert {s.port for s in stats.samples if s.started < killed["at"]} == set(ports)
    assert stats.failovers, "nobody was moved to the other web host"
    early = [f for f in stats.failovers if f[0] < killed["at"]]
    assert early == [], early

    # Every ticket and reply is in the database.
    numbers = set(ledger.tickets)
    assert numbers and ledger.customer_replies and ledger.staff_replies
    rows = dict(db.rows("SELECT number, title FROM tickets_ticket"))
    # Nothing was done twice (the loader resent what a stopping host reset unanswered).
    titles = Counter(rows.values())
    assert [t for t, n in titles.items() if n > 1] == []
    assert {n: rows.get(n) for n in numbers} == {n: t for n, (_e, t) in ledger.tickets.items()}
    bodies = [b for (b,) in db.rows("SELECT body FROM tickets_message")]
    for marker in list(ledger.customer_replies) + list(ledger.staff_replies):
        assert sum(marker in b for b in bodies) == 1, marker
    # Every attachment is in the bucket, none on a host's disk.
    files = [f for (f,) in db.rows("SELECT file FROM tickets_attachment")]
    assert len(files) == ledger.attachments
    bucket = boto3.client(
        "s3",
        endpoint_url=site["s3"],
        aws_access_key_id="smoke",
        aws_secret_access_key="smoke",
        region_name="eu-north-1",
    )
    keys = set()
    for page in bucket.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        keys.update(o["Key"] for o in page.get("Contents", []))
    assert {f"media/{f}" for f in files} <= keys
    assert not (site["work"] / "var" / "media").exists()

    # Every mail arrives exactly once: wait for the outbox to empty (the killed worker's
    # rows after their lease), then a little longer, for any second copy.
    def outbox_empty():
        return db.scalar("SELECT count(*) FROM outbox_outboxitem") == 0

    wait_until(outbox_empty, 90, "the outbox to empty", processes.logs, interval=0.5)
    time.sleep(3)  # a slow sender whose lease ran out would finish now
    assert outbox_empty()
    mails = list(sink.inbox.messages)
    message_ids = Counter(str(m["Message-ID"]) for _r, m in mails)
    twice = [mid for mid, n in message_ids.items() if n > 1]
    drained = time.monotonic() - begun
    print(f"mails: {len(mails)}, Message-IDs twice: {len(twice)}; drained at {drained:.0f} s")
    # SMTP cannot promise exactly once (README, Running it): a mail the server accepted
    # just before its worker was killed, whose outbox row was not yet removed, is sent
    # again after the lease, with the same Message-ID (one message to mail clients). At
    # most one per process of the killed worker, sent before the kill; nothing else twice.
    concurrency = int(unit_command("kundcenter-worker.service")[-1])
    assert len(twice) <= concurrency, twice
    for message_id in twice:
        first, again = sink.arrivals[message_id]
        assert first <= killed["at"] + 1 < again, (message_id, first, again, killed["at"])
    assert [n for n in message_ids.values() if n > 2] == []

    def text(message) -> str:
        part = message.get_body(preferencelist=("plain",))
        return str(message["Subject"]) + "\n" + (part.get_content() if part else "")

    # Each message once (its copy, checked above, is the same message to a mail client).
    unique = {str(m["Message-ID"]): (rcpt, m) for rcpt, m in reversed(mails)}
    texts = [(rcpt, notification(m), text(m)) for rcpt, m in unique.values()]
    for number, (reporter, _title) in ledger.tickets.items():
        kinds = Counter(
            (tuple(rcpt), kind)
            for rcpt, kind, body in texts
            if number in body and kind in ("ticket_registered", "team_new_ticket")
        )
        assert kinds == {
            ((reporter,), "ticket_registered"): 1,
            ((f"team-hantverk-transport-konsult@{HOST}",), "team_new_ticket"): 1,
        }, (number, kinds)
    for marker, number in ledger.staff_replies.items():
        reporter = ledger.tickets.get(number, ("?",))[0]
        found = [rcpt for rcpt, _kind, body in texts if marker in body]
        assert found == [[reporter]] or number not in ledger.tickets, (marker, found)
        assert len(found) == 1, (marker, found)
    # A customer's reply goes to the ticket's assignee or, with none, to its team's people.
    specialist_addresses = {email for email, _key in specialists}
    for marker in ledger.customer_replies:
        found = [rcpt for rcpt, _kind, body in texts if marker in body]
        flat = [address for rcpt in found for address in rcpt]
        assert flat and len(flat) == len(set(flat)), (marker, found)
        assert set(flat) <= specialist_addresses, (marker, found)

    # Redis goes down: the load balancer's probe takes the host out of rotation (503,
    # naming Redis), while the database still answers.
    site["redis"].kill()
    status, checks = health(ports[1], "/health/web/")
    assert status == 503 and checks["redis"] is False and checks["database"] is True, checks


def health(port: int, path: str) -> tuple[int, dict]:
    import http.client
    import json

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": HOST})
        response = connection.getresponse()
        body = json.loads(response.read())
    finally:
        connection.close()
    return response.status, {name: check["ok"] for name, check in body["checks"].items()}
