"""The overview lists the open tickets whose next deadline falls within the next N
business hours: the window is measured on the SLA calendar, so on a Friday afternoon it
reaches into Monday morning and on an evening into the next morning."""

import datetime

import pytest
from django.urls import reverse

from kundcenter.reports.dashboard import bounded_hours, due_soon
from kundcenter.tickets.models import Ticket
from tests.conftest import login
from tests.reports.dashboard_helpers import local, reset_sla, ticket

FRIDAY_AFTERNOON = local(2026, 11, 13, 15, 0)  # open until 16:00, then the weekend
MONDAY_11 = local(2026, 11, 16, 11, 0)  # 1 h on Friday + 08–11 on Monday


def _due(customer, due, *, started=False, **fields):
    sla = reset_sla(next_due_at=due, **fields)
    if started:
        sla.update(handling_started_at=due - datetime.timedelta(days=3), resolution_due_at=due)
    else:
        sla.update(response_due_at=due)
    return ticket(customer, **sla)


def _expected(now, horizon):
    return [
        t.number
        for t in sorted(Ticket.objects.all(), key=lambda t: (t.next_due_at or now, t.pk))
        if t.status != "closed" and t.next_due_at is not None and now < t.next_due_at <= horizon
    ]


@pytest.fixture
def around_the_weekend(customers):
    a, b = customers
    return {
        "passed": _due(a, local(2026, 11, 13, 14, 59)),
        "friday": _due(a, local(2026, 11, 13, 15, 30)),
        "closing": _due(b, local(2026, 11, 13, 16, 0)),
        "saturday": _due(b, local(2026, 11, 14, 10, 0)),
        "monday_early": _due(a, local(2026, 11, 16, 8, 30), started=True),
        "at_horizon": _due(b, MONDAY_11),
        "just_after": _due(a, MONDAY_11 + datetime.timedelta(minutes=1)),
        "monday_afternoon": _due(b, local(2026, 11, 16, 14, 0)),
        "closed": _due(a, local(2026, 11, 16, 9, 0), status="closed"),
        "paused": ticket(a, **reset_sla(paused_at=local(2026, 11, 12), response_due_at=MONDAY_11)),
    }


def test_friday_afternoon_window_reaches_into_monday_morning(around_the_weekend):
    result = due_soon(FRIDAY_AFTERNOON, 4)
    assert result.horizon == MONDAY_11
    numbers = [row.ticket.number for row in result.tickets]
    assert numbers == _expected(FRIDAY_AFTERNOON, MONDAY_11)
    assert result.count == len(numbers) == 5
    named = {name for name, t in around_the_weekend.items() if t.number in numbers}
    assert named == {"friday", "closing", "saturday", "monday_early", "at_horizon"}


def test_each_row_says_which_target_and_the_business_time_left(around_the_weekend):
    rows = {row.ticket.number: row for row in due_soon(FRIDAY_AFTERNOON, 4).tickets}
    early = rows[around_the_weekend["monday_early"].number]
    assert early.target == "resolution" and early.due == local(2026, 11, 16, 8, 30)
    assert early.time_left == "1 h 30 min"  # 15–16 on Friday, 08–08:30 on Monday
    friday = rows[around_the_weekend["friday"].number]
    assert friday.target == "response" and friday.time_left == "30 min"
    assert early.ticket.team.name  # the team is joined in


@pytest.mark.parametrize(
    "hours,horizon",
    [
        (4, local(2026, 11, 18, 12, 0)),  # Wednesday 08–12
        (5, local(2026, 11, 18, 14, 0)),  # past the lunch break
        (8, local(2026, 11, 19, 9, 0)),  # 7 h on Wednesday, then Thursday 08–09
    ],
)
def test_an_evening_window_starts_at_the_next_opening(customers, hours, horizon):
    evening = local(2026, 11, 17, 18, 30)  # Tuesday, closed since 16:00
    inside = _due(customers[0], horizon)
    outside = _due(customers[1], horizon + datetime.timedelta(seconds=1))
    before_opening = _due(customers[0], local(2026, 11, 18, 7, 0))
    result = due_soon(evening, hours)
    assert result.horizon == horizon
    numbers = [row.ticket.number for row in result.tickets]
    assert numbers == _expected(evening, horizon)
    assert inside.number in numbers and before_opening.number in numbers
    assert outside.number not in numbers


@pytest.mark.parametrize(
    "raw,hours", [("8", 8), ("0", 1), ("-3", 1), ("41", 40), ("999", 40), ("x", 4), ("", 4)]
)
def test_hours_are_bounded_between_1_and_40(raw, hours):
    assert bounded_hours(raw, 4) == hours


def test_the_page_takes_hours_from_the_address_and_the_setting(client, manager, settings):
    login(client, manager)
    page = client.get(reverse("reports:dashboard"), {"hours": "12"})
    assert page.context["options"].due_soon_hours == 12
    assert 'name="hours"' in page.text and 'value="12"' in page.text
    assert (
        client.get(reverse("reports:dashboard"), {"hours": "500"}).context["options"].due_soon_hours
        == 40
    )
    settings.DASHBOARD_DUE_SOON_HOURS = 7
    assert client.get(reverse("reports:dashboard")).context["options"].due_soon_hours == 7
