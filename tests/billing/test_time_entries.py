"""Time on a ticket: who, when, minutes, billable or not, and a reason when billable.
Customers see the billable entries only."""

import datetime

import pytest
from django.utils import timezone

from kundcenter.tickets import billing
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import TimeEntry
from tests.billing.helpers import agent_url, portal_url


def test_billable_time_without_a_reason_is_refused(planned_order, consultant):
    with pytest.raises(ActionError) as refused:
        billing.record_time(planned_order, consultant, minutes=60, billable=True, reason="")
    assert refused.value.message == (
        "Billable time needs a reason: order, extra service, the customer's IT environment, "
        "the customer's handling."
    )
    assert not TimeEntry.objects.exists()


def test_billable_time_needs_an_accepted_proposal(proposed_order, consultant):
    with pytest.raises(ActionError) as refused:
        billing.record_time(proposed_order, consultant, minutes=60, billable=True, reason="order")
    assert refused.value.message == (
        "Billable time needs a cost proposal that the customer has accepted."
    )


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("", "Give the time in whole minutes."),
        ("en timme", "Give the time in whole minutes."),
        (0, "Time is between 1 minute and 24 hours per entry."),
        (1441, "Time is between 1 minute and 24 hours per entry."),
    ],
)
def test_minutes_must_make_sense(ticket_a, specialist_hantverk, minutes, message):
    with pytest.raises(ActionError) as refused:
        billing.record_time(ticket_a, specialist_hantverk, minutes=minutes)
    assert refused.value.message == message


def test_time_is_not_recorded_for_a_future_date(ticket_a, specialist_hantverk):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ActionError, match="future date"):
        billing.record_time(ticket_a, specialist_hantverk, minutes=10, work_date=tomorrow)


def test_customers_cannot_record_time(ticket_a, superuser_a):
    with pytest.raises(ActionError, match="Only staff record time"):
        billing.record_time(ticket_a, superuser_a, minutes=10)


def test_customers_see_only_billable_entries_with_their_total(
    client, planned_order, consultant, specialist_hantverk, superuser_a
):
    billing.record_time(planned_order, specialist_hantverk, minutes=25, note="Intern analys")
    billing.record_time(
        planned_order, consultant, minutes=90, billable=True, reason="order", note="Mallbygge"
    )
    billing.record_time(
        planned_order, consultant, minutes=30, billable=True, reason="order", note="Korrektur"
    )
    client.force_login(superuser_a)
    html = client.get(portal_url(planned_order)).content.decode()
    assert "Mallbygge" in html and "Korrektur" in html
    assert "Intern analys" not in html
    assert "120 min (2 h)" in html
    assert billing.billable_minutes(planned_order) == 120

    client.force_login(specialist_hantverk)
    html = client.get(agent_url(planned_order)).content.decode()
    assert "Intern analys" in html and "Mallbygge" in html
    assert "145 min (2.42 h), of which billable 120 min (2 h)" in html


def test_the_time_form_records_an_entry(client, planned_order, consultant):
    client.force_login(consultant)
    response = client.post(
        agent_url(planned_order, "record_time"),
        {
            "time-work_date": timezone.localdate().isoformat(),
            "time-minutes": "45",
            "time-billable": "on",
            "time-reason": "order",
            "time-note": "Möte med kunden",
        },
    )
    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert (entry.user, entry.minutes, entry.billable, entry.reason, entry.note) == (
        consultant,
        45,
        True,
        "order",
        "Möte med kunden",
    )


def test_a_refused_time_entry_keeps_what_was_typed(client, planned_order, consultant):
    client.force_login(consultant)
    response = client.post(
        agent_url(planned_order, "record_time"),
        {"time-minutes": "45", "time-billable": "on", "time-note": "Utan orsak"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Billable time needs a reason" in html
    assert 'value="45"' in html and 'value="Utan orsak"' in html
    assert not TimeEntry.objects.exists()
