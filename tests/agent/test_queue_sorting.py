"""The queue's sortable columns: number, time left, latest activity, level and customer,
in both directions, as bookmarkable URLs (the `sort` parameter)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket
from tests import factories
from tests.agent.helpers import queue_numbers

EVERY = {"status": "all", "team": ""}


@pytest.fixture
def rows(org_a, org_b, superuser_a, superuser_b, manager):
    """Three tickets: B's (customer Handelshuset) newest with least activity."""
    factories.add_module(org_b, "order")
    first = factories.make_ticket(org_a, superuser_a, category="bug", service_level=4)
    second = factories.make_ticket(org_a, superuser_a, category="bug", service_level=1)
    third = factories.make_ticket(org_b, superuser_b, module="order")
    long_ago = timezone.now() - datetime.timedelta(days=3)
    Ticket.objects.filter(pk=third.pk).update(last_activity_at=long_ago)
    actions.reply(first, manager, "Senaste aktiviteten")
    return first, second, third


def _numbers(client, sort):
    return queue_numbers(client, **EVERY, sort=sort)


def test_sort_by_number(client, manager, rows):
    client.force_login(manager)
    numbers = [t.number for t in rows]
    assert _numbers(client, "number") == numbers
    assert _numbers(client, "-number") == numbers[::-1]


def test_sort_by_level_and_customer(client, manager, rows):
    first, second, third = rows
    client.force_login(manager)
    assert _numbers(client, "level") == [second.number, first.number, third.number]
    assert _numbers(client, "-level")[:2] == [first.number, second.number]
    assert _numbers(client, "customer")[-1] == third.number  # B… before H…
    assert _numbers(client, "-customer")[0] == third.number


def test_sort_by_latest_activity(client, manager, rows):
    first, second, third = rows
    client.force_login(manager)
    assert _numbers(client, "-activity")[0] == first.number
    assert _numbers(client, "activity")[0] == third.number


def test_sort_by_time_left_is_the_default_urgency(client, manager, rows):
    client.force_login(manager)
    assert _numbers(client, "due") == _numbers(client, "")
    assert _numbers(client, "nonsense") == _numbers(client, "")


def test_column_headers_link_to_the_sorted_queue(client, manager, rows):
    client.force_login(manager)
    html = client.get(reverse("agent:queue"), {**EVERY, "sort": "number"}).content.decode()
    assert 'aria-sort="ascending"' in html
    assert "sort=-number" in html  # clicking again reverses
    assert "sort=customer" in html and "sort=level" in html and "sort=-activity" in html
