"""The half-day rule: closed from 13:00 on a business day whose next calendar day is a
public holiday or a de facto closed day. An ordinary weekend does not count, so a Friday is
a full day even before a Monday holiday; a Friday before a Saturday holiday is a half day.
"""

from datetime import date, time, timedelta

import pytest

from kundcenter.sla.calendar import BusinessCalendar, CalendarConfig, DayKind
from tests.sla.helpers import at

CALENDAR = BusinessCalendar()

HALF_DAYS_2026 = {
    date(2026, 1, 5): "Trettondedag jul",
    date(2026, 4, 2): "Långfredagen",  # Skärtorsdagen
    date(2026, 4, 30): "Första maj",  # Valborgsmässoafton
    date(2026, 5, 13): "Kristi himmelsfärdsdag",
    date(2026, 6, 5): "Nationaldagen",  # a Friday; 6 June is a Saturday
    date(2026, 6, 18): "Midsommarafton",
    date(2026, 10, 30): "Alla helgons dag",  # a Friday; 31 Oct is a Saturday
    date(2026, 12, 23): "Julafton",
    date(2026, 12, 30): "Nyårsafton",
}
HALF_DAYS_2027 = {
    date(2027, 1, 5): "Trettondedag jul",
    date(2027, 3, 25): "Långfredagen",
    date(2027, 4, 30): "Första maj",  # a Friday; 1 May is a Saturday
    date(2027, 5, 5): "Kristi himmelsfärdsdag",
    date(2027, 6, 24): "Midsommarafton",
    date(2027, 11, 5): "Alla helgons dag",
    date(2027, 12, 23): "Julafton",
    date(2027, 12, 30): "Nyårsafton",
}


@pytest.mark.parametrize(
    ("year", "expected"), [(2026, HALF_DAYS_2026), (2027, HALF_DAYS_2027)], ids=str
)
def test_the_half_days_of_a_year_are_exactly_these(year, expected):
    days = CALENDAR.upcoming(366, date(year, 1, 1))
    found = {d.date: d.name for d in days if d.kind is DayKind.HALF_DAY and d.date.year == year}
    assert found == expected


@pytest.mark.parametrize("day", sorted({**HALF_DAYS_2026, **HALF_DAYS_2027}), ids=str)
def test_a_half_day_is_open_0800_to_1300_without_lunch(day):
    y, m, d = day.year, day.month, day.day
    assert CALENDAR.day_schedule(day) == [(at(y, m, d, 8), at(y, m, d, 13))]
    assert CALENDAR.close_of_business(day) == at(y, m, d, 13)
    assert CALENDAR.is_open(at(y, m, d, 12, 30))
    assert not CALENDAR.is_open(at(y, m, d, 13))


FULL_DAYS = [
    pytest.param(date(2026, 3, 13), id="ordinary Friday"),
    pytest.param(date(2025, 1, 3), id="Friday before Monday holiday (6 Jan 2025)"),
    pytest.param(date(2028, 12, 29), id="Friday before Nyårsafton on a Sunday"),
    pytest.param(date(2026, 5, 22), id="Friday before Pingstdagen (Sunday)"),
    pytest.param(date(2027, 6, 4), id="Friday before Nationaldagen on a Sunday"),
    pytest.param(date(2026, 5, 15), id="squeeze day after Ascension"),
    pytest.param(date(2026, 1, 2), id="day after Nyårsdagen"),
    pytest.param(date(2026, 12, 28), id="Monday between Christmas and New Year"),
    pytest.param(date(2026, 12, 22), id="two days before Julafton"),
]


@pytest.mark.parametrize("day", FULL_DAYS)
def test_full_days(day):
    info = CALENDAR.day_info(day)
    assert info.kind is DayKind.REGULAR
    assert CALENDAR.close_of_business(day) == at(day.year, day.month, day.day, 16)


def test_a_weekend_day_before_a_holiday_stays_closed():
    assert not CALENDAR.is_business_day(date(2026, 4, 4))  # Saturday before Påskdagen
    assert CALENDAR.day_info(date(2026, 4, 4)).kind is DayKind.REGULAR


def test_the_rule_can_be_switched_off():
    calendar = BusinessCalendar(CalendarConfig(half_day_hours=None))
    assert calendar.close_of_business(date(2026, 5, 13)) == at(2026, 5, 13, 16)
    assert calendar.day_info(date(2026, 5, 13)).kind is DayKind.REGULAR


def test_half_day_hours_are_configurable():
    calendar = BusinessCalendar(CalendarConfig(half_day_hours=((time(8), time(12)),)))
    assert calendar.close_of_business(date(2026, 12, 23)) == at(2026, 12, 23, 12)
    assert calendar.add(at(2026, 12, 23, 11), timedelta(hours=2)) == at(2026, 12, 28, 9)


def test_open_saturdays_get_a_half_day_before_a_sunday_holiday():
    # With Saturday hours, the Saturday before Påskdagen is a business day followed by a
    # holiday, so the uniform rule makes it a half day.
    saturday = ((time(10), time(14)),)
    weekly = CalendarConfig().weekly_hours[:5] + (saturday, ())
    calendar = BusinessCalendar(CalendarConfig(weekly_hours=weekly))
    assert calendar.day_info(date(2026, 4, 4)).kind is DayKind.HALF_DAY
    assert calendar.day_info(date(2026, 3, 14)).kind is DayKind.REGULAR
    assert not calendar.is_business_day(date(2026, 6, 6))  # Nationaldagen, a Saturday


def test_hand_added_closed_days_do_not_make_half_days():
    calendar = BusinessCalendar(CalendarConfig(extra_closed_days=frozenset({date(2026, 3, 12)})))
    assert calendar.close_of_business(date(2026, 3, 11)) == at(2026, 3, 11, 16)


def test_without_midsummer_eve_closed_the_half_day_moves_to_it():
    # Midsommarafton then is an ordinary Friday before Midsommardagen, a public holiday.
    config = CalendarConfig(de_facto_closed_days=frozenset({"christmas_eve", "new_years_eve"}))
    calendar = BusinessCalendar(config)
    assert calendar.day_info(date(2026, 6, 18)).kind is DayKind.REGULAR
    assert calendar.day_info(date(2026, 6, 19)).kind is DayKind.HALF_DAY
    assert calendar.day_info(date(2026, 6, 19)).name == "Midsommardagen"
