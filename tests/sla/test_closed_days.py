"""Closed all day: Swedish public holidays and the de facto closed days."""

from datetime import date

import holidays
import pytest

from kundcenter.sla.calendar import BusinessCalendar, DayKind
from tests.sla.helpers import at

CALENDAR = BusinessCalendar()

CLOSED_WEEKDAYS_2026 = [
    (date(2026, 1, 1), DayKind.PUBLIC_HOLIDAY, "Nyårsdagen"),
    (date(2026, 1, 6), DayKind.PUBLIC_HOLIDAY, "Trettondedag jul"),
    (date(2026, 4, 3), DayKind.PUBLIC_HOLIDAY, "Långfredagen"),
    (date(2026, 4, 6), DayKind.PUBLIC_HOLIDAY, "Annandag påsk"),
    (date(2026, 5, 1), DayKind.PUBLIC_HOLIDAY, "Första maj"),
    (date(2026, 5, 14), DayKind.PUBLIC_HOLIDAY, "Kristi himmelsfärdsdag"),
    (date(2026, 6, 19), DayKind.DE_FACTO_CLOSED, "Midsommarafton"),
    (date(2026, 12, 24), DayKind.DE_FACTO_CLOSED, "Julafton"),
    (date(2026, 12, 25), DayKind.PUBLIC_HOLIDAY, "Juldagen"),
    (date(2026, 12, 31), DayKind.DE_FACTO_CLOSED, "Nyårsafton"),
]


def test_the_weekdays_closed_in_2026_are_exactly_these():
    days = CALENDAR.upcoming(365, date(2026, 1, 1))
    closed = [(d.date, d.kind, d.name) for d in days if not d.is_business_day]
    assert closed == CLOSED_WEEKDAYS_2026


@pytest.mark.parametrize(
    "day",
    [date(2027, 1, 1), date(2027, 1, 6), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 6)]
    + [date(2027, 6, 25), date(2027, 12, 24), date(2027, 12, 31)],
    ids=str,
)
def test_closed_weekdays_2027(day):
    assert not CALENDAR.is_business_day(day)
    assert CALENDAR.day_schedule(day) == []
    assert CALENDAR.close_of_business(day) is None
    assert not CALENDAR.is_open(at(day.year, day.month, day.day, 10))


def test_ordinary_sundays_are_not_holidays():
    assert CALENDAR.day_info(date(2026, 3, 15)).kind is DayKind.REGULAR


@pytest.mark.parametrize("year", range(2020, 2036))
def test_de_facto_closed_days_agree_with_the_holidays_package(year):
    package = holidays.Sweden(years=year, categories=("de_facto",), language="sv")
    named = {"Midsommarafton", "Julafton", "Nyårsafton"}
    expected = {(day, name) for day, name in package.items() if name in named}
    ours = {
        (d.date, d.name)
        for d in CALENDAR.upcoming(366, date(year, 1, 1))
        if d.kind is DayKind.DE_FACTO_CLOSED and d.date.year == year
    }
    # upcoming() leaves out days that fall on a weekend; compare on weekdays only.
    assert ours == {(day, name) for day, name in expected if day.weekday() < 5}
    assert len(expected) == 3


def test_next_business_day_skips_holidays_and_weekends():
    assert CALENDAR.next_business_day(date(2026, 4, 2)) == date(2026, 4, 7)
    assert CALENDAR.next_business_day(date(2026, 4, 3), inclusive=True) == date(2026, 4, 7)
    assert CALENDAR.next_business_day(date(2026, 4, 7), inclusive=True) == date(2026, 4, 7)
    assert CALENDAR.next_business_day(date(2026, 12, 23)) == date(2026, 12, 28)
    assert CALENDAR.next_business_day(date(2026, 12, 30)) == date(2027, 1, 4)
