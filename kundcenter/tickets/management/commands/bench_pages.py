"""Page latency at scale: `manage.py bench_pages` after `manage.py seed_bench`.

Requests the real URLs over HTTP from gunicorn (kundcenter.demo.page_bench) as bench
staff and a bench SuperUser, and prints the
median and 95th percentile time, the requests answered per second, the database queries
and the size of each page. Works on whatever database is configured. Registration really
registers tickets (on bench customers, so `seed_bench --reset` removes them), by one
SuperUser and then by REGISTRATION_CLIENTS SuperUsers at once.
"""

from __future__ import annotations

import re

from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from kundcenter.accounts.models import Membership, User
from kundcenter.demo.bench import BENCH_DOMAIN, TOPICS, bench_organizations, pass_second_factor
from kundcenter.demo.page_bench import PageBenchCommand, Scenario, measured_cells, per_second
from kundcenter.lib.bench import format_table
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Category

# A page that is still the placeholder of the skeleton, not a real view.
STUB_BODY = b"todo"
# A word no bench ticket, customer or person has: the search must find nothing fast.
NO_HIT = "xylofonstämning"
# The first form error explains a refused POST (a form page returned instead of a redirect).
ERRORS = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)
# SuperUsers registering at once in the concurrent registration scenario.
REGISTRATION_CLIENTS = 4


class Command(PageBenchCommand):
    help = "Measure median and p95 latency of the main pages on the bench data."

    # --- set-up ----------------------------------------------------------------------------

    def scenarios(self) -> list[Scenario]:
        bench_orgs = bench_organizations()
        ticket_total = Ticket.objects.count()
        specialist = (
            User.objects.filter(
                email__endswith=f"@{BENCH_DOMAIN}",
                staff_role=User.StaffRole.SPECIALIST,
                team__isnull=False,
                is_active=True,
            )
            .order_by("pk")
            .first()
        )
        biggest = (
            Ticket.objects.filter(organization__in=bench_orgs.filter(payment_standing="good"))
            .values("organization")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if specialist is None or biggest is None:
            raise CommandError("No bench data here: run `manage.py seed_bench` first.")
        member = (
            Membership.objects.filter(
                organization_id=biggest["organization"], role=Membership.Role.SUPERUSER
            )
            .select_related("user", "organization", "licence")
            .order_by("pk")
            .first()
        )
        customer, superuser = member.organization, member.user
        self.context = {
            "vendor": connection.vendor,
            "tickets": ticket_total,
            "specialist": specialist.email,
            "customer": f"{customer.name} ({biggest['n']:,} tickets)",
            "superuser": superuser.email,
        }

        agent_numbers = list(
            Ticket.objects.filter(message_count__gte=3).values_list("number", flat=True)
        ) or list(Ticket.objects.values_list("number", flat=True))
        portal_numbers = list(
            Ticket.objects.filter(organization=customer).values_list("number", flat=True)
        )
        word = self.rng.choice(TOPICS)

        agent, portal = Client(), Client()
        agent.force_login(specialist)
        pass_second_factor(agent, specialist)
        portal.force_login(superuser)
        queue = reverse("agent:queue")
        every = {"status": "all", "team": ""}  # all statuses, all teams
        rng = self.rng

        registering = [self.registering(member, portal)]
        others = (
            Membership.objects.filter(
                role=Membership.Role.SUPERUSER,
                organization__in=bench_orgs.filter(payment_standing="good"),
                user__is_active=True,
            )
            .exclude(pk=member.pk)
            .select_related("user", "licence")
            .order_by("pk")
        )
        for other in others[: REGISTRATION_CLIENTS - 1]:
            client = Client()
            client.force_login(other.user)
            registering.append(self.registering(other, client))

        return [
            Scenario("agent queue", agent, lambda c: c.get(queue)),
            # Every team's open tickets: a manager's default queue.
            Scenario(
                "agent queue, all teams",
                agent,
                lambda c: c.get(queue, {"team": "", "status": "open"}),
            ),
            Scenario(
                "agent queue, filtered",
                agent,
                lambda c: c.get(
                    queue,
                    {"team": specialist.team_id, "status": "open", "category": Category.BUG},
                ),
            ),
            # Text search: a word of many tickets and one of none, in the specialist's
            # default queue (the team's open tickets) and over every ticket.
            Scenario("search, team's open", agent, lambda c: c.get(queue, {"q": word})),
            Scenario("search, all tickets", agent, lambda c: c.get(queue, {"q": word, **every})),
            Scenario("search no hit, team's open", agent, lambda c: c.get(queue, {"q": NO_HIT})),
            Scenario(
                "search no hit, all tickets",
                agent,
                lambda c: c.get(queue, {"q": NO_HIT, **every}),
            ),
            Scenario(
                "agent ticket",
                agent,
                lambda c: c.get(reverse("agent:ticket", args=[rng.choice(agent_numbers)])),
            ),
            Scenario("portal list", portal, lambda c: c.get(reverse("portal:list"))),
            Scenario(
                "portal ticket",
                portal,
                lambda c: c.get(reverse("portal:ticket", args=[rng.choice(portal_numbers)])),
            ),
            Scenario("portal registration (POST), 1 client", portal, registering[0][1], expect=302),
            Scenario(
                f"portal registration (POST), {len(registering)} clients",
                portal,
                registering[0][1],
                expect=302,
                concurrency=len(registering),
                more=registering[1:],
            ),
        ]

    def registering(self, member, client):
        """(client, request): `member`'s SuperUser registers a support question on one of
        the licence's modules (trained on all of them, as seed_bench makes them)."""
        rng = self.rng
        modules = (
            list(member.licence.modules.values_list("pk", flat=True)) if member.licence else []
        )

        def register(c):
            data = {
                "category": Category.SUPPORT,
                "title": f"Bänktest: fråga om {rng.choice(TOPICS)}",
                "description": "Registrerat av bench_pages för att mäta registreringen.",
            }
            if modules:
                data["module"] = str(rng.choice(modules))
            return c.post(reverse("portal:new"), data)

        return client, register

    # --- measuring -------------------------------------------------------------------------

    def problem_with(self, scenario: Scenario, response) -> str:
        if response.content.strip() == STUB_BODY:
            return "view is still a stub"
        if response.status_code != scenario.expect:
            errors = ERRORS.findall(response.content.decode(errors="replace"))
            detail = f": {strip_tags(errors[0]).strip()}" if errors else ""
            return f"HTTP {response.status_code}, expected {scenario.expect}{detail}"[:160]
        return ""

    def report(self, scenarios: list[Scenario], iterations: int):
        info = self.context
        self.stdout.write(
            f"Database: {info['vendor']}, {info['tickets']:,} tickets. "
            f"{iterations} requests per page after warm-up ({self.method}).\n"
            f"Agent: {info['specialist']}; portal: {info['superuser']} of {info['customer']}.\n"
        )
        rows = []
        for s in scenarios:
            if s.problem:
                rows.append([s.label, "–", "–", "–", "–", "–", s.problem])
                continue
            after = max(s.queries_after, default=0)
            note = f"+{after} queries after the response" if after else ""
            rows.append([s.label, *measured_cells(s), per_second(s), note])
        self.stdout.write(
            format_table(["page", "median ms", "p95 ms", "queries", "KB", "per s", "note"], rows)
        )
