"""Hand-added closed days, special hours for a date, and config validation."""

from datetime import date, datetime, time, timedelta

import pytest

from kundcenter.sla.calendar import BusinessCalendar, CalendarConfig, DayKind
from tests.sla.helpers import STOCKHOLM, at

H = timedelta(hours=1)


def calendar_with(**config) -> BusinessCalendar:
    return BusinessCalendar(CalendarConfig(**config))


def test_an_extra_closed_day_is_skipped():
    calendar = calendar_with(extra_closed_days={date(2026, 3, 11)})
    assert not calendar.is_business_day(date(2026, 3, 11))
    assert calendar.add(at(2026, 3, 10, 15), 2 * H) == at(2026, 3, 12, 9)
    assert calendar.between(at(2026, 3, 9), at(2026, 3, 16)) == 28 * H
    assert calendar.next_business_day(date(2026, 3, 10)) == date(2026, 3, 12)
    [info] = calendar.upcoming(7, date(2026, 3, 9))
    assert (info.date, info.kind, info.name, info.hours) == (
        date(2026, 3, 11),
        DayKind.EXTRA_CLOSED,
        None,
        (),
    )


def test_special_hours_replace_the_days_schedule():
    calendar = calendar_with(special_hours={date(2026, 3, 11): [(time(10), time(14))]})
    assert calendar.day_schedule(date(2026, 3, 11)) == [(at(2026, 3, 11, 10), at(2026, 3, 11, 14))]
    assert calendar.close_of_business(date(2026, 3, 11)) == at(2026, 3, 11, 14)
    assert calendar.is_open(at(2026, 3, 11, 12, 30))  # no lunch break unless listed
    assert calendar.add(at(2026, 3, 10, 15), 2 * H) == at(2026, 3, 11, 11)
    assert calendar.add(at(2026, 3, 11, 13), 2 * H) == at(2026, 3, 12, 9)
    assert calendar.day_info(date(2026, 3, 11)).kind is DayKind.SPECIAL_HOURS


def test_special_hours_can_open_a_holiday_and_override_a_half_day():
    calendar = calendar_with(
        special_hours={
            date(2026, 5, 14): [(time(9), time(12))],  # Kristi himmelsfärdsdag
            date(2026, 5, 13): [(time(8), time(12)), (time(13), time(16))],
        }
    )
    assert calendar.is_business_day(date(2026, 5, 14))
    assert calendar.add(at(2026, 5, 13, 15), 2 * H) == at(2026, 5, 14, 10)
    # Special hours equal to the weekly hours are not unusual; an opened holiday is.
    assert [d.date for d in calendar.upcoming(3, date(2026, 5, 13))] == [date(2026, 5, 14)]


def test_empty_special_hours_close_the_day():
    calendar = calendar_with(special_hours={date(2026, 3, 11): ()})
    assert not calendar.is_business_day(date(2026, 3, 11))
    assert calendar.next_opening(at(2026, 3, 10, 16)) == at(2026, 3, 12, 8)


def test_special_hours_across_the_dst_switches_count_real_time():
    night = [(time(1), time(4))]
    calendar = calendar_with(special_hours={date(2026, 3, 29): night, date(2026, 10, 25): night})
    # 01:00-04:00 wall clock: 02:00-03:00 does not exist in spring, 02:00-03:00 repeats
    # in autumn.
    assert calendar.between(at(2026, 3, 29), at(2026, 3, 30)) == 2 * H
    assert calendar.between(at(2026, 10, 25), at(2026, 10, 26)) == 4 * H
    assert calendar.add(at(2026, 3, 29), 2 * H) == at(2026, 3, 29, 4)
    assert calendar.add(at(2026, 10, 25), 4 * H) == at(2026, 10, 25, 4)
    repeated = datetime(2026, 10, 25, 2, 30, tzinfo=STOCKHOLM, fold=1)  # the second 02:30
    assert calendar.between(at(2026, 10, 25), repeated) == timedelta(hours=2, minutes=30)


def test_weekly_hours_are_configurable():
    long_days = (((time(7), time(17)),),) * 5 + ((), ())
    calendar = calendar_with(weekly_hours=long_days)
    assert calendar.between(at(2026, 3, 9), at(2026, 3, 16)) == 50 * H
    assert calendar.close_of_business(date(2026, 5, 13)) == at(2026, 5, 13, 13)  # half day


def test_config_is_normalised_and_hashable():
    config = CalendarConfig(
        extra_closed_days=[date(2026, 3, 11)],
        special_hours={date(2026, 3, 12): [[time(9), time(10)]]},
    )
    assert config.extra_closed_days == frozenset({date(2026, 3, 11)})
    assert config.special_hours[date(2026, 3, 12)] == ((time(9), time(10)),)
    assert hash(config) == hash(config)
    assert config == CalendarConfig(
        extra_closed_days=frozenset({date(2026, 3, 11)}),
        special_hours={date(2026, 3, 12): ((time(9), time(10)),)},
    )


@pytest.mark.parametrize(
    ("config", "error"),
    [
        pytest.param(
            {"extra_closed_days": {date(2026, 3, 11)}, "special_hours": {date(2026, 3, 11): ()}},
            ValueError,
            id="closed and special on the same date",
        ),
        pytest.param(
            {"special_hours": {date(2026, 3, 11): [(time(14), time(10))]}},
            ValueError,
            id="interval ends before it starts",
        ),
        pytest.param(
            {"special_hours": {date(2026, 3, 11): [(time(8), time(12)), (time(11), time(16))]}},
            ValueError,
            id="overlapping intervals",
        ),
        pytest.param(
            {"half_day_hours": [(time(8, tzinfo=STOCKHOLM), time(13))]},
            ValueError,
            id="aware times",
        ),
        pytest.param({"weekly_hours": ((),) * 7}, ValueError, id="never open"),
        pytest.param({"weekly_hours": ((),) * 6}, ValueError, id="six weekdays"),
        pytest.param(
            {"weekly_hours": ((time(8), time(16)),) * 5 + ((), ())},
            TypeError,
            id="a day's hours not nested in a list",
        ),
        pytest.param({"de_facto_closed_days": {"boxing_day"}}, ValueError, id="unknown day"),
        pytest.param({"timezone": "Europe/Nowhere"}, Exception, id="unknown time zone"),
        pytest.param({"extra_closed_days": {at(2026, 3, 11)}}, TypeError, id="datetime key"),
    ],
)
def test_invalid_config_is_refused(config, error):
    with pytest.raises(error):
        CalendarConfig(**config)


def test_invalid_arguments_are_refused():
    calendar = BusinessCalendar()
    with pytest.raises(ValueError, match="aware"):
        calendar.add(datetime(2026, 3, 10, 9), 60)
    with pytest.raises(ValueError, match="negative"):
        calendar.add(at(2026, 3, 10, 9), -1)
    with pytest.raises(TypeError):
        calendar.add(at(2026, 3, 10, 9), 1.5)
    with pytest.raises(ValueError, match="ends before"):
        calendar.between(at(2026, 3, 10), at(2026, 3, 11), [(at(2026, 3, 11), at(2026, 3, 10))])
