"""The benchmark seed makes data the real actions could have made, and the page benchmark
runs on it."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max
from django.utils import timezone

from kundcenter.accounts.models import Membership, TrainingRecord, User
from kundcenter.demo.bench import bench_organizations, bench_users
from kundcenter.lib.orgnr import validate_org_number
from kundcenter.tickets import actions
from kundcenter.tickets.models import Channel, Message, Ticket, TicketCounter, TicketEvent
from kundcenter.tickets.workflows import WORKFLOWS, Category, Lane, Status

NUMBER = re.compile(r"^(\d{4})-(\d{6})$")


def seed(**options):
    out = StringIO()
    call_command("seed_bench", seed=7, force=True, verbosity=0, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    seed(tickets=300)


def test_customers_and_people_are_valid(seeded):
    orgs = list(bench_organizations().select_related("industry"))
    assert len(orgs) == 6
    for org in orgs:
        validate_org_number(org.org_number)
        assert org.licences.count() == 1
        assert org.memberships.filter(role=Membership.Role.SUPERUSER).exists()
    specialists = bench_users().filter(staff_role=User.StaffRole.SPECIALIST)
    assert specialists.filter(email="bench-specialist-1@bench.example", team__isnull=False)
    assert specialists.values("team").distinct().count() == 2


def test_tickets_obey_the_domain_invariants(seeded):
    tickets = list(Ticket.objects.select_related("organization__industry"))
    assert len(tickets) == 300
    superusers = set(
        Membership.objects.filter(role=Membership.Role.SUPERUSER).values_list(
            "organization_id", "user_id"
        )
    )
    trained = set(TrainingRecord.objects.values_list("user_id", "module_id"))
    for t in tickets:
        assert NUMBER.match(t.number)
        if t.channel == Channel.CATALOG:
            # Ordered from the service catalog, as order_service does: no module, and
            # the consultants' from the start.
            assert t.category == Category.ORDER and t.module_id is None
            assert t.lane == Lane.CONSULTANT
        else:
            assert (t.reporter_id, t.module_id) in trained
        assert t.team_id == t.organization.industry.team_id
        assert (t.organization_id, t.reporter_id) in superusers
        if t.category == Category.BUG:
            assert t.service_level in (1, 2, 3, 4, 5)
        else:
            assert t.service_level is None
        states = WORKFLOWS[t.category].states
        if t.status == Status.WAITING:
            assert t.resume_status in states and t.resume_status != Status.CLOSED
        else:
            assert t.status in states and not t.resume_status
        if t.status == Status.CLOSED:
            assert t.close_reason and t.closed_at
        else:
            assert not t.close_reason and t.closed_at is None
        # The service-level clock: started, stopped when closed, paused while waiting.
        assert t.sla_clock_start is not None
        if t.status in (Status.CLOSED, Status.WAITING):
            assert t.next_due_at is None
        if t.status == Status.WAITING:
            assert t.paused_at is not None
        if t.category == Category.BUG:
            assert t.resolution_due_at is not None
    assert len({t.number for t in tickets}) == 300
    # Some orders come from the service catalog, some from the other channels.
    orders = [t for t in tickets if t.category == Category.ORDER]
    assert any(t.channel == Channel.CATALOG for t in orders)
    assert any(t.channel != Channel.CATALOG for t in orders)
    assert all(t.channel != Channel.CATALOG for t in tickets if t.category != Category.ORDER)
    # Customers answer catalog orders in the portal: no message has the catalog channel.
    assert not Message.objects.filter(channel=Channel.CATALOG).exists()


def test_counts_times_and_events_match_the_messages(seeded):
    stats = {
        row["ticket"]: row
        for row in Message.objects.values("ticket").annotate(n=Count("pk"), last=Max("created_at"))
    }
    created = set(
        TicketEvent.objects.filter(kind=TicketEvent.Kind.CREATED).values_list("ticket", flat=True)
    )
    for t in Ticket.objects.all():
        row = stats.get(t.pk, {"n": 0, "last": t.created_at})
        assert t.message_count == row["n"]
        assert t.last_activity_at == row["last"]
        assert t.pk in created
        assert t.created_at <= t.last_activity_at <= timezone.now()
    assert Message.objects.filter(internal=True).exists()
    assert TicketEvent.objects.filter(kind=TicketEvent.Kind.STATUS).count() > 300


def test_counters_are_past_every_number_and_real_registration_continues(seeded):
    highest = {}
    for number in Ticket.objects.values_list("number", flat=True):
        year, seq = NUMBER.match(number).groups()
        highest[int(year)] = max(highest.get(int(year), 0), int(seq))
    for year, seq in highest.items():
        assert TicketCounter.objects.get(year=year).last >= seq

    org = bench_organizations().filter(payment_standing="good").first()
    reporter = org.memberships.filter(role=Membership.Role.SUPERUSER).first().user
    ticket = actions.register_ticket(
        reporter=reporter,
        organization=org,
        category=Category.SUPPORT,
        title="Fråga efter seeden",
        description="Får nästa lediga nummer.",
    )
    year = timezone.localtime(ticket.created_at).year
    assert ticket.number == f"{year}-{highest.get(year, 0) + 1:06d}"


def test_running_again_adds_more_and_reset_starts_over(seeded):
    seed(tickets=50)
    assert Ticket.objects.count() == 350
    assert bench_organizations().count() == 7
    assert bench_users().filter(email="bench-specialist-1@bench.example").count() == 1

    seed(tickets=20, reset=True)
    assert Ticket.objects.count() == 20
    assert bench_organizations().count() == 1
    # Nothing of the old tickets is left behind.
    assert Message.objects.count() == sum(Ticket.objects.values_list("message_count", flat=True))
    assert not TicketEvent.objects.exclude(ticket__in=Ticket.objects.all()).exists()


def test_bench_pages_measures_every_page(seeded):
    out = StringIO()
    call_command(
        "bench_pages", in_process=True, iterations=2, warmup=1, seed=1, verbosity=0, stdout=out
    )
    report = out.getvalue()
    pages = ("agent queue", "agent ticket", "portal list", "portal ticket", "registration")
    searches = ("search, team's open", "search, all tickets", "search no hit, all tickets")
    for page in (*pages, *searches, "search no hit, team's open"):
        assert page in report
    assert "stub" not in report and "HTTP" not in report, report


def test_bench_pages_only_measures_the_chosen_pages(seeded):
    out = StringIO()
    call_command(
        "bench_pages",
        in_process=True,
        iterations=2,
        warmup=0,
        seed=1,
        only="Registration",
        verbosity=0,
        stdout=out,
    )
    report = out.getvalue()
    assert "registration (POST), 1 client" in report
    assert "agent queue" not in report and "portal list" not in report, report


def test_every_superuser_has_one_training_record_per_module(seeded):
    # seed_bench once wrote every SuperUser's training twice (issue 15).
    per_module = TrainingRecord.objects.values("user_id", "module_id").annotate(n=Count("pk"))
    assert per_module and max(row["n"] for row in per_module) == 1
    superusers = Membership.objects.filter(role=Membership.Role.SUPERUSER)
    for member in superusers.select_related("licence"):
        licensed = set(member.licence.modules.values_list("pk", flat=True))
        trained = set(
            TrainingRecord.objects.filter(user_id=member.user_id).values_list(
                "module_id", flat=True
            )
        )
        assert trained == licensed


def test_the_seed_leaves_the_planner_statistics_on_postgresql(db):
    """A bulk load without statistics misleads PostgreSQL's planner (with autovacuum off
    or not yet round, the queue sorted a team's every open ticket): the seed analyses."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite gathers its statistics at the connection's close")

    def estimated(table):
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]

    seed(tickets=300)
    assert estimated("tickets_ticket") >= 300
    assert estimated("accounts_organization") >= 6
