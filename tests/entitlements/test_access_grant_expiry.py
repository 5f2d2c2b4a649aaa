"""How long a support access grant lasts: 8 business hours for Service & Kvalitet (24 or
72 hours, chosen, on a Friday), 24 hours for consultants with an order ticket.

The 8-hour expectations are worked out by hand from the opening hours (weekdays 08–16,
lunch 12–13, closed from 13 on the day before a holiday) and checked with the calendar.
"""

from datetime import timedelta

import pytest

from kundcenter.accounts.entitlements import grant_access, grant_expiry
from kundcenter.accounts.models import CustomerEvent, SupportAccessGrant
from kundcenter.lib.errors import ActionError
from kundcenter.sla.calendar import BusinessCalendar
from tests import factories
from tests.entitlements.helpers import at, member

FRIDAY_CHOICE = "On a Friday, choose whether access lasts 24 or 72 hours."


@pytest.mark.parametrize(
    ("granted", "expires"),
    [
        # Skärtorsdagen 2026-04-02 closes at 13 (day before Långfredag), so 15:00 is closed.
        # Closed Fri 3 (Långfredag) to Mon 6 (Annandag påsk). Tue 7: 08–12 + 13–16 = 7 h;
        # the 8th hour is Wed 8 08–09.
        pytest.param(at(2026, 4, 2, 15), at(2026, 4, 8, 9), id="thursday-before-good-friday"),
        # Thu 2026-06-18 closes at 13 (before Midsommarafton, closed); Sat is Midsommardagen.
        # Mon 22: 7 h, Tue 23 08–09: the 8th.
        pytest.param(at(2026, 6, 18, 15), at(2026, 6, 23, 9), id="thursday-before-midsummer"),
        # An ordinary Thursday: 15–16 is 1 h, the Friday after gives the other 7 h.
        pytest.param(at(2026, 3, 26, 15), at(2026, 3, 27, 16), id="ordinary-thursday"),
        # Morning on Skärtorsdagen, a half day open 08–13 without lunch: 10–13 is 3 h,
        # then Tue 7: 08–12 is 4 h and 13–14 the 8th.
        pytest.param(at(2026, 4, 2, 10), at(2026, 4, 7, 14), id="skartorsdagen-morning"),
    ],
)
def test_support_gets_8_business_hours(org_a, superuser_a, granted, expires):
    grant = grant_access(org_a, superuser_a, "support", now=granted)
    assert grant.expires_at == expires
    assert BusinessCalendar().between(granted, expires) == timedelta(hours=8)


def test_the_8_hours_are_in_the_audit_trail_with_their_end(org_a, superuser_a):
    grant = grant_access(org_a, superuser_a, "support", now=at(2026, 4, 2, 15))
    event = CustomerEvent.objects.get(kind=CustomerEvent.Kind.GRANT_GIVEN)
    assert event.grant == grant and event.actor == superuser_a
    assert event.created_at == at(2026, 4, 2, 15)
    assert event.detail == "Service & Kvalitet → 2026-04-08 09:00"


@pytest.mark.parametrize(
    ("hours", "expires"),
    [(24, at(2026, 3, 21, 10)), (72, at(2026, 3, 23, 10))],
    ids=["24-hours", "72-hours"],
)
def test_on_a_friday_the_superuser_chooses_24_or_72_hours(org_a, superuser_a, hours, expires):
    grant = grant_access(org_a, superuser_a, "support", hours=hours, now=at(2026, 3, 20, 10))
    assert grant.expires_at == expires


def test_72_hours_are_72_hours_across_the_change_to_summer_time(org_a, superuser_a):
    # Summer time starts Sunday 2026-03-29: 72 hours from Friday 10:00 CET is Monday 11:00 CEST.
    grant = grant_access(org_a, superuser_a, "support", hours=72, now=at(2026, 3, 27, 10))
    assert grant.expires_at - grant.starts_at == timedelta(hours=72)
    assert grant.expires_at == at(2026, 3, 30, 11)


