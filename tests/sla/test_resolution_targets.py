"""Resolution target rules and the service-level table, apart from the hand-computed cases."""

from datetime import date, timedelta

import pytest

from kundcenter.sla.calendar import BusinessCalendar, CalendarConfig
from kundcenter.sla.targets import (
    DEFAULT_SERVICE_LEVELS,
    MonthWindow,
    SameDay,
    SameWeek,
    ServiceLevel,
    WithinDays,
    add_months,
    resolution_target,
    sla_targets,
)
from tests.sla.helpers import at

CALENDAR = BusinessCalendar()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 8, 15), 6, date(2027, 2, 15)),
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
    ],
)
def test_add_months_clamps_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


def test_the_default_levels_are_the_brochures():
    expected = {
        1: (timedelta(hours=2), SameDay()),
        2: (timedelta(hours=4), SameWeek()),
        3: (timedelta(hours=12), WithinDays(28)),
        4: (timedelta(hours=48), MonthWindow(1, 6)),
        5: (timedelta(hours=48), MonthWindow(1, 12)),
    }
    got = {n: (level.response, level.resolution) for n, level in DEFAULT_SERVICE_LEVELS.items()}
    assert got == expected


def test_same_week_on_the_weeks_last_business_day_is_that_day():
    target = resolution_target(CALENDAR, at(2026, 4, 2, 9), SameWeek())  # Skärtorsdagen
    assert target.due == at(2026, 4, 2, 13)


def test_same_week_ends_at_the_weekend_even_with_saturday_hours_off():
    target = resolution_target(CALENDAR, at(2026, 3, 9, 9), SameWeek())
    assert target.due == at(2026, 3, 13, 16)


def test_a_changed_level_table_is_used():
    levels = {1: ServiceLevel(1, timedelta(hours=1), WithinDays(1))}
    targets = sla_targets(CALENDAR, at(2026, 3, 13, 15, 30), 1, levels)
    assert targets.response_due == at(2026, 3, 16, 8, 30)
    assert targets.resolution.due == at(2026, 3, 16, 16)  # Saturday 14th -> Monday


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="unknown service level"):
        sla_targets(CALENDAR, at(2026, 3, 10, 9), 6)


def test_targets_follow_the_calendar_config():
    calendar = BusinessCalendar(CalendarConfig(extra_closed_days={date(2026, 3, 13)}))
    targets = sla_targets(calendar, at(2026, 3, 11, 14), 2)
    assert targets.resolution.due == at(2026, 3, 12, 16)
    assert targets.response_due == at(2026, 3, 12, 10)
