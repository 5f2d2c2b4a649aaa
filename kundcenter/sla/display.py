"""How a service-level clock reads to a person: "1 h 20 min left", "3 business days left",
"35 min late", "less than a minute late".

Pure functions over a ticket's SLA columns and the cached calendar: the queue calls
them once per row, so nothing here may query the database (the terms version name is
read from the ticket's own relation, which the ticket page joins in).
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kundcenter.sla import clock, policy
from kundcenter.tickets.workflows import Category, Status


def business_day_seconds() -> int:
    """The length of an ordinary business day (the longest weekday's opening hours).

    08–16 less lunch is 7 hours; read from the cached calendar, so no query.
    """
    longest = 0
    for day in policy.get_calendar().config.weekly_hours:
        seconds = sum(
            (close.hour * 3600 + close.minute * 60) - (opens.hour * 3600 + opens.minute * 60)
            for opens, close in day
        )
        longest = max(longest, seconds)
    return longest or 7 * 3600


# From this many business days on, a duration reads in business days, not hours.
DAYS_FROM = 2


def format_business_duration(amount: int | float | timedelta, day_seconds: int | None = None):
    """Business time as a person says it: "35 min", "1 h 20 min", "3 arbetsdagar".

    Under two business days it reads in hours and minutes; from two business days on in
    business days (a business day is 7 opening hours, not 24 hours), with the hours
    left over while the days are few ("2 business days 3 h"). Minutes are rounded up,
    so a clock shows "1 min" until the very second it runs out. The sign is ignored
    (the caller says "left" or "late").
    """
    seconds = amount.total_seconds() if isinstance(amount, timedelta) else amount
    minutes_total = math.ceil(abs(seconds) / 60)
    day_minutes = (day_seconds or business_day_seconds()) // 60
    if minutes_total >= DAYS_FROM * day_minutes:
        days, rest = divmod(minutes_total, day_minutes)
        text = ngettext("%(count)d business day", "%(count)d business days", days) % {"count": days}
        hours = rest // 60
        if days < 5 and hours:
            text += " " + ngettext("%(count)d h", "%(count)d h", hours) % {"count": hours}
        return text
    hours, minutes = divmod(minutes_total, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d h", "%(count)d h", hours) % {"count": hours})
    if minutes or not hours:
        parts.append(ngettext("%(count)d min", "%(count)d min", minutes) % {"count": minutes})
    return " ".join(parts)


def late_text(amount: int | float | timedelta) -> str:
    """How late, never "0 min": a breach under a minute reads "less than a minute"."""
    seconds = amount.total_seconds() if isinstance(amount, timedelta) else amount
    if abs(seconds) < 60:
        return _("less than a minute")
    return format_business_duration(seconds)


def is_late(state: clock.ClockState) -> bool:
    return state.urgency == "late" or state.seconds_left < 0


def clock_text(state: clock.ClockState | None) -> str:
    """The short text of a clock: "1 h 20 min left", "35 min late", "paused" ("" if none)."""
    if state is None:
        return ""
    if state.paused:
        return _("paused")
    if is_late(state):
        return _("%(time)s late") % {"time": late_text(state.seconds_left)}
    return _("%(time)s left") % {"time": format_business_duration(state.seconds_left)}


def paused_text(state: clock.ClockState) -> str:
    """What a paused clock will show when it restarts (for a tooltip)."""
    if is_late(state):
        time = late_text(state.seconds_left)
        return _("Paused while the customer has the next move, %(time)s late") % {"time": time}
    time = format_business_duration(state.seconds_left)
    return _("Paused while the customer has the next move, %(time)s left") % {"time": time}


@dataclass(frozen=True)
class SlaFacts:
    """Everything the ticket page's service-level panel shows, worked out once."""

    clock: clock.ClockState | None
    clock_text: str
    terms_name: str | None
    clock_start: datetime | None
    response_due: datetime | None
    handling_started: datetime | None
    resolution_due: datetime | None
    resolution_window_start: datetime | None
    paused_since: datetime | None
    paused_total: str  # formatted business time paused so far, "" if never
    # Formatted business time late; "" while the target is met or can still be met.
    response_late_by: str
    resolution_late_by: str
    is_bug: bool
    may_provide_workaround: bool

    @property
    def has_targets(self) -> bool:
        return self.response_due is not None or self.resolution_due is not None


def paused_business_seconds(ticket, now: datetime) -> int:
    """Business seconds paused so far, the current pause included."""
    seconds = ticket.paused_seconds or 0
    if ticket.paused_at is not None and now > ticket.paused_at:
        between = policy.get_calendar().between(ticket.paused_at, now)
        seconds += int(between.total_seconds())
    return seconds


def facts(ticket, now: datetime | None = None) -> SlaFacts:
    """The service-level facts of one ticket, for its page."""
    now = now or timezone.now()
    state = clock.state(ticket, now)
    breaches = clock.breach_summary(ticket, now)
    paused = paused_business_seconds(ticket, now)
    response_late, resolution_late = breaches.get("response"), breaches.get("resolution")
    is_bug = ticket.category == Category.BUG
    return SlaFacts(
        clock=state,
        clock_text=clock_text(state),
        terms_name=ticket.sla_terms.name if ticket.sla_terms_id else None,
        clock_start=ticket.sla_clock_start,
        response_due=ticket.response_due_at,
        handling_started=ticket.handling_started_at,
        resolution_due=ticket.resolution_due_at,
        resolution_window_start=ticket.resolution_window_start,
        paused_since=ticket.paused_at,
        paused_total=format_business_duration(paused) if paused else "",
        response_late_by="" if response_late is None else late_text(response_late),
        resolution_late_by="" if resolution_late is None else late_text(resolution_late),
        is_bug=is_bug,
        may_provide_workaround=(
            is_bug and ticket.service_level in (1, 2) and ticket.status != Status.CLOSED
        ),
    )
