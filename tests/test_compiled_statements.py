"""kundcenter.lib.compiled: a statement built once per process gives what its queryset
gives, for every value it is run with."""

from datetime import timedelta

import pytest
from django.db.models import Count, F
from django.utils import timezone

from kundcenter.lib.compiled import DELETE, EXISTS, UPDATE, Compiled, insert
from kundcenter.outbox.models import OutboxItem
from kundcenter.tickets.models import Ticket
from tests import factories

pytestmark = pytest.mark.django_db

TICKET_WITH_PEOPLE = Compiled(
    lambda pk: (
        Ticket.objects.select_related("organization", "reporter", "module")
        .annotate(n_events=Count("events"))
        .filter(pk=pk)
    )
)


def test_select_gives_the_querysets_instances_for_each_value(org_a, superuser_a, org_b):
    other = factories.make_superuser(org_b, "bo@example.se", "Bo Ek")
    first = factories.make_ticket(org_a, superuser_a)
    second = factories.make_ticket(org_b, other)
    for ticket in (first, second, first):
        (found,) = TICKET_WITH_PEOPLE.objects(ticket.pk)
        expected = Ticket.objects.select_related("organization", "reporter", "module").get(
            pk=ticket.pk
        )
        assert found.pk == ticket.pk and found.number == expected.number
        assert found.created_at == expected.created_at  # converted as Django converts
        assert found.organization.name == expected.organization.name
        assert found.reporter.email == expected.reporter.email
        assert found.n_events == expected.events.count()
    assert TICKET_WITH_PEOPLE.objects(first.pk + second.pk + 1000) == []


def test_update_exists_and_delete_with_integers_and_datetimes():
    now = timezone.now()
    row = OutboxItem.objects.create(topic="t", channel="c", next_attempt_at=now)
    due = Compiled(
        lambda pk, attempts, now, until: (
            OutboxItem.objects.filter(pk=pk, attempts=attempts, next_attempt_at__lte=now),
            {"attempts": F("attempts") + 1, "next_attempt_at": until},
        ),
        UPDATE,
        datetimes={"now", "until"},
    )
    later = now + timedelta(minutes=5)
    assert due.run(row.pk, 0, now - timedelta(seconds=1), later) == 0  # not due yet
    assert due.run(row.pk, 0, now, later) == 1
    row.refresh_from_db()
    assert (row.attempts, row.next_attempt_at) == (1, later)
    assert due.run(row.pk, 0, later, later) == 0  # attempts as read: taken already

    there = Compiled(lambda pk: OutboxItem.objects.filter(pk=pk), EXISTS)
    gone = Compiled(
        lambda pk, attempts: OutboxItem.objects.filter(pk=pk, attempts=attempts), DELETE
    )
    assert there.exists(row.pk)
    assert gone.run(row.pk, 0) == 0
    assert gone.run(row.pk, 1) == 1
    assert not there.exists(row.pk)


def test_a_value_that_does_not_reach_the_statement_is_refused():
    ignored = Compiled(lambda pk: OutboxItem.objects.filter(pk=pk + 1), EXISTS)
    with pytest.raises(ValueError, match="does not reach"):
        ignored.exists(1)


def test_a_list_of_any_length_including_none():
    rows = [OutboxItem.objects.create(topic="t", channel=f"c{i}") for i in range(3)]
    some = Compiled(lambda pks: OutboxItem.objects.filter(pk__in=pks).order_by("pk"), lists={"pks"})
    pks = [r.pk for r in rows]
    for chosen in ([], pks[:1], pks[1:], pks, pks[:1]):
        assert [o.channel for o in some.objects(chosen)] == [
            o.channel for o in OutboxItem.objects.filter(pk__in=chosen).order_by("pk")
        ]


def test_a_small_integer_column_is_refused_rather_than_matching_nothing(org_a, superuser_a):
    ticket = factories.make_ticket(org_a, superuser_a)
    Ticket.objects.filter(pk=ticket.pk).update(service_level=3)
    level = Compiled(lambda level: Ticket.objects.filter(service_level=level), EXISTS)
    try:  # the marker fits SQLite's integers, not PostgreSQL's smallint
        found = level.exists(3)
    except ValueError as exc:
        assert "out of range" in str(exc)
    else:
        assert found and not level.exists(4)


def test_insert_gives_each_row_its_key_as_bulk_create_does():
    for count in (1, 3, 1):
        made = [
            OutboxItem(topic="t", channel=f"c{i}", payload={"n": i, "ö": ["å"]})
            for i in range(count)
        ]
        insert(made)
        for item in made:
            stored = OutboxItem.objects.get(pk=item.pk)
            assert (stored.channel, stored.payload) == (item.channel, item.payload)
            assert stored.created_at == item.created_at and not item._state.adding
