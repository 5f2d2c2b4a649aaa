"""The SLA sweep warns at 75 % of a response time and marks and reports breaches, once.

A level 1 bug registered Monday 9 March 2026 08:00: warning at 09:30 (75 % of 2 h),
handling due 10:00, resolution due 16:00 the same day. The customer org_a is served by
the Hantverk team, whose specialist is Sara; Hans is in the other team.
"""

import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from kundcenter.sla.sweep import sweep
from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket, TicketEvent
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.sla.helpers import at

REGISTERED = at(2026, 3, 9, 8)
BEFORE_WARNING = at(2026, 3, 9, 9, 29)
WARNING = at(2026, 3, 9, 9, 31)
LATE = at(2026, 3, 9, 10, 1)
RESOLUTION_LATE = at(2026, 3, 9, 16, 1)


def level_1_bug(org, reporter):
    return factories.make_ticket(
        org, reporter, category="bug", service_level=1, module="lon", now=REGISTERED
    )


def run(django_capture_on_commit_callbacks, now):
    """One sweep whose mails go out as they would after its commits."""
    with django_capture_on_commit_callbacks(execute=True):
        return sweep(now=now)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def sla_events(ticket):
    return list(ticket.events.filter(kind=TicketEvent.Kind.SLA).values_list("new_value", flat=True))


@pytest.fixture
def people(specialist_hantverk, specialist_handel, manager):
    return specialist_hantverk, specialist_handel, manager


@pytest.mark.django_db
def test_an_unassigned_ticket_warns_its_team_once_then_reports_each_breach_once(
    org_a, superuser_a, people, django_capture_on_commit_callbacks
):
    ticket = level_1_bug(org_a, superuser_a)
    mail.outbox.clear()

    assert run(django_capture_on_commit_callbacks, BEFORE_WARNING).warned == []
    assert mail.outbox == []

    result = run(django_capture_on_commit_callbacks, WARNING)
    assert result.warned == [ticket.pk]
    assert recipients() == ["sara.specialist@kundcenter.example"]  # the team, not Hans
    assert ticket.number in mail.outbox[0].subject
    assert run(django_capture_on_commit_callbacks, at(2026, 3, 9, 9, 45)).warned == []
    assert len(mail.outbox) == 1

    mail.outbox.clear()
    result = run(django_capture_on_commit_callbacks, LATE)
    assert result.response_breached == [ticket.pk]
    assert recipients() == ["anna.chef@kundcenter.example"]
    ticket.refresh_from_db()
    assert ticket.response_breached_at == at(2026, 3, 9, 10)  # when it became late
    assert ticket.response_warned_at == WARNING  # the warning is not rewritten

    mail.outbox.clear()
    assert run(django_capture_on_commit_callbacks, at(2026, 3, 9, 11)).response_breached == []
    assert mail.outbox == []

    result = run(django_capture_on_commit_callbacks, RESOLUTION_LATE)
    assert result.resolution_breached == [ticket.pk]
    assert recipients() == ["anna.chef@kundcenter.example"]
    ticket.refresh_from_db()
    assert ticket.resolution_breached_at == at(2026, 3, 9, 16)

    mail.outbox.clear()
    result = run(django_capture_on_commit_callbacks, at(2026, 3, 10, 9))
    assert (result.warned, result.response_breached, result.resolution_breached) == ([], [], [])
    assert mail.outbox == []
    assert sla_events(ticket) == ["warned", "response_breached", "resolution_breached"]


@pytest.mark.django_db
def test_an_assigned_ticket_warns_only_its_assignee(
    org_a, superuser_a, people, django_capture_on_commit_callbacks
):
    specialist, _other, manager = people
    ticket = level_1_bug(org_a, superuser_a)
    actions.assign(ticket, manager, specialist, now=at(2026, 3, 9, 8, 5))
    factories.make_user(
        "lisa.kollega@kundcenter.example",
        staff_role="specialist",
        team=specialist.team,
    )
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks, WARNING)
    assert recipients() == ["sara.specialist@kundcenter.example"]


