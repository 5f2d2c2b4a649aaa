"""The harness `bench_pages` and `bench_reports` share: pages requested over real HTTP
from the server the README tells operators to run (gunicorn, 2 sync workers, on a free
loopback port, `DEBUG` off, this process's database), warm-up requests first, and per
page the median and 95th percentile wall time of the request, the database queries and
the size.

The queries cannot be seen from outside the server: after the timed HTTP requests each
page is requested a few more times through Django's test client in this process (the
same middleware stack, views and templates) and its queries counted there; those run
after the response was sent (kundcenter.lib.after_response) are counted apart.
`--in-process` times those in-process requests instead and starts no server (the tests
use it: a server cannot see a test's uncommitted data).

A scenario with `concurrency` above 1 is requested over HTTP by that many clients at once
(threads, each with its own logged-in session), and its throughput is the requests
answered per second of wall time; in-process it runs one client at a time.

What the requests cause is recorded in the outbox as in production, but parked
(`kundcenter.outbox.events.kept_local`): only the server process that recorded it
delivers it, after the response, to Django's dummy mail backend, and what is left is
deleted at the end. Bench people are demo people, whom no channel ever mails.

A command subclasses `PageBenchCommand`, sets its defaults and help, and writes
`scenarios()` (the pages, with logged-in test clients; the HTTP twins carry their
session cookies) and `report()` (the table, from `measured_cells`).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from kundcenter.lib import after_response
from kundcenter.lib.bench import Stopwatch, free_port, median, percentile, progress, wait_for_port
from kundcenter.outbox import events as outbox_events

SERVER_WORKERS = 2
SERVER_START_SECONDS = 90
# In-process requests per page whose queries are counted (after one unmeasured).
QUERY_PASSES = 2


@dataclass
class HttpResponse:
    status_code: int
    content: bytes
    headers: dict


class HttpClient:
    """GET and POST over HTTP/1.1 to the bench server with a cookie jar, shaped like
    Django's test client (`get(path, data)`, `post(path, data)`) so a scenario's request
    works with either. Redirects are not followed. A POST carries the CSRF token from
    the `csrftoken` cookie; without one it first GETs the same page, as a browser would
    have shown the form."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.port = port
        self.cookies = dict(cookies)

    def _request(self, method: str, path: str, body: bytes | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            sent = {"Host": "127.0.0.1", "Accept-Language": "sv", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    self.cookies[name] = morsel.value
            return HttpResponse(response.status, content, dict(response.headers))
        finally:
            conn.close()

    def get(self, path: str, data=None) -> HttpResponse:
        query = urlencode(data or {}, doseq=True)
        return self._request("GET", f"{path}?{query}" if query else path)

    def post(self, path: str, data=None) -> HttpResponse:
        name = settings.CSRF_COOKIE_NAME
        if name not in self.cookies:
            self.get(path)
        form = {**(data or {}), "csrfmiddlewaretoken": self.cookies.get(name, "")}
        body = urlencode(form, doseq=True).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self._request("POST", path, body, headers)


@contextlib.contextmanager
def bench_server():
    """gunicorn serving kundcenter.wsgi on a free loopback port with this database, as
    operators run it (README, Operations), for this run only; yields the port. Nothing
    it does leaves the process: what the outbox records is parked for the server
    process itself, which "sends" it with Django's dummy backend; no rate limits."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn is None:
        raise CommandError("gunicorn is not installed (pip install -r requirements.txt).")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL")}
    env.update(
        DEBUG="0",
        # This process's key, given explicitly: with DEBUG off the server refuses a key it
        # would generate itself (kundcenter.ops.secret_key), and the sessions of the test
        # clients, made here, must be valid there.
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        OUTBOX_KEPT_LOCAL="1",
        RATELIMIT_ENABLED="0",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        # As in production: a sync worker keeps its connection between requests.
        DATABASE_CONN_MAX_AGE=os.environ.get("DATABASE_CONN_MAX_AGE") or "60",
    )
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{database['NAME']}"
    argv = [
        gunicorn,
        "kundcenter.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(SERVER_WORKERS),
        "--worker-class",
        "sync",
        "--timeout",
        "300",
    ]
    with tempfile.TemporaryDirectory(prefix="bench-server-") as folder:
        log_path = Path(folder) / "server.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                argv, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            try:
                wait_for_port(port, server, log_path, SERVER_START_SECONDS)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@dataclass
class Scenario:
    """One page to measure: `request(client)` makes one request and returns the response.
    `client` is a logged-in test client; over HTTP its twin with the same cookies is
    used. With `concurrency` > 1, `more` holds (client, request) pairs for the other
    clients (each its own person, so no two share a session)."""

    label: str
    client: Client
    request: Callable[[Client], object]
    expect: int = 200
    concurrency: int = 1
    more: list = field(default_factory=list)
    seconds: float = 0.0  # wall time of the measured requests (all clients together)
    queries_after: list = field(default_factory=list)  # run after the response was sent
    status: int | None = None  # of the last response
    times: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    sizes: list = field(default_factory=list)
    problem: str = ""


class PageBenchCommand(BaseCommand):
    """Runs every scenario `warmup + iterations` times and keeps the measured ones."""

    default_iterations = 50
    default_warmup = 3

    def add_arguments(self, parser):
        parser.add_argument(
            "--iterations", type=int, default=self.default_iterations, help="Requests per page."
        )
        parser.add_argument(
            "--warmup", type=int, default=self.default_warmup, help="Unmeasured requests first."
        )
        parser.add_argument("--seed", type=int, default=None, help="Random seed (repeatable).")
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="Time requests through Django's test client in this process; no server.",
        )

    def handle(self, *args, **options):
        if options["iterations"] < 1 or options["warmup"] < 0:
            raise CommandError("--iterations must be at least 1 and --warmup 0 or more.")
        self.rng = random.Random(options["seed"])
        self.over_http = not options["in_process"]
        # The test client calls itself "testserver"; what the requests cause (mail about
        # tickets they register) is recorded but parked, so no other process sends it; the
        # per-person rate limits would stop a scenario that posts, and this measures
        # speed, not abuse protection.
        with (
            override_settings(
                ALLOWED_HOSTS=["testserver"],
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                DEBUG=False,
                RATELIMIT_ENABLED=False,
            ),
            outbox_events.kept_local(),
        ):
            scenarios = self.scenarios()
            warmup, iterations = options["warmup"], options["iterations"]
            enabled = options["verbosity"] >= 1
            if self.over_http:
                # The sessions the test clients made are in the database: the server
                # reads them from the cookies.
                connection.close()
                with bench_server() as port:
                    total = sum(s.concurrency * warmup + iterations for s in scenarios)
                    bar = progress(total, "HTTP requests", enabled=enabled, unit="req")
                    for scenario in scenarios:
                        if scenario.concurrency > 1:
                            self.run_together(scenario, port, warmup, iterations, bar)
                            continue
                        http = HttpClient(port, _cookies(scenario.client))
                        self.run(scenario, http, warmup, iterations, bar, timed=True)
                    bar.close()
                total = len(scenarios) * (1 + QUERY_PASSES)
                bar = progress(total, "Queries", enabled=enabled, unit="req")
                for scenario in scenarios:
                    if not scenario.problem:
                        self.run(scenario, scenario.client, 1, QUERY_PASSES, bar, timed=False)
                bar.close()
            else:
                total = len(scenarios) * (warmup + iterations)
                bar = progress(total, "Requests", enabled=enabled, unit="req")
                for scenario in scenarios:
                    self.run(scenario, scenario.client, warmup, iterations, bar, timed=True)
                bar.close()
            outbox_events.clear_parked()
        self.report(scenarios, options["iterations"])

    @property
    def method(self) -> str:
        """How the times were taken, for the report's heading."""
        if self.over_http:
            return (
                f"over HTTP from gunicorn ({SERVER_WORKERS} sync workers, loopback), queries "
                "counted in-process"
            )
        return "Django's test client, in-process"

    def scenarios(self) -> list[Scenario]:
        raise NotImplementedError

    def report(self, scenarios: list[Scenario], iterations: int) -> None:
        raise NotImplementedError

    def run(self, scenario: Scenario, client, warmup: int, iterations: int, bar, *, timed: bool):
        """`warmup + iterations` requests with `client`; keeps the times (if `timed`), the
        sizes and the queries (in-process only) of the measured ones."""
        in_process = isinstance(client, Client)
        run_watch = None
        for index in range(warmup + iterations):
            if index == warmup:
                run_watch = Stopwatch()
            # In-process, the work a request leaves for after its response (delivering
            # what it recorded in the outbox) is counted apart, then done.
            with after_response.held() as later, CaptureQueriesContext(connection) as captured:
                watch = Stopwatch()
                response = scenario.request(client)
                watch.stop()
            with CaptureQueriesContext(connection) as afterwards:
                after_response.run(later)
            bar.update(1)
            scenario.status = response.status_code
            problem = self.problem_with(scenario, response)
            if problem:
                scenario.problem = problem
                bar.update(warmup + iterations - index - 1)
                return
            if index >= warmup:
                if timed:
                    scenario.times.append(watch.ms)
                    scenario.sizes.append(len(response.content))
                if in_process:
                    scenario.queries.append(len(captured))
                    scenario.queries_after.append(len(afterwards))
        if timed and run_watch is not None:
            scenario.seconds = run_watch.stop()

    def run_together(self, scenario: Scenario, port: int, warmup: int, iterations: int, bar):
        """`scenario.concurrency` clients at once over HTTP, `iterations` requests in all
        (after `warmup` each, one client at a time); keeps each request's time, the sizes
        and the wall time of the whole run."""
        pairs = [(scenario.client, scenario.request), *scenario.more][: scenario.concurrency]
        workers = [(HttpClient(port, _cookies(client)), request) for client, request in pairs]
        for twin, request in workers:
            for _ in range(warmup):
                response = request(twin)
                bar.update(1)
                scenario.problem = scenario.problem or self.problem_with(scenario, response)
        count = len(workers)
        shares = [iterations // count + (i < iterations % count) for i in range(count)]

        def work(worker, count):
            twin, request = worker
            times, sizes, problems = [], [], []
            for _ in range(count):
                watch = Stopwatch()
                response = request(twin)
                times.append(watch.stop() * 1000)
                sizes.append(len(response.content))
                problems.append(self.problem_with(scenario, response))
                bar.update(1)
            return times, sizes, problems

        with ThreadPoolExecutor(len(workers)) as pool:
            watch = Stopwatch()
            results = list(pool.map(work, workers, shares))
            scenario.seconds = watch.stop()
        for times, sizes, problems in results:
            scenario.times += times
            scenario.sizes += sizes
            scenario.problem = scenario.problem or next((p for p in problems if p), "")

    def problem_with(self, scenario: Scenario, response) -> str:
        """Why a response does not count ("" when it does)."""
        if response.status_code != scenario.expect:
            return f"HTTP {response.status_code}, expected {scenario.expect}"
        return ""


def _cookies(client: Client) -> dict[str, str]:
    return {name: morsel.value for name, morsel in client.cookies.items()}


def per_second(scenario: Scenario) -> str:
    """Requests answered per second of wall time over the measured run (all clients)."""
    if not scenario.seconds or not scenario.times:
        return "–"
    return f"{len(scenario.times) / scenario.seconds:.1f}"


def measured_cells(scenario: Scenario) -> list[str]:
    """Median ms, p95 ms, queries (a range if they varied) and KB of a measured page."""
    low, high = min(scenario.queries), max(scenario.queries)
    return [
        f"{median(scenario.times):.1f}",
        f"{percentile(scenario.times, 95):.1f}",
        str(low) if low == high else f"{low}–{high}",
        f"{median(scenario.sizes) / 1024:.0f}",
    ]
