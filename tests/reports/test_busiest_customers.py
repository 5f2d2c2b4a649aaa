"""The volumes report's "customers with most new tickets" equals a count made here from
the raw tickets, whichever way the report finds them: from the counts per customer and
month (each month's busiest customers as candidates, everyone when a customer outside
them could still reach the list) and the tickets of months cut by the range; for every
lane or one; and from the tickets when filtered."""

import datetime
import random

import pytest
from django.db.models import Q

from kundcenter.reports import volumes as volumes_module
from kundcenter.reports.framework import DateRange
from kundcenter.reports.volumes import volumes
from kundcenter.tickets.models import Ticket
from tests import factories
from tests.reports.helpers import local, place
from tests.sla.helpers import STOCKHOLM

pytestmark = pytest.mark.django_db

FIRST, LAST = datetime.date(2026, 8, 20), datetime.date(2026, 10, 31)


@pytest.fixture
def spread():
    """70 tickets of seven customers, some far busier, from August to early November."""
    rng = random.Random(7)
    customers = []
    for n in range(7):
        org = factories.make_org(f"Kund {chr(ord('A') + n)}")
        customers.append((org, factories.make_superuser(org)))
    span = (local(2026, 11, 5) - local(2026, 8, 10)).total_seconds()
    for _ in range(70):
        org, reporter = rng.choices(customers, weights=[8, 5, 3, 2, 1, 1, 1])[0]
        place(
            factories.make_ticket(org, reporter),
            created=local(2026, 8, 10) + datetime.timedelta(seconds=rng.uniform(0, span)),
            lane=rng.choice(["support", "support", "product"]),
        )
    return customers


def expected(first, last, lane=None, top=10):
    counted = {}
    for t in Ticket.objects.select_related("organization"):
        day = t.created_at.astimezone(STOCKHOLM).date()
        if first <= day <= last and (lane is None or t.lane == lane):
            counted[t.organization.name] = counted.get(t.organization.name, 0) + 1
    ranked = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    return [[name, n] for name, n in ranked[:top]]


def shown(first=FIRST, last=LAST, scope=None, **filters):
    data = {
        "dates": DateRange(first, last),
        "grouping": "month",
        "breakdown": "category",
        **filters,
    }
    return volumes(data, scope or Q()).table("customers").rows


@pytest.mark.parametrize("candidates", [1, 2, 50])
@pytest.mark.parametrize("top", [2, 3, 10])
def test_the_busiest_customers_match_the_tickets(spread, monkeypatch, candidates, top):
    monkeypatch.setattr(volumes_module, "MONTH_CANDIDATES", candidates)
    monkeypatch.setattr(volumes_module, "TOP_CUSTOMERS", top)
    assert shown() == expected(FIRST, LAST, top=top)
    # Whole months only, and cut months only.
    september, october = datetime.date(2026, 9, 1), datetime.date(2026, 10, 31)
    assert shown(september, october) == expected(september, october, top=top)
    inside = datetime.date(2026, 9, 5), datetime.date(2026, 10, 3)
    assert shown(*inside) == expected(*inside, top=top)
    # One lane.
    assert shown(scope=Q(lane="product")) == expected(FIRST, LAST, "product", top=top)


def test_filtered_busiest_customers_match_the_tickets(spread):
    first_customer = spread[0][0]
    rows = shown(channel="portal")
    assert rows == expected(FIRST, LAST)  # every ticket here came through the portal
    assert rows[0][0] == first_customer.name
