"""Report latency at scale: `manage.py bench_reports` after `manage.py seed_bench`.

Measures as `bench_pages` does (kundcenter.demo.page_bench): the real URLs over HTTP
from gunicorn, with DEBUG off, the queries counted in-process. The support manager of
the bench data opens the dashboard and every staff report, each with its default
filters and with one filtered or grouped variant, and downloads one CSV export; the
largest bench customer's SuperUser opens "Vår service till er". Prints the HTTP status,
median and 95th percentile time, the database queries and the size of each page. Reads
only: nothing is registered, nothing is sent.
"""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.models import Membership, Team, User
from kundcenter.demo.bench import BENCH_DOMAIN, bench_organizations, pass_second_factor
from kundcenter.demo.page_bench import PageBenchCommand, Scenario, measured_cells
from kundcenter.lib.bench import format_table, percentile
from kundcenter.tickets.models import Ticket

# The goal of issue 12: every report and the dashboard within this, at a million tickets.
GOAL_P95_MS = 300


class Command(PageBenchCommand):
    help = (
        "Measure median and p95 latency and the queries of the dashboard and every report "
        "on the bench data (over HTTP from gunicorn, as bench_pages)."
    )

    default_iterations = 20
    default_warmup = 2

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

    def report(self, scenarios: list[Scenario], iterations: int):
        info = self.context
        self.stdout.write(
            f"Database: {info['vendor']}, {info['tickets']:,} tickets. "
            f"{iterations} requests per page after warm-up ({self.method}).\n"
            f"Staff: {info['manager']}; customer: {info['superuser']} of {info['customer']}.\n"
        )
        rows = []
        for s in scenarios:
            if s.problem:
                rows.append([s.label, str(s.status), "–", "–", "–", "–", s.problem])
                continue
            over = percentile(s.times, 95) > GOAL_P95_MS
            note = f"p95 over {GOAL_P95_MS} ms" if over else ""
            rows.append([s.label, str(s.status), *measured_cells(s), note])
        self.stdout.write(
            format_table(["page", "status", "median ms", "p95 ms", "queries", "KB", "note"], rows)
        )
