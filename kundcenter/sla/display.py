"""How a service-level clock reads to a person: "1 h 20 min left", "35 min late".

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


def format_business_duration(amount: int | float | timedelta) -> str:
    """Business time in hours and minutes, never days: 94 500 s → "26 h 15 min".

    A business day is not 24 hours, so days would mislead; hours stay hours. The sign
    is ignored (the caller says "left" or "late"). Rounded up to whole minutes, so a
    clock shows "1 min" until the very second it runs out.
    """
    seconds = amount.total_seconds() if isinstance(amount, timedelta) else amount
    minutes_total = math.ceil(abs(seconds) / 60)
    hours, minutes = divmod(minutes_total, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d h", "%(count)d h", hours) % {"count": hours})
    if minutes or not hours:
        parts.append(ngettext("%(count)d min", "%(count)d min", minutes) % {"count": minutes})
    return " ".join(parts)


def is_late(state: clock.ClockState) -> bool:
    return state.urgency == "late" or state.seconds_left < 0


def clock_text(state: clock.ClockState | None) -> str:
    """The short text of a clock: "1 h 20 min left", "35 min late", "paused" ("" if none)."""
    if state is None:
        return ""
    if state.paused:
        return _("paused")
    time = format_business_duration(state.seconds_left)
    if is_late(state):
        return _("%(time)s late") % {"time": time}
    return _("%(time)s left") % {"time": time}


def paused_text(state: clock.ClockState) -> str:
    """What a paused clock will show when it restarts (for a tooltip)."""
    time = format_business_duration(state.seconds_left)
    if is_late(state):
        return _("Paused while waiting for the customer, %(time)s late") % {"time": time}
    return _("Paused while waiting for the customer, %(time)s left") % {"time": time}


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


def _paused_seconds(ticket, now: datetime) -> int:
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
    paused = _paused_seconds(ticket, now)
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
        response_late_by="" if response_late is None else format_business_duration(response_late),
        resolution_late_by=(
            "" if resolution_late is None else format_business_duration(resolution_late)
        ),
        is_bug=is_bug,
        may_provide_workaround=(
            is_bug and ticket.service_level in (1, 2) and ticket.status != Status.CLOSED
        ),
    )
