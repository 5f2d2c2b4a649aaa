"""The service-level report's shares and the times report's medians equal those worked
out by hand from the raw tickets."""

import datetime

import pytest
from django.db.models import Q

from kundcenter.reports import sla
from kundcenter.reports.framework import DateRange
from kundcenter.reports.service_level import service_levels, times
from kundcenter.tickets.models import Ticket
from tests.reports.sla_helpers import (
    FIRST,
    LAST,
    LEVEL_LABELS,
    assert_times_close,
    expected_compliance,
    expected_times,
    registered_in,
    row,
    sla_tickets,
)


@pytest.fixture
def tickets(customers):
    return sla_tickets(60, customers)


def run(report, **filters):
    data = {"dates": DateRange(FIRST, LAST), "breakdown": "service_level"}
    data.update(filters)
    return report(data, Q())


@pytest.mark.parametrize(
    "breakdown,key",
    [
        ("service_level", lambda t: LEVEL_LABELS[t.service_level] if t.service_level else "(none)"),
        ("category", lambda t: str(t.get_category_display())),
        ("team", lambda t: t.team.name),
        ("module", lambda t: t.module.name if t.module else "(none)"),
        ("customer", lambda t: t.organization.name),
    ],
)
def test_compliance_per_group_matches_the_tickets(tickets, breakdown, key):
    rows = run(service_levels, breakdown=breakdown).table("breakdown").rows
    assert {r[0]: r[1:] for r in rows} == expected_compliance(tickets, key)
    assert len(rows) == len({r[0] for r in rows})


def test_compliance_per_month_matches_the_tickets(tickets):
    rows = run(service_levels).table("months").rows
    september = registered_in(tickets, FIRST, FIRST.replace(day=30))
    october = registered_in(tickets, LAST.replace(day=1), LAST)
    assert rows == [row("2026-09", september), row("2026-10", october)]
    total = run(service_levels).table("total").rows
    assert total == [row("Total", registered_in(tickets))]
    assert 0 < total[0][3] < 1 and 0 < total[0][6] < 1  # the data has both outcomes


def test_the_dashboards_compliance_function(tickets):
    figures = sla.compliance(
        Ticket.objects.all(), DateRange(FIRST, LAST).start, DateRange(FIRST, LAST).end
    )
    expected = row("", registered_in(tickets))
    assert [
        figures["handled_in_time"],
        figures["handled_late"],
        figures["handling_share"],
        figures["resolved_in_time"],
        figures["resolution_breached"],
        figures["resolution_share"],
        figures["handling_pending"] + figures["resolution_pending"],
    ] == expected[1:]


def test_pending_tickets_stay_out_of_the_share(customers):
    from tests import factories
    from tests.reports.helpers import local
    from tests.reports.sla_helpers import H, place

    org, reporter = customers[0]
    created = local(2026, 10, 5, 9)

    def bug(**fields):
        ticket = factories.make_ticket(org, reporter, category="bug", service_level=2)
        return place(
            ticket,
            created=created,
            response_due_at=created + 4 * H,
            resolution_due_at=created + 40 * H,
            **fields,
        )

    bug(handling_started_at=created + H)  # in time, resolution pending
    bug(response_breached_at=created + 4 * H)  # late
    bug()  # pending: not counted in the share
    bug(handling_started_at=created + H, closed=created + 5 * H)  # in time, resolved
    figures = run(service_levels, breakdown="service_level").table("breakdown").rows
    assert figures == [[LEVEL_LABELS[2], 2, 1, 2 / 3, 1, 0, 1.0, 4]]


def test_filters_narrow_the_compliance(tickets):
    team = tickets[0].team
    mine = [t for t in tickets if t.team_id == team.pk]
    rows = run(service_levels, team=team, breakdown="category").table("breakdown").rows
    assert {r[0]: r[1:] for r in rows} == expected_compliance(
        mine, lambda t: str(t.get_category_display())
    )


