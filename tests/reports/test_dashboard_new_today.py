"""Today's new tickets by category count the Stockholm calendar day: a ticket registered
at 23:30 UTC the day before is today's in winter (00:30) and in summer (01:30)."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse

from kundcenter.reports.dashboard import new_today_by_category
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Category
from tests.conftest import login
from tests.reports.dashboard_helpers import STOCKHOLM, local, ticket

UTC = datetime.UTC


def _expected(now):
    today = now.astimezone(STOCKHOLM).date()
    counts = Counter(
        t.category
        for t in Ticket.objects.all()
        if t.created_at.astimezone(STOCKHOLM).date() == today
    )
    return [(str(label), counts[value]) for value, label in Category.choices]


@pytest.mark.parametrize(
    "now,late_yesterday_utc,before",
    [
        # Winter (UTC+1): 23:30 UTC is 00:30 today; 22:30 UTC is 23:30 yesterday.
        (local(2026, 1, 15, 9), datetime.datetime(2026, 1, 14, 23, 30, tzinfo=UTC), 60),
        # Summer (UTC+2): 23:30 UTC is 01:30 today; 21:30 UTC is 23:30 yesterday.
        (local(2026, 7, 15, 9), datetime.datetime(2026, 7, 14, 23, 30, tzinfo=UTC), 120),
    ],
    ids=["winter", "summer"],
)
def test_todays_new_tickets_follow_the_stockholm_day(customers, now, late_yesterday_utc, before):
    a, b = customers
    today_early = ticket(a, category="bug", service_level=3, created_at=late_yesterday_utc)
    yesterday = ticket(
        b,
        category="bug",
        service_level=3,
        created_at=late_yesterday_utc - datetime.timedelta(minutes=before),
    )
    ticket(a, category="support", created_at=now - datetime.timedelta(hours=1))
    ticket(b, category="support", created_at=now)
    ticket(a, category="order", created_at=local(now.year, now.month, now.day, 23, 59))
    ticket(b, category="request", created_at=now + datetime.timedelta(days=1))
    result = new_today_by_category(now)
    assert result.day == now.date()
    assert result.rows == _expected(now)
    assert dict(result.rows) == {
        "Support question": 2,
        "Software bug": 1,
        "Feature request": 0,
        "Order": 1,
    }
    assert result.total == 4
    assert yesterday.created_at.astimezone(STOCKHOLM).date() < now.date()
    assert today_early.created_at.astimezone(STOCKHOLM).date() == now.date()


def test_the_chart_draws_the_same_numbers(customers):
    now = local(2026, 11, 18, 14)
    for category in ("support", "support", "order"):
        ticket(customers[0], category=category, created_at=now)
    result = new_today_by_category(now)
    assert result.chart.startswith("<svg") and 'class="chart chart-bar"' in result.chart
    assert result.chart.count('class="bar series-0"') == len(Category.choices)
    assert "<title>Support question: New 2</title>" in result.chart
    assert "<title>Order: New 1</title>" in result.chart


def test_the_page_shows_the_chart_and_the_table(client, manager, customers):
    ticket(customers[0], category="order")
    login(client, manager)
    html = client.get(reverse("reports:dashboard")).text
    assert 'data-table="new-today"' in html and "svg" in html
