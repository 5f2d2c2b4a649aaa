"""The overview runs a fixed number of queries, whatever the number of tickets, with
every panel filled: open tickets, today's new ones, deadlines soon and breaches."""

import datetime

import pytest
from django.urls import reverse

from kundcenter.sla.policy import get_calendar
from kundcenter.tickets.models import Ticket
from tests.conftest import login
from tests.reports.helpers import random_tickets

# Measured 16 with every panel: the session and user, the two-factor check, the
# processing log, and each panel's own queries (the service-level panel two).
CEILING = 17


@pytest.mark.parametrize("count", [5, 50])
def test_overview_queries_do_not_grow(
    client, manager, customers, count, django_assert_max_num_queries
):
    tickets = random_tickets(count, customers, seed=count)
    now = datetime.datetime.now(datetime.UTC)
    soon = get_calendar().add(now, datetime.timedelta(hours=1))
    for n, t in enumerate(tickets):
        Ticket.objects.filter(pk=t.pk).update(
            status="new",
            closed_at=None,
            created_at=now - datetime.timedelta(minutes=n % 3),
            next_due_at=soon,
            response_due_at=soon,
            response_breached_at=now - datetime.timedelta(seconds=1) if n % 2 else None,
            resolution_breached_at=now - datetime.timedelta(seconds=2) if n % 3 else None,
        )
    login(client, manager)
    client.get(reverse("reports:dashboard"))  # session, two-factor and calendar settle
    with django_assert_max_num_queries(CEILING) as queries:
        page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    built = {b.panel.key: b.data for b in page.context["panels"]}
    assert built["open"].total == len(tickets)
    assert built["due-soon"].count == len(tickets)
    assert built["breaches"].breaches and built["new-today"].total
    with django_assert_max_num_queries(len(queries)):
        client.get(reverse("reports:dashboard"), headers={"HX-Request": "true"})