@pytest.mark.parametrize("hours", [None, 8, 48, "abc"])
def test_on_a_friday_without_a_valid_choice_it_is_refused(org_a, superuser_a, hours):
    with pytest.raises(ActionError) as refused:
        grant_access(org_a, superuser_a, "support", hours=hours, now=at(2026, 3, 20, 23, 59))
    assert refused.value.message == FRIDAY_CHOICE
    assert not SupportAccessGrant.objects.exists()


def test_the_friday_is_the_swedish_friday():
    # Thursday 23:30 UTC is already Friday 00:30 in Stockholm.
    from datetime import UTC, datetime

    with pytest.raises(ActionError, match="On a Friday"):
        grant_expiry("support", datetime(2026, 3, 19, 23, 30, tzinfo=UTC))


def test_on_other_days_a_choice_of_hours_is_ignored(org_a, superuser_a):
    grant = grant_access(org_a, superuser_a, "support", hours=72, now=at(2026, 3, 26, 15))
    assert grant.expires_at == at(2026, 3, 27, 16)


def test_consultants_get_24_hours_for_an_order(org_a, superuser_a):
    order = factories.make_ticket(org_a, superuser_a, category="order", title="Ny momskod")
    grant = grant_access(org_a, superuser_a, "consultant", ticket=order, now=at(2026, 3, 20, 10))
    assert grant.expires_at == at(2026, 3, 21, 10)
    assert grant.ticket == order


def test_consultants_need_an_order_ticket(org_a, superuser_a, ticket_a):
    message = "Consultants get access for an ordered setup change: choose its order ticket."
    with pytest.raises(ActionError) as without:
        grant_access(org_a, superuser_a, "consultant")
    with pytest.raises(ActionError) as with_a_question:
        grant_access(org_a, superuser_a, "consultant", ticket=ticket_a)
    assert without.value.message == with_a_question.value.message == message


def test_another_customers_ticket_cannot_be_linked(org_a, org_b, superuser_a, superuser_b):
    order_b = factories.make_ticket(org_b, superuser_b, category="order")
    with pytest.raises(ActionError, match="Choose one of your own tickets."):
        grant_access(org_a, superuser_a, "consultant", ticket=order_b)


def test_a_closed_order_cannot_be_linked(org_a, superuser_a, manager):
    from kundcenter.tickets import actions

    order = factories.make_ticket(org_a, superuser_a, category="order")
    actions.close(order, manager, "duplicate", reason="Dubblett")
    order.refresh_from_db()
    with pytest.raises(ActionError, match=f"Ticket {order.number} is closed"):
        grant_access(org_a, superuser_a, "consultant", ticket=order)


@pytest.mark.parametrize("who", ["customer_user_a", "superuser_b", "specialist_hantverk"])
def test_only_the_customers_superusers_grant(request, org_a, who):
    with pytest.raises(ActionError, match="Only your organisation's SuperUsers"):
        grant_access(org_a, request.getfixturevalue(who), "support", hours=24)


def test_an_overdue_customer_cannot_grant(org_a, superuser_a, manager):
    from kundcenter.accounts.entitlements import set_payment_standing

    set_payment_standing(org_a, "overdue", actor=manager)
    with pytest.raises(ActionError, match="because of an overdue payment"):
        grant_access(org_a, superuser_a, "support", hours=24)


def test_an_unknown_audience_is_refused(org_a, superuser_a):
    with pytest.raises(ActionError, match="Choose who gets access."):
        grant_access(org_a, superuser_a, "everyone")


def test_a_plain_member_made_superuser_can_grant(org_a, superuser_a):
    from kundcenter.accounts.entitlements import appoint_superuser

    person = member(org_a)
    appoint_superuser(org_a, person, superuser_a)
    person = type(person).objects.get(pk=person.pk)  # a fresh user: no stale membership cache
    assert grant_access(org_a, person, "support", now=at(2026, 3, 26, 15))