@pytest.mark.django_db
def test_a_ticket_handled_in_time_is_neither_warned_nor_late(
    org_a, superuser_a, people, django_capture_on_commit_callbacks
):
    specialist, _other, _manager = people
    ticket = level_1_bug(org_a, superuser_a)
    actions.reply(ticket, specialist, "Vi tittar på det.", now=at(2026, 3, 9, 9))
    mail.outbox.clear()
    for now in (WARNING, LATE):
        result = run(django_capture_on_commit_callbacks, now)
        assert (result.warned, result.response_breached) == ([], [])
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_warned_ticket_that_goes_late_is_reported_but_not_warned_again(
    org_a, superuser_a, people, django_capture_on_commit_callbacks
):
    ticket = level_1_bug(org_a, superuser_a)
    # The sweep did not run between 09:30 and 10:00: only the breach is reported.
    result = run(django_capture_on_commit_callbacks, LATE)
    assert (result.warned, result.response_breached) == ([], [ticket.pk])
    assert run(django_capture_on_commit_callbacks, at(2026, 3, 9, 10, 30)).warned == []
    assert sla_events(ticket) == ["response_breached"]


@pytest.mark.django_db
def test_a_paused_or_closed_ticket_is_never_warned_or_reported(
    org_a, superuser_a, people, django_capture_on_commit_callbacks
):
    specialist, _other, _manager = people
    waiting = level_1_bug(org_a, superuser_a)
    actions.transition(waiting, specialist, Status.WAITING, now=at(2026, 3, 9, 9))
    closed = level_1_bug(org_a, superuser_a)
    actions.close(closed, specialist, "duplicate", reason="Dubblett", now=at(2026, 3, 9, 9))
    mail.outbox.clear()
    for now in (WARNING, LATE, RESOLUTION_LATE, at(2026, 3, 20)):
        result = run(django_capture_on_commit_callbacks, now)
        assert (result.warned, result.response_breached, result.resolution_breached) == (
            [],
            [],
            [],
        )
    assert mail.outbox == []
    assert sla_events(waiting) == ["paused"]  # the pause itself, nothing the sweep wrote
    assert sla_events(closed) == []


@pytest.mark.django_db
def test_two_sweeps_at_the_same_moment_claim_each_ticket_once(
    org_a, superuser_a, people, django_capture_on_commit_callbacks
):
    tickets = [level_1_bug(org_a, superuser_a) for _ in range(3)]
    mail.outbox.clear()
    first = run(django_capture_on_commit_callbacks, LATE)
    second = run(django_capture_on_commit_callbacks, LATE)
    assert sorted(first.response_breached) == sorted(t.pk for t in tickets)
    assert second.response_breached == []
    assert len(mail.outbox) == 3  # one mail per ticket to the one manager


@pytest.mark.django_db
def test_the_command_runs_a_sweep(org_a, superuser_a, people, capsys):
    level_1_bug(org_a, superuser_a)  # registered in 2026: long overdue by now
    call_command("sla_sweep")
    assert "handling late 1, resolution late 1" in capsys.readouterr().out
    call_command("sla_sweep")
    assert "warned 0, handling late 0, resolution late 0" in capsys.readouterr().out


# transaction=True: each thread's sweep really commits, as two workers would.
# serialized_rollback=True: the flush afterwards must not lose the seeded teams and terms.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sweeps_in_two_threads_claim_each_ticket_once_on_postgresql(org_a, superuser_a, people):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    tickets = [level_1_bug(org_a, superuser_a) for _ in range(40)]
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    results, errors = [], []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait(timeout=30)
            result = sweep(now=RESOLUTION_LATE)  # autocommit: mails go out at once
            with lock:
                results.append(result)
        except Exception as exc:  # collected and reported by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    expected = sorted(t.pk for t in tickets)
    for kind in ("response_breached", "resolution_breached"):
        claimed = [pk for result in results for pk in getattr(result, kind)]
        assert sorted(claimed) == expected, kind  # every ticket once, none twice
    assert TicketEvent.objects.filter(kind=TicketEvent.Kind.SLA).count() == 2 * len(tickets)
    assert len(mail.outbox) == 2 * len(tickets)  # two breaches each, one manager
    assert Ticket.objects.filter(response_breached_at__isnull=True).count() == 0
