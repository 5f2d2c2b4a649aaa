"""The harness `bench_pages` and `bench_reports` share: pages requested through Django's
test client in this process (the whole middleware stack and the templates, no network or
web server), with DEBUG off, warm-up requests first, and per page the median and 95th
percentile time, the database queries and the size.

A command subclasses `PageBenchCommand`, sets its defaults and help, and writes
`scenarios()` (the pages, with logged-in clients) and `report()` (the table, from
`measured_cells`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from kundcenter.lib.bench import Stopwatch, median, percentile, progress
from kundcenter.outbox import events as outbox_events


@dataclass
class Scenario:
    """One page to measure: `request(client)` makes one request and returns the response."""

    label: str
    client: Client
    request: Callable[[Client], object]
    expect: int = 200
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

    def handle(self, *args, **options):
        if options["iterations"] < 1 or options["warmup"] < 0:
            raise CommandError("--iterations must be at least 1 and --warmup 0 or more.")
        self.rng = random.Random(options["seed"])
        # The test client calls itself "testserver"; what the requests cause (mail about
        # tickets they register) is never recorded, so nothing is sent by any process; the
        # per-person rate limits would stop a scenario that posts, and this measures
        # speed, not abuse protection.
        with (
            override_settings(
                ALLOWED_HOSTS=["testserver"],
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                DEBUG=False,
                RATELIMIT_ENABLED=False,
            ),
            outbox_events.suppressed(),
        ):
            scenarios = self.scenarios()
            total = len(scenarios) * (options["warmup"] + options["iterations"])
            bar = progress(total, "Requests", enabled=options["verbosity"] >= 1, unit="req")
            for scenario in scenarios:
                self.run(scenario, options["warmup"], options["iterations"], bar)
            bar.close()
        self.report(scenarios, options["iterations"])

    def scenarios(self) -> list[Scenario]:
        raise NotImplementedError

    def report(self, scenarios: list[Scenario], iterations: int) -> None:
        raise NotImplementedError

    def run(self, scenario: Scenario, warmup: int, iterations: int, bar):
        for index in range(warmup + iterations):
            with CaptureQueriesContext(connection) as captured:
                watch = Stopwatch()
                response = scenario.request(scenario.client)
                watch.stop()
            bar.update(1)
            scenario.status = response.status_code
            problem = self.problem_with(scenario, response)
            if problem:
                scenario.problem = problem
                bar.update(warmup + iterations - index - 1)
                return
            if index >= warmup:
                scenario.times.append(watch.ms)
                scenario.queries.append(len(captured))
                scenario.sizes.append(len(response.content))

    def problem_with(self, scenario: Scenario, response) -> str:
        """Why a response does not count ("" when it does)."""
        if response.status_code != scenario.expect:
            return f"HTTP {response.status_code}, expected {scenario.expect}"
        return ""


def measured_cells(scenario: Scenario) -> list[str]:
    """Median ms, p95 ms, queries (a range if they varied) and KB of a measured page."""
    low, high = min(scenario.queries), max(scenario.queries)
    return [
        f"{median(scenario.times):.1f}",
        f"{percentile(scenario.times, 95):.1f}",
        str(low) if low == high else f"{low}–{high}",
        f"{median(scenario.sizes) / 1024:.0f}",
    ]
