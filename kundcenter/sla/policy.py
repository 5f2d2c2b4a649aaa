"""From database rows to the pure calendar and terms the SLA engine computes with.

The calendar and the terms are cached per process and dropped whenever an admin saves
or deletes a row (signals below); other processes pick a change up within
`SLA_CACHE_SECONDS`.
"""

import threading
import time as _time
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from kundcenter.sla import reference
from kundcenter.sla.calendar import BusinessCalendar, CalendarConfig
from kundcenter.sla.models import (
    CalendarSettings,
    CategoryResponseTerm,
    ClosedDay,
    ResolutionKind,
    SlaLevelTerm,
    SlaTermsVersion,
    SpecialHours,
)
from kundcenter.sla.targets import (
    DEFAULT_SERVICE_LEVELS,
    MonthWindow,
    SameDay,
    SameWeek,
    ServiceLevel,
    WithinDays,
)

# Response targets for the categories without service levels, in business hours, used
# when no terms version defines them: the same figures the first terms version is seeded with.
DEFAULT_CATEGORY_RESPONSE_HOURS = dict(reference.CATEGORIES)

_lock = threading.Lock()
_cache: dict = {}


def _cache_seconds() -> int:
    return getattr(settings, "SLA_CACHE_SECONDS", 300)


def _cached(key, build):
    now = _time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit and hit[0] > now:
            return hit[1]
    value = build()
    with _lock:
        _cache[key] = (now + _cache_seconds(), value)
    return value


def _clear():
    with _lock:
        _cache.clear()


def clear_cache(**_kwargs):
    """Forget the cached calendar and terms, now and again when the change commits.

    Clearing only now would let another thread rebuild from the old rows before the
    admin's transaction commits, and keep them for `SLA_CACHE_SECONDS`.
    """
    _clear()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_clear)


for _model in (
    CalendarSettings,
    ClosedDay,
    SpecialHours,
    SlaTermsVersion,
    SlaLevelTerm,
    CategoryResponseTerm,
):
    post_save.connect(clear_cache, sender=_model, dispatch_uid=f"sla-cache-save-{_model.__name__}")
    post_delete.connect(
        clear_cache, sender=_model, dispatch_uid=f"sla-cache-delete-{_model.__name__}"
    )


def calendar_config() -> CalendarConfig:
    """The opening hours as configured in the database."""
    row = CalendarSettings.current()
    if row.lunch_starts and row.lunch_ends:
        day = ((row.opens, row.lunch_starts), (row.lunch_ends, row.closes))
    else:
        day = ((row.opens, row.closes),)
    weekly = tuple(day if str(i) in row.open_weekdays else () for i in range(1, 8))
    de_facto = {
        key
        for key, on in (
            ("midsummer_eve", row.closed_midsummer_eve),
            ("christmas_eve", row.closed_christmas_eve),
            ("new_years_eve", row.closed_new_years_eve),
        )
        if on
    }
    half_day = None
    if row.half_days:
        half_day = ((row.opens, row.half_day_closes),)
    special = {s.date: ((s.opens, s.closes),) for s in SpecialHours.objects.all()}
    closed = {c.date for c in ClosedDay.objects.all()} - special.keys()
    return CalendarConfig(
        timezone=settings.TIME_ZONE,
        weekly_hours=weekly,
        half_day_hours=half_day,
        de_facto_closed_days=frozenset(de_facto),
        extra_closed_days=frozenset(closed),
        special_hours=special,
    )


def get_calendar() -> BusinessCalendar:
    """The business calendar in force (cached)."""
    return _cached("calendar", lambda: BusinessCalendar(calendar_config()))


def _hours(value: Decimal) -> timedelta:
    return timedelta(seconds=int(Decimal(value) * 3600))


def _rule(term: SlaLevelTerm):
    if term.resolution == ResolutionKind.SAME_DAY:
        return SameDay()
    if term.resolution == ResolutionKind.SAME_WEEK:
        return SameWeek()
    if term.resolution == ResolutionKind.WITHIN_DAYS:
        return WithinDays(term.resolution_days)
    return MonthWindow(term.window_from_months, term.window_to_months)


def _versions():
    """All published versions with their terms, newest effective date first."""

    def build():
        versions = list(SlaTermsVersion.objects.prefetch_related("levels", "categories"))
        return [
            (
                v,
                {
                    t.level: ServiceLevel(t.level, _hours(t.response_hours), _rule(t))
                    for t in v.levels.all()
                },
                {c.category: _hours(c.response_hours) for c in v.categories.all()},
            )
            for v in versions
        ]

    return _cached("versions", build)


def version_in_force(at: datetime | None = None) -> SlaTermsVersion | None:
    """The terms version in force at `at` (now by default)."""
    day = timezone.localdate(at or timezone.now())
    for version, _levels, _cats in _versions():
        if version.effective_from <= day:
            return version
    return None


def coming_versions(at: datetime | None = None) -> list[SlaTermsVersion]:
    """Published versions that take effect later than `at`, soonest first.

    A version whose publication date is still ahead is a draft: customers do not see it.
    """
    day = timezone.localdate(at or timezone.now())
    return sorted(
        (v for v, _l, _c in _versions() if v.published_on <= day < v.effective_from),
        key=lambda v: (v.effective_from, v.published_on, v.pk),
    )


def _inherited(version_id: int | None, part: int) -> dict:
    """A version's terms of one kind, with what it leaves out from the versions before it.

    `part` picks the levels (1) or the category response times (2). A version that
    defines only some levels keeps the others as the previous version had them; only
    what no version defines comes from the built-in defaults (the caller adds those).
    """
    versions = _versions()  # newest first
    index = next((i for i, row in enumerate(versions) if row[0].pk == version_id), None)
    if index is None:
        return {}
    merged: dict = {}
    for row in reversed(versions[index:]):  # oldest first, so newer rows win
        merged.update(row[part])
    return merged


def levels_for(version_id: int | None):
    """The per-level terms of a version, inherited level by level, then the defaults."""
    return {**DEFAULT_SERVICE_LEVELS, **_inherited(version_id, 1)}


def category_response(version_id: int | None, category: str) -> timedelta | None:
    """Response time for a category without service levels (inherited like the levels)."""
    cats = _inherited(version_id, 2)
    if category in cats:
        return cats[category]
    hours = DEFAULT_CATEGORY_RESPONSE_HOURS.get(category)
    return timedelta(hours=hours) if hours else None
