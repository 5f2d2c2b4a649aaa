"""The service-level report's shares and the times report's medians equal those worked
out by hand from the raw tickets."""

import pytest
from django.db.models import Q

from kundcenter.reports import sla
from kundcenter.reports.framework import DateRange
from kundcenter.reports.service_level import service_levels, times
from kundcenter.tickets.models import Ticket
from tests.reports.sla_helpers import (
    FIRST,
    LAST,
    expected_compliance,
    expected_times,
    registered_in,
    row,
    sla_tickets,
)

LEVEL_LABELS = {
    1: "1 – the service cannot start",
    2: "2 – business considerably hampered",
    3: "3 – part of the business hampered",
    4: "4 – important, can be worked around",
    5: "5 – standard level",
}


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
    report = run(times)
    september = registered_in(tickets, FIRST, FIRST.replace(day=30))
    october = registered_in(tickets, LAST.replace(day=1), LAST)
    every = registered_in(tickets)
    assert report.table("months").rows == [
        ["2026-09", *expected_times(september)],
        ["2026-10", *expected_times(october)],
    ]
    assert report.table("total").rows == [["Total", *expected_times(every)]]
    assert report.table("total").rows[0][2] > 0

    def grouped(key):
        groups = {}
        for t in every:
            groups.setdefault(key(t), []).append(t)
        return {label: expected_times(members) for label, members in groups.items()}

    def as_dict(key):
        return {r[0]: r[1:] for r in report.table(key).rows}

    assert as_dict("levels") == grouped(
        lambda t: LEVEL_LABELS[t.service_level] if t.service_level else "(none)"
    )
    assert as_dict("categories") == grouped(lambda t: str(t.get_category_display()))
    assert as_dict("teams") == grouped(lambda t: t.team.name)


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
