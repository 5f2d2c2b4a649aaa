"""Report latency at scale: `manage.py bench_reports` after `manage.py seed_bench`.

Measures as `bench_pages` does: the real URLs through Django's test client in this
process (the whole middleware stack and the templates, no network or web server), with
DEBUG off. The support manager of the bench data opens the dashboard and every staff
report, each with its default filters and with one filtered or grouped variant, and
downloads one CSV export; the largest bench customer's SuperUser opens "Vår service
till er". Prints the HTTP status, median and 95th percentile time, the database queries
and the size of each page. Reads only: nothing is registered, nothing is sent.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.models import Membership, Team, User
from kundcenter.demo.bench import BENCH_DOMAIN, bench_organizations, pass_second_factor
from kundcenter.lib.bench import Stopwatch, format_table, median, percentile, progress
from kundcenter.outbox import events as outbox_events
from kundcenter.tickets.models import Ticket

# The goal of issue 12: every report and the dashboard within this, at a million tickets.
GOAL_P95_MS = 300


@dataclass
class Scenario:
    """One page to measure: `request(client)` makes one request and returns the response."""

    label: str
    client: Client
    request: Callable[[Client], object]
    status: int | None = None  # of the last response
    times: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    sizes: list = field(default_factory=list)
    problem: str = ""


class Command(BaseCommand):
    help = (
        "Measure median and p95 latency and the queries of the dashboard and every report "
        "on the bench data (through Django's test client, in-process, as bench_pages)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--iterations", type=int, default=20, help="Requests per page.")
        parser.add_argument("--warmup", type=int, default=2, help="Unmeasured requests first.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed (repeatable).")

    def handle(self, *args, **options):
        if options["iterations"] < 1 or options["warmup"] < 0:
            raise CommandError("--iterations must be at least 1 and --warmup 0 or more.")
        self.rng = random.Random(options["seed"])
        # The test client calls itself "testserver". Reports only read, but nothing a
        # request might cause is recorded or sent all the same.
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

    # --- set-up ----------------------------------------------------------------------------

    def scenarios(self) -> list[Scenario]:
        manager = (
            User.objects.filter(
                email__endswith=f"@{BENCH_DOMAIN}",
                staff_role=User.StaffRole.MANAGER,
                is_active=True,
            )
            .order_by("pk")
            .first()
        )
        biggest = (
            Ticket.objects.filter(organization__in=bench_organizations())
            .values("organization")
            .annotate(n=Count("pk"))
            .order_by("-n", "organization")
            .first()
        )
        member = (
            Membership.objects.filter(
                organization_id=biggest["organization"],
                role=Membership.Role.SUPERUSER,
                user__is_active=True,
            )
            .select_related("user", "organization")
            .order_by("pk")
            .first()
            if biggest
            else None
        )
        if manager is None or member is None:
            raise CommandError("No bench data here: run `manage.py seed_bench` first.")
        customer, superuser = member.organization, member.user
        self.context = {
            "vendor": connection.vendor,
            "tickets": Ticket.objects.count(),
            "manager": manager.email,
            "customer": f"{customer.name} ({biggest['n']:,} tickets)",
            "superuser": superuser.email,
        }

        staff, portal = Client(), Client()
        staff.force_login(manager)
        pass_second_factor(staff, manager)
        portal.force_login(superuser)

        today = timezone.localdate()
        year = {
            "date_from": (today - datetime.timedelta(days=364)).isoformat(),
            "date_to": today.isoformat(),
        }
        by_month = {**year, "grouping": "month"}
        team_ids = list(Team.objects.values_list("pk", flat=True))
        rng = self.rng

        def page(name, query=None):
            url = reverse(f"reports:{name}")
            return lambda c: c.get(url, query or {})

        def late_of_a_team(c):
            group = rng.choice(team_ids) if team_ids else "-"
            query = {**year, "breakdown": "team", "group": group}
            return c.get(reverse("reports:breaches"), query)

        return [
            Scenario("reports index", staff, page("index")),
            Scenario("dashboard (Översikt)", staff, page("dashboard")),
            Scenario("volumes, 30 days per day", staff, page("volumes")),
            Scenario(
                "volumes, 365 days per month by team",
                staff,
                page("volumes", {**by_month, "breakdown": "team"}),
            ),
            Scenario(
                "volumes CSV, 365 days by team",
                staff,
                page(
                    "volumes",
                    {**by_month, "breakdown": "team", "format": "csv", "table": "breakdown"},
                ),
            ),
            Scenario("deflection, 30 days per day", staff, page("deflection")),
            Scenario("deflection, 365 days per month", staff, page("deflection", by_month)),
            Scenario("service level, 30 days", staff, page("service_levels")),
            Scenario(
                "service level, 365 days by team",
                staff,
                page("service_levels", {**year, "breakdown": "team"}),
            ),
            Scenario("late tickets, 30 days", staff, page("breaches")),
            Scenario("late tickets, 365 days, one team", staff, late_of_a_team),
            Scenario("times, 30 days", staff, page("times")),
            Scenario("times, 365 days", staff, page("times", year)),
            Scenario("customer: Vår service till er, 12 months", portal, page("our_service")),
        ]

    # --- measuring -------------------------------------------------------------------------

    def run(self, scenario: Scenario, warmup: int, iterations: int, bar):
        for index in range(warmup + iterations):
            with CaptureQueriesContext(connection) as captured:
                watch = Stopwatch()
                response = scenario.request(scenario.client)
                watch.stop()
            bar.update(1)
            scenario.status = response.status_code
            if response.status_code != 200:
                scenario.problem = f"HTTP {response.status_code}, expected 200"
                bar.update(warmup + iterations - index - 1)
                return
            if index >= warmup:
                scenario.times.append(watch.ms)
                scenario.queries.append(len(captured))
                scenario.sizes.append(len(response.content))

    def report(self, scenarios: list[Scenario], iterations: int):
        info = self.context
        self.stdout.write(
            f"Database: {info['vendor']}, {info['tickets']:,} tickets. "
            f"{iterations} requests per page after warm-up (Django's test client, "
            f"in-process).\n"
            f"Staff: {info['manager']}; customer: {info['superuser']} of {info['customer']}.\n"
        )
        rows = []
        for s in scenarios:
            if s.problem:
                rows.append([s.label, str(s.status), "–", "–", "–", "–", s.problem])
                continue
            low, high = min(s.queries), max(s.queries)
            p95 = percentile(s.times, 95)
            rows.append(
                [
                    s.label,
                    str(s.status),
                    f"{median(s.times):.1f}",
                    f"{p95:.1f}",
                    str(low) if low == high else f"{low}–{high}",
                    f"{median(s.sizes) / 1024:.0f}",
                    f"p95 over {GOAL_P95_MS} ms" if p95 > GOAL_P95_MS else "",
                ]
            )
        self.stdout.write(
            format_table(["page", "status", "median ms", "p95 ms", "queries", "KB", "note"], rows)
        )
