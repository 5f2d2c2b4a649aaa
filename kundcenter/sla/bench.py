"""Speed measurement of the business-hours calendar (used by `manage.py bench_calendar`)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from kundcenter.sla.calendar import BusinessCalendar


def _random_instants(calendar: BusinessCalendar, rng: random.Random, count: int) -> list[datetime]:
    """Instants with second resolution, uniformly spread over 2026 and 2027."""
    low = int(datetime(2026, 1, 1, tzinfo=calendar.tz).timestamp())
    high = int(datetime(2028, 1, 1, tzinfo=calendar.tz).timestamp())
    return [datetime.fromtimestamp(rng.randrange(low, high), calendar.tz) for _ in range(count)]


def _rate(label: str, count: int, run: Callable[[], None], write: Callable[[str], None]) -> float:
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    rate = count / elapsed
    write(f"{label:<40} {count:>8} ops in {elapsed:6.3f} s = {rate:>10,.0f} ops/s")
    return rate


def run_benchmark(
    calendar: BusinessCalendar | None = None,
    *,
    count: int = 200_000,
    long_count: int = 50_000,
    seed: int = 2026,
    write: Callable[[str], None] = print,
) -> dict[str, float]:
    """Measure operations per second on one core and return them by operation name.

    short add: random starts in 2026-2027 plus 0-48 business hours; long add: plus one to two
    years' worth of business hours (1,750-3,500 h); between: random spans of up to 400
    days, without and with two paused spans.
    """
    calendar = calendar or BusinessCalendar()
    rng = random.Random(seed)

    write("Building the year tables for 2025-2032 (cached per calendar) ...")
    started = time.perf_counter()
    for year in range(2025, 2033):
        calendar.add(datetime(year, 1, 1, tzinfo=calendar.tz), 1)
    write(f"  done in {(time.perf_counter() - started) * 1000:.0f} ms; preparing random inputs ...")
    starts = _random_instants(calendar, rng, max(count, long_count))
    short_hours = [rng.randrange(0, 48 * 3600 + 1) for _ in range(count)]
    long_hours = [rng.randrange(1_750 * 3600, 3_500 * 3600 + 1) for _ in range(long_count)]
    ends = [t + timedelta(seconds=rng.randrange(0, 400 * 86_400)) for t in starts[:count]]
    pauses = [
        [
            (t + timedelta(days=1), t + timedelta(days=3)),
            (t + timedelta(days=2), t + timedelta(days=9)),
        ]
        for t in starts[:long_count]
    ]

    add = calendar.add
    between = calendar.between
    results: dict[str, float] = {}

    def short_adds() -> None:
        for t, seconds in zip(starts, short_hours, strict=False):
            add(t, seconds)

    def long_adds() -> None:
        for t, seconds in zip(starts, long_hours, strict=False):
            add(t, seconds)

    def plain_between() -> None:
        for t1, t2 in zip(starts, ends, strict=False):
            between(t1, t2)

    def paused_between() -> None:
        for t1, t2, paused in zip(starts, ends, pauses, strict=False):
            between(t1, t2, paused)

    results["add_short"] = _rate("add(), 0-48 business hours", count, short_adds, write)
    results["add_long"] = _rate("add(), 1-2 years of business hours", long_count, long_adds, write)
    results["between"] = _rate("between(), spans up to 400 days", count, plain_between, write)
    results["between_paused"] = _rate(
        "between(), with 2 paused spans", long_count, paused_between, write
    )
    return results
