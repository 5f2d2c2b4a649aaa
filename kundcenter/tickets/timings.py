"""The times report's histograms (DurationCount): business-hour durations per month, kept current.

The times report gives medians and 90th percentiles, which cannot be added up from
counts; reading and sorting a year's durations at every request is too slow at a million
tickets. So each ticket's stored durations (`handling_business_seconds`,
`resolution_business_seconds`) are counted in histograms per month of registration:
one per lane ("" = every lane) and per grouping the report shows (the whole month, each
service level, category and team), with buckets exact to the report's tenth of an hour
below 48 business hours (see `bucket`), and the same histogram again in bands of about
20 buckets (see `band`): a year's medians take the band of each rank from the band
cells and then only that band's buckets, not every bucket of every month.

A ticket stores its cells' key (`Ticket.timed_as`); `Ticket.save()` moves it between
cells when the key changed (`retime`), as the report counts do; `rebuild()` recomputes
everything (`manage.py rebuild_report_figures`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from kundcenter.lib import keyed_cells
from kundcenter.tickets.counts import zone

HANDLING, RESOLUTION = "h", "r"
# The same histograms in bands of buckets (measure H and R, `bucket` the band's lower
# bound; see `band`): the report finds the band of each rank in a few band cells and
# then reads the buckets of that band alone.
BANDED = {HANDLING: "H", RESOLUTION: "R"}
# A histogram per month for the month as a whole ("") and per value of these.
AXES = ("", "level", "category", "team")
TIMED_FIELDS = frozenset(
    {
        "created_at",
        "lane",
        "service_level",
        "category",
        "team",
        "team_id",
        "handling_business_seconds",
        "resolution_business_seconds",
    }
)
KEY_SOURCES = (
    "created_at",
    "lane",
    "service_level",
    "category",
    "team_id",
    "handling_business_seconds",
    "resolution_business_seconds",
)
CELL_COLUMNS = ("period", "lane", "axis", "value", "measure", "bucket")

HOUR = 3600
FINE_BELOW = 48 * HOUR  # 6-minute buckets centred on the tenths of an hour shown
HOURLY_BELOW = 480 * HOUR  # then whole hours, then ten hours


def bucket(seconds: float) -> int:
    """The bucket of a duration: the value (whole seconds) the report takes for every
    duration in it. Below 48 business hours the nearest tenth of an hour (off by at most
    3 minutes: the report shows tenths of an hour); then the middle of the whole hour (off
    by at most 30 minutes); from 480 hours the middle of the ten hours (at most 5 hours,
    about 1 %)."""
    seconds = max(0.0, float(seconds))
    if seconds < FINE_BELOW:
        return int((seconds + 180) // 360) * 360
    if seconds < HOURLY_BELOW:
        return int(seconds // HOUR) * HOUR + HOUR // 2
    return int(seconds // (10 * HOUR)) * 10 * HOUR + 5 * HOUR


def band_width(value: int) -> int:
    """The width of the band holding bucket value `value`: 20 of the 6-minute buckets
    below 48 hours, 12 of the whole hours below 480, then 12 of the ten-hour buckets."""
    if value < FINE_BELOW:
        return 2 * HOUR
    if value < HOURLY_BELOW:
        return 12 * HOUR
    return 120 * HOUR


def band(value: int) -> int:
    """The band (its lower bound, in seconds) of the bucket value `value`; every bucket of
    a band is in [band, band + band_width(band))."""
    width = band_width(value)
    return value // width * width


def key_of_values(values, tz=None) -> str:
    created, lane, level, category, team, handling, resolution = values
    tz = tz or zone()
    return "|".join(
        (
            created.astimezone(tz).date().replace(day=1).isoformat(),
            lane or "",
            str(level or 0),
            category,
            str(team or 0),
            "" if handling is None else str(bucket(handling)),
            "" if resolution is None else str(bucket(resolution)),
        )
    )


def key_of(ticket) -> str:
    return key_of_values([getattr(ticket, name) for name in KEY_SOURCES])


def cells_of(key: str) -> list[tuple]:
    """The DurationCount cells (CELL_COLUMNS values) a key counts in."""
    if not key:
        return []
    month, lane, level, category, team, handling, resolution = key.split("|")
    period = datetime.date.fromisoformat(month)
    lanes = ("", lane) if lane else ("",)
    values = (("", ""), ("level", level), ("category", category), ("team", team))
    cells = []
    for measure, found in ((HANDLING, handling), (RESOLUTION, resolution)):
        if found == "":
            continue
        for each_lane in lanes:
            for axis, value in values:
                cells.append((period, each_lane, axis, value, measure, int(found)))
                cells.append((period, each_lane, axis, value, BANDED[measure], band(int(found))))
    return cells


def _model():
    from kundcenter.tickets.models import DurationCount

    return DurationCount


def move(old_key: str, new_key: str) -> None:
    keyed_cells.move(_model(), CELL_COLUMNS, cells_of, old_key, new_key)


def retime(ticket) -> None:
    """After `ticket` was saved: move it to the histogram cells its columns now give."""
    keyed_cells.recount(ticket, "timed_as", key_of, move)


def recount_pks(pks) -> None:
    """Recount tickets changed without `save()` (set behind the actions' back)."""
    from kundcenter.tickets.models import Ticket

    keyed_cells.recount_pks(
        Ticket, pks, "timed_as", KEY_SOURCES, key_of_values, move, lock_of=("self",)
    )


def ticket_deleted(sender, instance, **kwargs) -> None:
    """A deleted ticket leaves its cells (post_delete)."""
    move(instance.timed_as, "")


def rebuild(
    on_batch: Callable[[int], None] | None = None, *, keys_too: bool = True
) -> tuple[int, int]:
    """Recompute every ticket's key and every histogram cell. Idempotent."""
    from kundcenter.tickets.models import Ticket

    tz = zone()
    return keyed_cells.rebuild(
        Ticket.objects.all(),
        "timed_as",
        KEY_SOURCES,
        lambda values: key_of_values(values, tz),
        _model(),
        CELL_COLUMNS,
        cells_of,
        on_batch,
        keys_too=keys_too,
    )


# Reading ------------------------------------------------------------------------------


def ranked(histogram: dict[int, int], rank: int) -> int:
    """The `rank`-th smallest value (1-based) of a histogram {bucket: count}."""
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise ValueError("rank beyond the histogram")
