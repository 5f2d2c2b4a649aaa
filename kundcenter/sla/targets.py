"""Service levels for software bugs and their due times, as pure functions of a calendar.

Interpretations of DOMAIN.md ("Service levels (SLA) for software bugs"), kept as data:

- The clock starts at registration if the office is open then, else at the next opening.
- Response due (handling starts within N business hours) = clock start + N business hours.
- Same day: close of business on the date on which the clock starts.
- Same week: close of business on the last business day of the clock start's ISO week
  (Monday to Sunday). The clock always starts on a business day, so there is one; when the
  clock starts on the week's last business day the target equals "same day".
- Within N days: close of business on the first business day at or after the clock start's
  date plus N calendar days.
- Month windows: earliest = close of business on the first business day at or after the
  clock start's date plus M months, latest likewise with the window's last month. Adding
  months keeps the day of month, clamped to the month's end (31 Jan + 1 month = 28 Feb).
- Response and resolution are computed independently and not reordered: a level 1 bug
  whose clock starts at 15:30 must be resolved by 16:00 the same day although handling is
  only due at 09:30 the next business day.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Protocol

from kundcenter.sla.calendar import BusinessCalendar


@dataclass(frozen=True)
class ResolutionTarget:
    """When a bug should be resolved: `due`, and for a window also its earliest point."""

    due: datetime
    window_start: datetime | None = None


class ResolutionRule(Protocol):
    """A resolution target rule: computes the target from a clock start (an open instant)."""

    def target(self, calendar: BusinessCalendar, clock_start: datetime) -> ResolutionTarget:
        """The resolution target for a clock that starts at `clock_start`."""
        ...


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, clamping the day of month to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _close_at_or_after(calendar: BusinessCalendar, day: date) -> datetime:
    """Close of business on the first business day at or after `day`."""
    close = calendar.close_of_business(calendar.next_business_day(day, inclusive=True))
    assert close is not None  # a business day has a close
    return close


def _local_date(calendar: BusinessCalendar, t: datetime) -> date:
    return t.astimezone(calendar.tz).date()


@dataclass(frozen=True)
class SameDay:
    """Resolve by close of business on the day the clock starts."""

    def target(self, calendar: BusinessCalendar, clock_start: datetime) -> ResolutionTarget:
        """Close of business on the clock start's date."""
        return ResolutionTarget(_close_at_or_after(calendar, _local_date(calendar, clock_start)))


@dataclass(frozen=True)
class SameWeek:
    """Resolve by close of business on the last business day of the clock start's ISO week."""

    def target(self, calendar: BusinessCalendar, clock_start: datetime) -> ResolutionTarget:
        """Close of the week's last business day (at the latest the clock start's own day)."""
        start_day = _local_date(calendar, clock_start)
        day = start_day + timedelta(days=6 - start_day.weekday())  # Sunday of that week
        while day > start_day and not calendar.is_business_day(day):
            day -= timedelta(days=1)
        return ResolutionTarget(_close_at_or_after(calendar, day))


@dataclass(frozen=True)
class WithinDays:
    """Resolve by close of business on the business day at or after start + `days` days."""

    days: int

    def target(self, calendar: BusinessCalendar, clock_start: datetime) -> ResolutionTarget:
        """Close of business on the first business day at or after start date + days."""
        day = _local_date(calendar, clock_start) + timedelta(days=self.days)
        return ResolutionTarget(_close_at_or_after(calendar, day))


@dataclass(frozen=True)
class MonthWindow:
    """Resolve within a window from start + `earliest_months` to start + `latest_months`."""

    earliest_months: int
    latest_months: int

    def target(self, calendar: BusinessCalendar, clock_start: datetime) -> ResolutionTarget:
        """Both window ends moved to close of business on a business day at or after them."""
        start_day = _local_date(calendar, clock_start)
        return ResolutionTarget(
            due=_close_at_or_after(calendar, add_months(start_day, self.latest_months)),
            window_start=_close_at_or_after(calendar, add_months(start_day, self.earliest_months)),
        )


@dataclass(frozen=True)
class ServiceLevel:
    """One service level's terms: business time to start handling, and the resolution rule."""

    level: int
    response: timedelta
    resolution: ResolutionRule


DEFAULT_SERVICE_LEVELS: Mapping[int, ServiceLevel] = MappingProxyType(
    {
        1: ServiceLevel(1, timedelta(hours=2), SameDay()),
        2: ServiceLevel(2, timedelta(hours=4), SameWeek()),
        3: ServiceLevel(3, timedelta(hours=12), WithinDays(28)),
        4: ServiceLevel(4, timedelta(hours=48), MonthWindow(1, 6)),
        5: ServiceLevel(5, timedelta(hours=48), MonthWindow(1, 12)),
    }
)


@dataclass(frozen=True)
class SlaTargets:
    """All due times of a bug: when its clock started, handling due, resolution target."""

    clock_start: datetime
    response_due: datetime
    resolution: ResolutionTarget


def clock_start(calendar: BusinessCalendar, registered_at: datetime) -> datetime:
    """When the SLA clock starts: at registration if open, else at the next opening."""
    return calendar.next_opening(registered_at)


def response_due(
    calendar: BusinessCalendar, registered_at: datetime, service_level: ServiceLevel
) -> datetime:
    """When handling must have started: clock start plus the level's business hours."""
    return calendar.add(registered_at, service_level.response)


def resolution_target(
    calendar: BusinessCalendar, registered_at: datetime, rule: ResolutionRule
) -> ResolutionTarget:
    """The resolution target of `rule` for a bug registered at `registered_at`."""
    return rule.target(calendar, clock_start(calendar, registered_at))


def sla_targets(
    calendar: BusinessCalendar,
    registered_at: datetime,
    level: int,
    levels: Mapping[int, ServiceLevel] = DEFAULT_SERVICE_LEVELS,
) -> SlaTargets:
    """Clock start, response due and resolution target of a bug at a service level."""
    try:
        service_level = levels[level]
    except KeyError:
        raise ValueError(f"unknown service level {level!r}") from None
    return SlaTargets(
        clock_start=clock_start(calendar, registered_at),
        response_due=response_due(calendar, registered_at, service_level),
        resolution=resolution_target(calendar, registered_at, service_level.resolution),
    )
