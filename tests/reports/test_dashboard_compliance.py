"""The dashboard's service-level panel: the share of this month's tickets (registered so
far, Stockholm time) handled and resolved in time, against the whole previous month.
Tickets still within their targets are not counted yet."""

import datetime

from django.urls import reverse

from kundcenter.reports.dashboard import month_compliance
from kundcenter.tickets.models import Ticket
from tests.conftest import login
from tests.reports.dashboard_helpers import local, reset_sla, ticket

NOW = local(2026, 11, 18, 10, 0)
HOUR = datetime.timedelta(hours=1)


def _make(customers):
    a, b = customers
    this_month = local(2026, 11, 3, 9, 0)
    previous_month = local(2026, 10, 20, 9, 0)
    # This month: handling 2 in time, 1 late, 1 pending; resolution 1 met, 1 breached.
    ticket(
        a,
        **reset_sla(
            created_at=this_month, response_due_at=this_month + HOUR, handling_started_at=this_month
        ),
    )
    ticket(
        a,
        **reset_sla(
            created_at=this_month,
            response_due_at=this_month + HOUR,
            handling_started_at=this_month,
            resolution_due_at=this_month + 9 * HOUR,
            status="closed",
            closed_at=this_month + 2 * HOUR,
        ),
    )
    ticket(
        b,
        **reset_sla(
            created_at=this_month,
            response_due_at=this_month + HOUR,
            response_breached_at=this_month + HOUR,
            resolution_due_at=this_month + 9 * HOUR,
            resolution_breached_at=this_month + 9 * HOUR,
        ),
    )
    ticket(b, **reset_sla(created_at=NOW - HOUR, response_due_at=NOW + HOUR))
    # The first minute of the month in Stockholm is still October in UTC: this month.
    ticket(
        b,
        **reset_sla(
            created_at=datetime.datetime(2026, 10, 31, 23, 0, tzinfo=datetime.UTC),
            response_due_at=NOW,
            handling_started_at=NOW - HOUR,
        ),
    )
    # The previous month: handling 1 in time, 1 late; resolution 1 met.
    ticket(
        a,
        **reset_sla(
            created_at=previous_month,
            response_due_at=previous_month + HOUR,
            handling_started_at=previous_month,
            resolution_due_at=previous_month + 9 * HOUR,
            status="closed",
            closed_at=previous_month + HOUR,
        ),
    )
    ticket(
        a,
        **reset_sla(
            created_at=previous_month,
            response_due_at=previous_month + HOUR,
            response_breached_at=previous_month + HOUR,
        ),
    )
    # Before the previous month: not shown.
    ticket(b, **reset_sla(created_at=local(2026, 9, 30, 9, 0), response_due_at=NOW,
                          response_breached_at=NOW))  # fmt: skip


def _expected(start, end):
    """Shares worked out from the raw tickets, by the definitions in the panel's text."""
    handled = late = met = breached = 0
    for t in Ticket.objects.all():
        if not start <= t.created_at < end:
            continue
        if t.response_due_at is not None:
            if t.response_breached_at is not None:
                late += 1
            elif t.handling_started_at is not None:
                handled += 1
        if t.resolution_due_at is not None:
            if t.resolution_breached_at is not None:
                breached += 1
            elif t.closed_at is not None:
                met += 1
    return (
        handled / (handled + late) if handled + late else None,
        met / (met + breached) if met + breached else None,
    )


def test_this_months_shares_are_set_against_the_previous_month(customers):
    _make(customers)
    panel = month_compliance(NOW)

    november = datetime.datetime(2026, 10, 31, 23, 0, tzinfo=datetime.UTC)
    october = datetime.datetime(2026, 9, 30, 22, 0, tzinfo=datetime.UTC)
    this_handling, this_resolution = _expected(november, NOW)
    previous_handling, previous_resolution = _expected(october, november)
    assert (panel.month, panel.previous_month) == (datetime.date(2026, 11, 1),
                                                   datetime.date(2026, 10, 1))  # fmt: skip
    assert panel.this["handling_share"] == this_handling == 3 / 4
    assert panel.this["resolution_share"] == this_resolution == 1 / 2
    assert panel.previous["handling_share"] == previous_handling == 1 / 2
    assert panel.previous["resolution_share"] == previous_resolution == 1.0


def test_a_month_without_targets_shows_no_share(customers):
    panel = month_compliance(NOW)
    assert [(this, previous) for _label, this, previous in panel.rows] == [
        (None, None),
        (None, None),
    ]


def test_the_manager_sees_the_panel_with_a_link_to_the_report(client, manager, customers):
    login(client, manager)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert 'data-table="compliance"' in page
    assert reverse("reports:service_levels") in page
