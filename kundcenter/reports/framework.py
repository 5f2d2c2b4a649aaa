"""The shape every report shares: filters in, sections out.

A report is a plain function `(filters, scope) -> Report`. Each section holds one table
(the numbers) and optionally a chart drawn from the same numbers, so the chart, the table
and the CSV/Excel export can never disagree. Periods are calendar days, ISO weeks or
months in the support department's time zone (settings.TIME_ZONE, Europe/Stockholm).
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

DAY, WEEK, MONTH = "day", "week", "month"
TRUNC = {DAY: TruncDay, WEEK: TruncWeek, MONTH: TruncMonth}

# Column kinds: how a value is shown and exported.
TEXT, COUNT, SHARE = "text", "count", "share"
# Business hours as a decimal number (one decimal shown).
HOURS = "hours"


def report_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass
class Column:
    key: str
    label: str
    kind: str = COUNT


@dataclass
class Table:
    """Rows of plain values (str, int, or a share 0–1 or None), one per row, in order."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list]
    # Optional: a URL per row, shown as a link on the row's first cell (not exported).
    links: list[str | None] | None = None


@dataclass
class Chart:
    """A chart of some of a table's columns, one point per row."""

    kind: str  # "bar" or "line"
    label_column: str
    value_columns: list[str]


@dataclass
class Section:
    table: Table
    chart: Chart | None = None
    description: str = ""


@dataclass
class Report:
    sections: list[Section] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((s.table for s in self.sections if s.table.key == key), None)


@dataclass(frozen=True)
class DateRange:
    """Calendar dates `first` to `last`, both included, in the report time zone."""

    first: datetime.date
    last: datetime.date

    @property
    def start(self) -> datetime.datetime:
        return _midnight(self.first)

    @property
    def end(self) -> datetime.datetime:
        """The first instant after the range (exclusive bound)."""
        return _midnight(self.last + datetime.timedelta(days=1))


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=report_zone())


def period_start(day: datetime.date, grouping: str) -> datetime.date:
    if grouping == WEEK:
        return day - datetime.timedelta(days=day.weekday())
    if grouping == MONTH:
        return day.replace(day=1)
    return day


def periods(dates: DateRange, grouping: str) -> list[datetime.date]:
    """The first day of every period touching the range, in order (empty ones included)."""
    result = []
    current = period_start(dates.first, grouping)
    while current <= dates.last:
        result.append(current)
        if grouping == DAY:
            current += datetime.timedelta(days=1)
        elif grouping == WEEK:
            current += datetime.timedelta(days=7)
        else:
            current = (current.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return result


def period_count(dates: DateRange, grouping: str) -> int:
    return len(periods(dates, grouping))


def period_label(first_day: datetime.date, grouping: str) -> str:
    """Language-neutral labels: 2026-12-01, 2026-W49, 2026-12."""
    if grouping == WEEK:
        year, week, _weekday = first_day.isocalendar()
        return f"{year}-W{week:02d}"
    if grouping == MONTH:
        return f"{first_day:%Y-%m}"
    return first_day.isoformat()


def period_key(value) -> datetime.date:
    """A Trunc* result (aware datetime, or a date on some backends) as the local date."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(report_zone())
        return value.date()
    return value


def trunc(grouping: str, field_name: str):
    return TRUNC[grouping](field_name, tzinfo=report_zone())


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
