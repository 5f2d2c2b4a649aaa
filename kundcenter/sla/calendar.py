"""The vendor's opening hours as a pure business-hours calendar.

Plain Python, no database and no Django: a `CalendarConfig` describes the opening hours and
a `BusinessCalendar` answers questions about them exactly (integer microseconds inside).

How it works. Every local date gets a schedule of open intervals in wall-clock time, which
zoneinfo turns into real instants, so daylight saving is handled by the time zone database
and business time is real elapsed time inside open intervals. For each local year the
intervals are kept in flat sorted lists with a running sum of business time: "business time
before instant t" is one bisect, and "the instant at which N business seconds have passed"
is another. Long spans cost one step per year, never one per day or hour.

Which schedule a date gets, in order of precedence (DOMAIN.md, "Service levels (SLA) for
software bugs"; everything marked as an interpretation there is a config field here):

1. `special_hours` for the date replace its schedule entirely; an empty list closes it.
2. `extra_closed_days` are closed.
3. Swedish public holidays (the `holidays` package, category "public") are closed.
4. The de facto closed days (Midsommarafton, Julafton, Nyårsafton) are closed.
5. A weekday without weekly hours (an ordinary weekend) is closed.
6. Half day: a day that would otherwise be open, and whose next *calendar* day is a public
   holiday or a de facto closed day, gets `half_day_hours` instead: by default 08:00–13:00
   without the lunch break, because "closed from 13" only means something if the office is
   open 12–13. An ordinary weekend does not count, so an ordinary Friday, even one before
   a Monday holiday, is a full day; a Friday before a holiday that falls on a Saturday
   (Nationaldagen, Alla helgons dag, Första maj) is a half day. Only holidays and de facto
   closed days make a half day; hand-added closed days and special hours do not.
7. Otherwise the weekly hours for that weekday.

Results never land inside closed time. An open interval is half-open, [opening, closing):
`is_open` is false at the closing instant, but `add` may return a closing instant (one
business hour from 15:00 is 16:00 the same day). Adding zero returns the next opening.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays

Interval = tuple[time, time]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
_US_PER_SECOND = 1_000_000
_ONE_DAY = timedelta(days=1)
# datetime stops at year 9999; keep one year of room for "the day after".
_MIN_YEAR = 2
_MAX_YEAR = 9998


def _midsummer_eve(year: int) -> date:
    """Midsommarafton: the Friday between 19 and 25 June."""
    first = date(year, 6, 19)
    return first + timedelta(days=(4 - first.weekday()) % 7)


@dataclass(frozen=True)
class DeFactoClosedDay:
    """A day that is no public holiday but on which Swedish offices are closed."""

    name: str
    date_in_year: Callable[[int], date]


# The `holidays` package's "de_facto" category has varied between releases (some carried
# Holy Saturday, Pentecost Eve, squeeze days and "(from 2pm)" entries), so the closed days
# are date rules of our own; tests check they agree with the package.
DE_FACTO_CLOSED_DAYS: Mapping[str, DeFactoClosedDay] = MappingProxyType(
    {
        "midsummer_eve": DeFactoClosedDay("Midsommarafton", _midsummer_eve),
        "christmas_eve": DeFactoClosedDay("Julafton", lambda year: date(year, 12, 24)),
        "new_years_eve": DeFactoClosedDay("Nyårsafton", lambda year: date(year, 12, 31)),
    }
)

WEEKDAY_HOURS: tuple[Interval, ...] = ((time(8), time(12)), (time(13), time(16)))
HALF_DAY_HOURS: tuple[Interval, ...] = ((time(8), time(13)),)


def _intervals(raw: Iterable[Sequence[time]], label: str) -> tuple[Interval, ...]:
    """Validate wall-clock intervals: naive times, start < end, sorted, not overlapping."""
    result: list[Interval] = []
    for pair in raw:
        if not (
            isinstance(pair, Sequence)
            and len(pair) == 2
            and all(isinstance(value, time) for value in pair)
        ):
            raise TypeError(f"{label}: intervals are pairs of datetime.time, got {pair!r}")
        start, end = pair
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError(f"{label}: opening hours are wall-clock times without tzinfo")
        if not start < end:
            raise ValueError(f"{label}: interval {start}–{end} does not end after it starts")
        if result and start < result[-1][1]:
            raise ValueError(f"{label}: intervals must be sorted and must not overlap")
        result.append((start, end))
    return tuple(result)


@dataclass(frozen=True)
class CalendarConfig:
    """Plain description of the opening hours; see the module docstring for the day rules.

    `weekly_hours` has seven entries, Monday first, each a sequence of (opening, closing)
    wall-clock times. `half_day_hours` is the schedule of a half day, or None to switch the
    half-day rule off. `de_facto_closed_days` names keys of `DE_FACTO_CLOSED_DAYS`.
    `special_hours` maps a date to the intervals that replace its schedule (empty: closed).
    A date may not be both an extra closed day and have special hours.
    """

    timezone: str = "Europe/Stockholm"
    weekly_hours: tuple[tuple[Interval, ...], ...] = (WEEKDAY_HOURS,) * 5 + ((), ())
    half_day_hours: tuple[Interval, ...] | None = HALF_DAY_HOURS
    de_facto_closed_days: frozenset[str] = frozenset(DE_FACTO_CLOSED_DAYS)
    extra_closed_days: frozenset[date] = frozenset()
    special_hours: Mapping[date, tuple[Interval, ...]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # normalising a frozen dataclass
        ZoneInfo(self.timezone)  # fails early on an unknown zone

        weekly = tuple(
            _intervals(day, f"weekly_hours[{index}]") for index, day in enumerate(self.weekly_hours)
        )
        if len(weekly) != 7:
            raise ValueError("weekly_hours needs seven entries, Monday first")
        if not any(weekly):
            raise ValueError("weekly_hours has no opening hours at all")
        set_(self, "weekly_hours", weekly)

        if self.half_day_hours is not None:
            set_(self, "half_day_hours", _intervals(self.half_day_hours, "half_day_hours"))

        de_facto = frozenset(self.de_facto_closed_days)
        unknown = de_facto - DE_FACTO_CLOSED_DAYS.keys()
        if unknown:
            raise ValueError(f"unknown de facto closed days: {sorted(unknown)}")
        set_(self, "de_facto_closed_days", de_facto)

        extra = frozenset(self.extra_closed_days)
        special = {
            day: _intervals(hours, f"special_hours[{day}]")
            for day, hours in dict(self.special_hours).items()
        }
        for day in (*extra, *special):
            if not isinstance(day, date) or isinstance(day, datetime):
                raise TypeError(f"closed days and special hours are keyed by date, got {day!r}")
        both = extra & special.keys()
        if both:
            raise ValueError(f"dates both closed and with special hours: {sorted(both)}")
        set_(self, "extra_closed_days", extra)
        set_(self, "special_hours", MappingProxyType(special))


class DayKind(StrEnum):
    """Why a date has the schedule it has."""

    REGULAR = "regular"
    HALF_DAY = "half_day"
    PUBLIC_HOLIDAY = "public_holiday"
    DE_FACTO_CLOSED = "de_facto_closed"
    EXTRA_CLOSED = "extra_closed"
    SPECIAL_HOURS = "special_hours"


@dataclass(frozen=True)
class DayInfo:
    """One date's schedule and the reason for it, e.g. for an opening-hours page.

    `name` is the Swedish name of the holiday or closed day; for a half day it is the name
    of the day that follows (the reason for closing early); otherwise None.
    """

    date: date
    kind: DayKind
    name: str | None
    hours: tuple[tuple[datetime, datetime], ...]

    @property
    def is_business_day(self) -> bool:
        """True if the office is open at some time on this date."""
        return bool(self.hours)

    @property
    def closes_at(self) -> datetime | None:
        """The last closing instant of the date, or None if closed all day."""
        return self.hours[-1][1] if self.hours else None


class _Day(NamedTuple):
    kind: DayKind
    name: str | None
    wall: tuple[Interval, ...]
    intervals: tuple[tuple[int, int], ...]  # epoch microseconds


class _Year:
    """One local year's open intervals with a running sum of business time."""

    __slots__ = ("starts", "ends", "cumulative", "total")

    def __init__(self, intervals: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        # cumulative[i] = business microseconds in this year before interval i opens.
        self.cumulative: list[int] = [0]
        for start, end in intervals:
            self.starts.append(start)
            self.ends.append(end)
            self.cumulative.append(self.cumulative[-1] + end - start)
        self.total = self.cumulative[-1]

    def before(self, us: int) -> int:
        """Business microseconds of this year before the instant `us`."""
        i = bisect_right(self.starts, us) - 1
        if i < 0:
            return 0
        return self.cumulative[i] + min(us, self.ends[i]) - self.starts[i]

    def instant_after(self, amount: int) -> int:
        """The earliest instant with `amount` (> 0, <= total) business microseconds before it.

        The earliest instant is a closing instant when the amount ends exactly there.
        """
        j = bisect_left(self.cumulative, amount, 1) - 1
        return self.starts[j] + amount - self.cumulative[j]


def _business_amount(business: int | timedelta) -> int:
    if isinstance(business, timedelta):
        amount = business // _ONE_US
    elif isinstance(business, int) and not isinstance(business, bool):
        amount = business * _US_PER_SECOND
    else:
        raise TypeError(f"business time is whole seconds or a timedelta, got {business!r}")
    if amount < 0:
        raise ValueError("business time to add must not be negative")
    return amount


class BusinessCalendar:
    """Opening hours as a calendar of business time; see the module docstring.

    All datetimes passed in must be aware (any time zone); datetimes returned are in the
    calendar's time zone. Computed schedules are cached per date and per year, so build one
    calendar per configuration and reuse it. Not tied to Django; safe to share between
    threads (caches are filled idempotently).
    """

    def __init__(self, config: CalendarConfig | None = None) -> None:
        self.config = config if config is not None else CalendarConfig()
        self.tz = ZoneInfo(self.config.timezone)
        self._days: dict[date, _Day] = {}
        self._years: dict[int, _Year] = {}
        self._holidays: dict[int, dict[date, tuple[DayKind, str]]] = {}

    # Instants -----------------------------------------------------------------------

    def is_open(self, t: datetime) -> bool:
        """True if the office is open at `t` (opening instant included, closing excluded)."""
        us, year = self._instant(t)
        table = self._year(year)
        i = bisect_right(table.starts, us) - 1
        return i >= 0 and us < table.ends[i]

    def next_opening(self, t: datetime) -> datetime:
        """`t` itself if the office is open then, else the next opening instant."""
        us, year = self._instant(t)
        opening = self._next_opening_us(us, year)
        return t.astimezone(self.tz) if opening == us else self._datetime(opening)

    def add(self, t: datetime, business: int | timedelta) -> datetime:
        """The instant at which `business` time (seconds or timedelta, >= 0) has passed after t.

        The result is the earliest such instant, so it may be a closing instant (15:00 plus
        one hour is 16:00 the same day). Adding zero gives `next_opening(t)`.
        """
        amount = _business_amount(business)
        us, year = self._instant(t)
        if amount == 0:
            return self._datetime(self._next_opening_us(us, year))
        table = self._year(year)
        target = table.before(us) + amount
        while target > table.total:
            target -= table.total
            year += 1
            table = self._year(year)
        return self._datetime(table.instant_after(target))

    def between(
        self,
        start: datetime,
        end: datetime,
        paused: Iterable[tuple[datetime, datetime]] = (),
    ) -> timedelta:
        """Business time from `start` to `end`, leaving out the `paused` (start, end) spans.

        Paused spans may overlap each other and reach outside [start, end]. If `end` is
        before `start` the result is negative: between(b, a) == -between(a, b).
        """
        a, year_a = self._instant(start)
        b, year_b = self._instant(end)
        if b < a:
            return -self.between(end, start, paused)
        total = self._business(a, year_a, b, year_b)
        for (pa, year_pa), (pb, year_pb) in self._merged_pauses(paused, (a, year_a), (b, year_b)):
            total -= self._business(pa, year_pa, pb, year_pb)
        return timedelta(microseconds=total)

    # Dates --------------------------------------------------------------------------

    def day_schedule(self, day: date) -> list[tuple[datetime, datetime]]:
        """The open (opening, closing) intervals of a local date, in order."""
        return [(self._datetime(s), self._datetime(e)) for s, e in self._day(day).intervals]

    def close_of_business(self, day: date) -> datetime | None:
        """The last closing instant of a local date, or None if it is closed all day."""
        intervals = self._day(day).intervals
        return self._datetime(intervals[-1][1]) if intervals else None

    def is_business_day(self, day: date) -> bool:
        """True if the office is open at some time on the local date."""
        return bool(self._day(day).intervals)

    def next_business_day(self, day: date, *, inclusive: bool = False) -> date:
        """The first business day after `day` (or at or after it, with inclusive=True)."""
        current = day if inclusive else day + _ONE_DAY
        while not self.is_business_day(current):
            current += _ONE_DAY
        return current

    def day_info(self, day: date) -> DayInfo:
        """The schedule of a local date with the reason for it."""
        info = self._day(day)
        return DayInfo(
            date=day,
            kind=info.kind,
            name=info.name,
            hours=tuple((self._datetime(s), self._datetime(e)) for s, e in info.intervals),
        )

    def upcoming(self, days: int, start: date | None = None) -> list[DayInfo]:
        """Dates within `days` days from `start` (default: today) whose hours are unusual.

        Lists half days, holidays and closed days that fall on otherwise open weekdays, and
        special hours; a holiday on an ordinary weekend changes nothing and is left out.
        """
        first = start if start is not None else datetime.now(self.tz).date()
        weekly = self.config.weekly_hours
        result = []
        for offset in range(days):
            day = first + timedelta(days=offset)
            info = self._day(day)
            if info.kind is not DayKind.REGULAR and info.wall != weekly[day.weekday()]:
                result.append(self.day_info(day))
        return result

    # Internals ----------------------------------------------------------------------

    def _instant(self, t: datetime) -> tuple[int, int]:
        """Epoch microseconds of an aware datetime, and its local year."""
        if t.tzinfo is None:
            raise ValueError(f"an aware datetime is needed, got naive {t!r}")
        return (t - _EPOCH) // _ONE_US, t.astimezone(self.tz).year

    def _datetime(self, us: int) -> datetime:
        seconds, micro = divmod(us, _US_PER_SECOND)
        result = datetime.fromtimestamp(seconds, self.tz)
        return result.replace(microsecond=micro) if micro else result

    def _next_opening_us(self, us: int, year: int) -> int:
        while True:
            table = self._year(year)
            i = bisect_right(table.starts, us) - 1
            if i >= 0 and us < table.ends[i]:
                return us
            if i + 1 < len(table.starts):
                return table.starts[i + 1]
            year += 1

    def _business(self, a: int, year_a: int, b: int, year_b: int) -> int:
        """Business microseconds in [a, b), a <= b, one step per year spanned."""
        first = self._year(year_a)
        if year_a == year_b:
            return first.before(b) - first.before(a)
        total = first.total - first.before(a)
        for year in range(year_a + 1, year_b):
            total += self._year(year).total
        return total + self._year(year_b).before(b)

    def _merged_pauses(
        self,
        paused: Iterable[tuple[datetime, datetime]],
        low: tuple[int, int],
        high: tuple[int, int],
    ) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Pauses clipped to [low, high], sorted and merged so none overlap."""
        spans = []
        for pause_start, pause_end in paused:
            start, end = self._instant(pause_start), self._instant(pause_end)
            if end[0] < start[0]:
                raise ValueError(f"paused span ends before it starts: {pause_start}–{pause_end}")
            start, end = max(start, low), min(end, high)
            if start[0] < end[0]:
                spans.append((start, end))
        spans.sort()
        merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
        for start, end in spans:
            if merged and start[0] <= merged[-1][1][0]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            if not _MIN_YEAR <= year <= _MAX_YEAR:
                raise OverflowError(f"year {year} is outside the calendar's range")
            intervals: list[tuple[int, int]] = []
            day = date(year, 1, 1)
            while day.year == year:
                intervals.extend(self._day(day).intervals)
                day += _ONE_DAY
            table = self._years[year] = _Year(intervals)
        return table

    def _day(self, day: date) -> _Day:
        cached = self._days.get(day)
        if cached is None:
            kind, name, wall = self._classify(day)
            cached = self._days[day] = _Day(kind, name, wall, self._to_instants(day, wall))
        return cached

    def _classify(self, day: date) -> tuple[DayKind, str | None, tuple[Interval, ...]]:
        config = self.config
        special = config.special_hours.get(day)
        if special is not None:
            return DayKind.SPECIAL_HOURS, None, special
        if day in config.extra_closed_days:
            return DayKind.EXTRA_CLOSED, None, ()
        holiday = self._holiday(day)
        if holiday is not None:
            return holiday[0], holiday[1], ()
        weekly = config.weekly_hours[day.weekday()]
        if weekly and config.half_day_hours is not None:
            following = self._holiday(day + _ONE_DAY)
            if following is not None:
                return DayKind.HALF_DAY, following[1], config.half_day_hours
        return DayKind.REGULAR, None, weekly

    def _holiday(self, day: date) -> tuple[DayKind, str] | None:
        """The public holiday or de facto closed day on `day`, if any."""
        per_year = self._holidays.get(day.year)
        if per_year is None:
            per_year = {}
            for key in self.config.de_facto_closed_days:
                rule = DE_FACTO_CLOSED_DAYS[key]
                per_year[rule.date_in_year(day.year)] = (DayKind.DE_FACTO_CLOSED, rule.name)
            public = holidays.Sweden(
                years=day.year, categories=("public",), language="sv", include_sundays=False
            )
            for holiday_date, name in public.items():
                per_year[holiday_date] = (DayKind.PUBLIC_HOLIDAY, name)
            self._holidays[day.year] = per_year
        return per_year.get(day)

    def _to_instants(self, day: date, wall: tuple[Interval, ...]) -> tuple[tuple[int, int], ...]:
        """Wall-clock intervals of a date as epoch microseconds.

        A wall time that does not exist (inside a spring-forward gap) is read with the
        offset before the switch (zoneinfo's fold=0); the results are sorted and merged so
        that odd intervals around a switch cannot break the ordering.
        """
        spans = sorted(
            (
                (datetime.combine(day, start, self.tz) - _EPOCH) // _ONE_US,
                (datetime.combine(day, end, self.tz) - _EPOCH) // _ONE_US,
            )
            for start, end in wall
        )
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if end <= start:
                continue
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return tuple(merged)
