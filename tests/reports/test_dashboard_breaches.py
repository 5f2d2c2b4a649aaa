"""Breaches this week: the handling and resolution targets missed since Monday 00:00
Stockholm time, counted per team and listed; last week's breaches stay out."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse

from kundcenter.reports.dashboard import breaches_this_week, week_start
from kundcenter.tickets.models import Ticket
from tests.conftest import login
from tests.reports.dashboard_helpers import local, reset_sla, ticket

UTC = datetime.UTC
MINUTE = datetime.timedelta(minutes=1)

# (now, Monday 00:00 of its week by hand): a winter week, and a week that ends in the
# night summer time does (Sunday 25 October 2026), whose Monday was still summer time.
WEEKS = [
    (local(2026, 11, 18, 10, 0), datetime.datetime(2026, 11, 15, 23, 0, tzinfo=UTC)),
    (local(2026, 10, 25, 12, 0), datetime.datetime(2026, 10, 18, 22, 0, tzinfo=UTC)),
]


def _expected(start, now):
    counts = Counter()
    listed = []
    for t in Ticket.objects.select_related("team"):
        for target, at in (
            ("response", t.response_breached_at),
            ("resolution", t.resolution_breached_at),
        ):
            if at is not None and start <= at <= now:
                counts[(t.team.name, target)] += 1
                listed.append((t.number, target, at))
    return counts, sorted(listed, key=lambda b: (b[2], b[0]), reverse=True)


@pytest.fixture(params=WEEKS, ids=["winter", "summer-time-ends"])
def week(request, customers):
    now, monday = request.param
    a, b = customers
    tickets = {
        "first_minutes": ticket(a, **reset_sla(response_breached_at=monday + MINUTE)),
        "last_sunday": ticket(a, **reset_sla(resolution_breached_at=monday - MINUTE)),
        "both": ticket(
            b,
            **reset_sla(
                response_breached_at=monday + datetime.timedelta(hours=9),
                resolution_breached_at=now - datetime.timedelta(hours=1),
            ),
        ),
        "handling_last_week": ticket(
            b,
            **reset_sla(
                response_breached_at=monday - datetime.timedelta(days=3),
                resolution_breached_at=now - MINUTE,
                status="closed",
            ),
        ),
        "after_now": ticket(a, **reset_sla(response_breached_at=now + MINUTE)),
        "never": ticket(b, **reset_sla()),
    }
    return now, monday, tickets


def test_week_starts_on_monday_midnight_in_stockholm(week):
    now, monday, _tickets = week
    assert week_start(now) == monday


def test_breaches_per_team_match_the_raw_tickets(week):
    now, monday, tickets = week
    result = breaches_this_week(now)
    counts, listed = _expected(monday, now)
    got = {(row.team, "response"): row.response for row in result.teams}
    got.update({(row.team, "resolution"): row.resolution for row in result.teams})
    assert {k: v for k, v in got.items() if v} == dict(counts)
    assert result.total == sum(counts.values()) == 4
    assert [(b.ticket.number, b.target, b.at) for b in result.breaches] == listed


def test_last_weeks_breaches_are_left_out(week):
    now, _monday, tickets = week
    result = breaches_this_week(now)
    shown = {(b.ticket.number, b.target) for b in result.breaches}
    assert (tickets["first_minutes"].number, "response") in shown
    assert tickets["last_sunday"].number not in {n for n, _t in shown}
    assert (tickets["handling_last_week"].number, "response") not in shown
    assert (tickets["handling_last_week"].number, "resolution") in shown
    assert tickets["after_now"].number not in {n for n, _t in shown}


def test_the_page_lists_this_weeks_breaches_with_links(client, manager, customers):
    now = datetime.datetime.now(UTC)
    late = ticket(customers[0], title="Sen lönekörning", **reset_sla(response_breached_at=now))
    login(client, manager)
    html = client.get(reverse("reports:dashboard")).text
    assert reverse("agent:ticket", args=[late.number]) in html
    assert "Sen lönekörning" in html and 'data-table="breaches-per-team"' in html