def test_times_per_month_level_category_and_team_match_the_tickets(tickets):
    # Whole months: from the duration histograms (kundcenter.tickets.timings), as exact
    # as their buckets (a tenth of an hour below 48 h); the counts exactly.
    report = run(times)
    september = registered_in(tickets, FIRST, FIRST.replace(day=30))
    october = registered_in(tickets, LAST.replace(day=1), LAST)
    every = registered_in(tickets)
    months = report.table("months").rows
    assert [r[0] for r in months] == ["2026-09", "2026-10"]
    assert_times_close(months[0][1:], september)
    assert_times_close(months[1][1:], october)
    assert_times_close(report.table("total").rows[0][1:], every)
    assert report.table("total").rows[0][2] > 0

    def grouped(key):
        groups = {}
        for t in every:
            groups.setdefault(key(t), []).append(t)
        return groups

    def check(table, key):
        shown = {r[0]: r[1:] for r in report.table(table).rows}
        groups = grouped(key)
        assert set(shown) == set(groups)
        for label, members in groups.items():
            assert_times_close(shown[label], members)

    check("levels", lambda t: LEVEL_LABELS[t.service_level] if t.service_level else "(none)")
    check("categories", lambda t: str(t.get_category_display()))
    check("teams", lambda t: t.team.name)


@pytest.mark.parametrize(
    "first,last",
    [
        # Cut months only (the default 30 days): from the tickets, bucketed alike.
        (datetime.date(2026, 9, 10), datetime.date(2026, 10, 9)),
        # A whole month and a cut one.
        (datetime.date(2026, 9, 1), datetime.date(2026, 10, 20)),
    ],
)
def test_times_over_cut_months_match_the_tickets(tickets, first, last):
    report = run(times, dates=DateRange(first, last))
    every = registered_in(tickets, first, last)
    assert_times_close(report.table("total").rows[0][1:], every)
    for label, day_from, day_to in (
        ("2026-09", first, datetime.date(2026, 9, 30)),
        ("2026-10", datetime.date(2026, 10, 1), last),
    ):
        row = next(r for r in report.table("months").rows if r[0] == label)
        assert_times_close(row[1:], registered_in(tickets, day_from, day_to))
    teams = {r[0]: r[1:] for r in report.table("teams").rows}
    for team in {t.team for t in every}:
        assert_times_close(teams[team.name], [t for t in every if t.team_id == team.pk])


def test_times_of_a_lane_and_filtered_times_match_the_tickets(tickets):
    from kundcenter.tickets.workflows import Lane

    lane = {"dates": DateRange(FIRST, LAST), "breakdown": "service_level"}
    report = times(lane, Q(lane=Lane.PRODUCT))
    product = [t for t in registered_in(tickets) if t.lane == Lane.PRODUCT]
    assert product
    assert_times_close(report.table("total").rows[0][1:], product)
    # A team filter: from the tickets themselves, exactly.
    team = tickets[0].team
    mine = [t for t in registered_in(tickets) if t.team_id == team.pk]
    assert run(times, team=team).table("total").rows == [["Total", *expected_times(mine)]]


def test_resolution_time_leaves_out_the_paused_business_time(customers):
    from tests import factories
    from tests.reports.helpers import local
    from tests.reports.sla_helpers import place

    org, reporter = customers[0]
    # Registered Monday 5 October 09:00, closed Tuesday 10:00: 6 + 2 business hours
    # (lunch 12–13, closing 16), less one paused hour = 7 hours; handled after 30 minutes.
    created = local(2026, 10, 5, 9)
    place(
        factories.make_ticket(org, reporter),
        created=created,
        closed=local(2026, 10, 6, 10),
        handling_started_at=local(2026, 10, 5, 9, 30),
        paused_seconds=3600,
    )
    # Registered on Saturday evening, handled Monday 08:15: a quarter of an hour.
    place(
        factories.make_ticket(org, reporter),
        created=local(2026, 10, 3, 20),
        handling_started_at=local(2026, 10, 5, 8, 15),
    )
    assert run(times).table("total").rows == [["Total", 2, 0.4, 0.5, 1, 7.0, 7.0]]
