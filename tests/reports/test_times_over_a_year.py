"""The times report over a year and more: its figures, read from band cells and then the
buckets of the bands holding the ranks (kundcenter.reports.sla.times_from_histograms),
are those of ranking every ticket's bucketed durations, worked out here from the raw
tickets, over ranges across quarters and the new year with cut days at each end (added,
or taken away from a month read whole)."""

import datetime
import math

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from kundcenter.reports.framework import DateRange
from kundcenter.reports.service_level import times
from kundcenter.tickets.workflows import Lane
from tests import factories
from tests.reports.helpers import local, place
from tests.reports.sla_helpers import (
    LEVEL_LABELS,
    assert_times_close,
    durations,
    registered_in,
    sla_tickets,
)
from tests.reports.test_report_counts_follow_every_change import bucket_of

D = datetime.date


@pytest.fixture
def tickets(customers):
    made = sla_tickets(90, customers, seed=11, start=local(2025, 11, 20), end=local(2027, 2, 10))
    # Resolutions of hundreds of business hours (the hourly and ten-hour buckets).
    org, reporter = customers[0]
    for n, (created, days) in enumerate(
        ((local(2026, 1, 12), 40), (local(2026, 3, 30), 150), (local(2026, 7, 1), 260))
    ):
        ticket = factories.make_ticket(org, reporter, category="bug", service_level=1 + n)
        closed = created + datetime.timedelta(days=days)
        made.append(place(ticket, created=created, closed=closed, handling_started_at=created))
    return made


def bucketed(tickets) -> list:
    """The report's row for `tickets`: counts, and the median and 90th percentile of their
    durations' buckets, in hours to the tenth shown."""
    row = []
    for values in durations(tickets):
        ordered = sorted(bucket_of(max(v, 0)) for v in values)
        n = len(ordered)
        if not n:
            row += [0, None, None]
            continue
        median = (ordered[(n + 1) // 2 - 1] + ordered[n // 2]) / 2
        p90 = ordered[max(1, math.ceil(0.9 * n)) - 1]
        row += [n, round(median / 3600, 1), round(p90 / 3600, 1)]
    return row


def check(report, members):
    """Every row of the times report against the tickets registered in its range."""

    def rows(table):
        return {r[0]: r[1:] for r in report.table(table).rows}

    assert rows("total")["Total"] == bucketed(members)
    assert_times_close(rows("total")["Total"], members)
    by_month = {}
    for t in members:
        month = t.created_at.astimezone(local(2026, 1, 1).tzinfo).strftime("%Y-%m")
        by_month.setdefault(month, []).append(t)
    for label, shown in rows("months").items():
        assert shown == bucketed(by_month.get(label, [])), label
    for table, key in (
        ("levels", lambda t: LEVEL_LABELS[t.service_level] if t.service_level else "(none)"),
        ("categories", lambda t: str(t.get_category_display())),
        ("teams", lambda t: t.team.name),
    ):
        groups = {}
        for t in members:
            if t.handling_started_at is not None or t.closed_at is not None:
                groups.setdefault(key(t), []).append(t)
        shown = rows(table)
        assert set(shown) == set(groups), table
        for label, group in groups.items():
            assert shown[label] == bucketed(group), (table, label)


@pytest.mark.parametrize(
    "first,last,today",
    [
        # The default year ending today: December's first week taken away from the whole
        # month, the current month read whole (its days to come hold nothing).
        (D(2025, 12, 8), D(2026, 12, 7), D(2026, 12, 7)),
        # A calendar year: whole months only.
        (D(2026, 1, 1), D(2026, 12, 31), D(2027, 3, 1)),
        # Across the new year, cut at both ends: the first month's days added, the last
        # month read whole less its days after the range.
        (D(2026, 2, 20), D(2027, 2, 5), D(2027, 3, 1)),
        # The first month read whole less its first days, the last month's days added.
        (D(2025, 12, 4), D(2026, 12, 3), D(2027, 3, 1)),
        # More than a year, across quarters, with today inside the last month.
        (D(2025, 11, 25), D(2027, 1, 31), D(2027, 1, 12)),
        # One month cut at both ends: taken away on both sides, then added.
        (D(2026, 10, 3), D(2026, 10, 28), D(2027, 3, 1)),
        (D(2026, 10, 10), D(2026, 10, 20), D(2027, 3, 1)),
    ],
)
def test_times_over_a_year_are_those_of_the_tickets(tickets, monkeypatch, first, last, today):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)
    report = times({"dates": DateRange(first, last), "breakdown": "service_level"}, Q())
    members = registered_in(tickets, first, last)
    assert members
    check(report, members)


def test_a_lanes_year_is_that_of_its_tickets(tickets):
    first, last = D(2025, 12, 15), D(2026, 12, 14)
    report = times({"dates": DateRange(first, last)}, Q(lane=Lane.PRODUCT))
    members = [t for t in registered_in(tickets, first, last) if t.lane == Lane.PRODUCT]
    assert members
    check(report, members)


def test_a_year_takes_as_many_queries_as_a_month(tickets):
    def queries(first, last):
        with CaptureQueriesContext(connection) as captured:
            times({"dates": DateRange(first, last)}, Q())
        return len(captured)

    assert queries(D(2025, 12, 8), D(2026, 12, 7)) == queries(D(2026, 9, 3), D(2026, 10, 2))
