"""Ticket numbers: YYYY-NNNNNN, one sequence per year, handed out at registration."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kundcenter.tickets import actions
from kundcenter.tickets.models import TicketCounter
from tests import factories

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def register(org, reporter, when):
    return factories.make_ticket(org, reporter, now=when)


def test_number_has_year_and_six_digits(org_a, superuser_a):
    ticket = register(org_a, superuser_a, datetime(2026, 3, 10, 9, 0, tzinfo=STOCKHOLM))
    assert re.fullmatch(r"\d{4}-\d{6}", ticket.number)
    assert ticket.number == "2026-000001"


def test_numbers_increment_by_one(org_a, superuser_a, org_b, superuser_b):
    when = datetime(2026, 3, 10, 9, 0, tzinfo=STOCKHOLM)
    numbers = [
        register(org, reporter, when).number
        for org, reporter in [(org_a, superuser_a), (org_b, superuser_b), (org_a, superuser_a)]
    ]
    # One sequence for all customers: a number never reveals whose ticket it is.
    assert numbers == ["2026-000001", "2026-000002", "2026-000003"]


def test_new_year_starts_again_at_one(org_a, superuser_a):
    register(org_a, superuser_a, datetime(2026, 12, 30, 15, 0, tzinfo=STOCKHOLM))
    register(org_a, superuser_a, datetime(2026, 12, 31, 10, 0, tzinfo=STOCKHOLM))
    first_of_year = register(org_a, superuser_a, datetime(2027, 1, 2, 8, 0, tzinfo=STOCKHOLM))
    second = register(org_a, superuser_a, datetime(2027, 1, 5, 8, 0, tzinfo=STOCKHOLM))
    assert first_of_year.number == "2027-000001"
    assert second.number == "2027-000002"
    assert dict(TicketCounter.objects.values_list("year", "last")) == {2026: 2, 2027: 2}


def test_year_is_the_stockholm_year_not_utc(org_a, superuser_a):
    # 00:30 on New Year's Day in Stockholm is still 31 December in UTC.
    when = datetime(2027, 1, 1, 0, 30, tzinfo=STOCKHOLM)
    assert when.astimezone(ZoneInfo("UTC")).year == 2026
    assert register(org_a, superuser_a, when).number == "2027-000001"


def test_counter_continues_an_existing_year(org_a, superuser_a):
    TicketCounter.objects.create(year=2026, last=41)
    ticket = register(org_a, superuser_a, datetime(2026, 6, 1, 9, 0, tzinfo=STOCKHOLM))
    assert ticket.number == "2026-000042"


def test_refused_registration_uses_no_number(org_a, superuser_a, customer_user_a):
    when = datetime(2026, 3, 10, 9, 0, tzinfo=STOCKHOLM)
    register(org_a, superuser_a, when)
    with pytest.raises(actions.ActionError):
        register(org_a, customer_user_a, when)
    assert register(org_a, superuser_a, when).number == "2026-000002"


def test_number_survives_beyond_six_digits_without_colliding(org_a, superuser_a):
    TicketCounter.objects.create(year=2026, last=999_999)
    ticket = register(org_a, superuser_a, datetime(2026, 6, 1, 9, 0, tzinfo=STOCKHOLM))
    assert ticket.number == "2026-1000000"
