"""A ticket's service-level clock: due times, pauses, handling start and breaches.

Pure functions over a ticket instance: they set the ticket's SLA columns and return the
names of the fields they changed, so the calling action saves them with `update_fields`
inside its own transaction. Nothing here saves or sends anything.

- The clock starts at registration, or at the next opening if registered while closed.
- Bugs: handling due and resolution target from their service level in the terms
  version in force at registration. Other categories: a response target only.
- Every state where the next move is the customer's pauses the clock (the workflow
  table says which: `workflows.pauses_clock`); the business time paused moves every due
  time not yet passed later by the same amount.
- Handling starts at the first staff action the customer can see (the actions call
  `handling_started` for it).
- A breach that has happened stays a breach: nothing here ever clears one, and a target
  that has been decided (handling started, or missed) no longer moves.
- The resolution target is never earlier than the handling target.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from kundcenter.sla import policy
from kundcenter.tickets.workflows import Category, Status, pauses_clock

SLA_FIELDS = [
    "sla_terms",
    "sla_clock_start",
    "response_due_at",
    "response_warn_at",
    "resolution_due_at",
    "resolution_window_start",
    "handling_started_at",
    "paused_at",
    "paused_seconds",
    "response_warned_at",
    "response_breached_at",
    "resolution_breached_at",
    "next_due_at",
]

WARN_FRACTION = 0.75
ZERO = timedelta(0)


def _response_time(ticket) -> timedelta | None:
    if ticket.category == Category.BUG:
        if not ticket.service_level:
            return None
        return policy.levels_for(ticket.sla_terms_id)[ticket.service_level].response
    return policy.category_response(ticket.sla_terms_id, ticket.category)


def start(ticket, now: datetime | None = None) -> list[str]:
    """Start the clock of a newly registered ticket (call before its first save)."""
    calendar = policy.get_calendar()
    registered = ticket.created_at or now or timezone.now()
    version = policy.version_in_force(registered)
    ticket.sla_terms = version
    ticket.sla_clock_start = calendar.next_opening(registered)
    ticket.paused_seconds = 0
    ticket.paused_at = None
    return recompute(ticket, now or registered)


def recompute(ticket, now: datetime | None = None) -> list[str]:
    """Due times from the ticket's category, level, terms and time paused so far."""
    now = now or timezone.now()
    calendar = policy.get_calendar()
    if ticket.sla_clock_start is None:
        ticket.sla_clock_start = calendar.next_opening(ticket.created_at)
    start_at, paused = ticket.sla_clock_start, timedelta(seconds=ticket.paused_seconds)
    response = _response_time(ticket)

    def shifted(t):
        return calendar.add(t, paused) if paused and t is not None else t

    # The response target is decided once handling has started or it was missed: a later
    # level change or pause moves only the targets still ahead.
    response_decided = (
        ticket.handling_started_at is not None or ticket.response_breached_at is not None
    )
    if response_decided and ticket.response_due_at is not None:
        pass  # decided: it stays as it was
    elif response is not None:
        ticket.response_due_at = calendar.add(start_at, response + paused)
        ticket.response_warn_at = calendar.add(start_at, response * WARN_FRACTION + paused)
    else:
        ticket.response_due_at = ticket.response_warn_at = None

    if ticket.resolution_breached_at is not None and ticket.resolution_due_at is not None:
        pass  # missed: it stays as it was
    elif ticket.category == Category.BUG and ticket.service_level:
        rule = policy.levels_for(ticket.sla_terms_id)[ticket.service_level].resolution
        target = rule.target(calendar, start_at)
        ticket.resolution_due_at = shifted(target.due)
        ticket.resolution_window_start = shifted(target.window_start)
        # Nobody can resolve before handling is due: the target is never the earlier one.
        handling_due = ticket.response_due_at
        if handling_due is not None and ticket.resolution_due_at < handling_due:
            ticket.resolution_due_at = handling_due
    else:
        ticket.resolution_due_at = ticket.resolution_window_start = None

    # A later deadline undoes a warning that has not happened under it; never a breach.
    clock_now = ticket.paused_at or now
    undecided = ticket.handling_started_at is None and ticket.response_breached_at is None
    if undecided and (ticket.response_warn_at is None or clock_now < ticket.response_warn_at):
        ticket.response_warned_at = None
    ticket.next_due_at = next_due(ticket)
    return SLA_FIELDS


def next_due(ticket) -> datetime | None:
    """The deadline the ticket is working against now (None while paused or closed)."""
    if ticket.status == Status.CLOSED or ticket.paused_at is not None:
        return None
    if ticket.handling_started_at is None and ticket.response_due_at is not None:
        return ticket.response_due_at
    return ticket.resolution_due_at


def pause(ticket, now: datetime) -> list[str]:
    """Stop the clock: the ticket waits for the customer."""
    if ticket.paused_at is None:
        ticket.paused_at = now
    ticket.next_due_at = None
    return ["paused_at", "next_due_at"]


def resume(ticket, now: datetime) -> list[str]:
    """Restart the clock; due times move later by the business time paused."""
    if ticket.paused_at is None:
        return []
    calendar = policy.get_calendar()
    ticket.paused_seconds += int(calendar.between(ticket.paused_at, now).total_seconds())
    ticket.paused_at = None
    return recompute(ticket, now)


def follow_status(ticket, now: datetime, proposal_pending: bool = False) -> tuple[list[str], str]:
    """Pause or resume the clock as the ticket's (new) status asks.

    The clock stands still where the workflow table says the move is the customer's
    (`pauses_clock`), and while a cost proposal waits for their answer. Returns the
    changed fields and what happened: "paused", "resumed" or "" (nothing). A closed
    ticket is left to `closed`.
    """
    if ticket.status == Status.CLOSED:
        return [], ""
    if proposal_pending or pauses_clock(ticket.category, ticket.status):
        if ticket.paused_at is not None:
            return [], ""
        return pause(ticket, now), "paused"
    if ticket.paused_at is None:
        return [], ""
    return resume(ticket, now), "resumed"


def durations(ticket) -> tuple[float | None, float | None]:
    """The ticket's business seconds to handling start and to resolution (None until
    they happen), as the times report counts them:

    - handling: registration to handling start. The clock does not pause before handling
      starts (pausing is a visible staff step), so nothing is taken off.
    - resolution: registration to closing, less the business time paused, never below 0.

    Business time counts only opening hours, so a ticket registered while closed starts
    at the next opening.
    """
    calendar = policy.get_calendar()
    handling = resolution = None
    if ticket.handling_started_at is not None:
        handling = max(calendar.between(ticket.created_at, ticket.handling_started_at), ZERO)
        handling = handling.total_seconds()
    if ticket.closed_at is not None:
        spent = calendar.between(ticket.created_at, ticket.closed_at).total_seconds()
        resolution = max(spent - ticket.paused_seconds, 0)
    return handling, resolution


def store_durations(ticket) -> list[str]:
    """Set the stored durations (`durations`) from the ticket's columns; the fields."""
    ticket.handling_business_seconds, ticket.resolution_business_seconds = durations(ticket)
    return ["handling_business_seconds", "resolution_business_seconds"]


def handling_started(ticket, now: datetime) -> list[str]:
    """Record the first handling: the first staff action the customer can see."""
    if ticket.handling_started_at is not None:
        return []
    ticket.handling_started_at = now
    store_durations(ticket)
    # A reply to a ticket waiting for the customer counts where its clock stopped: the
    # response due time has not yet moved by the current pause.
    clock_at = ticket.paused_at or now
    if ticket.response_due_at is not None and clock_at > ticket.response_due_at:
        ticket.response_breached_at = ticket.response_breached_at or ticket.response_due_at
    ticket.next_due_at = next_due(ticket)
    return [
        "handling_started_at",
        "response_breached_at",
        "next_due_at",
        "handling_business_seconds",
    ]


def closed(ticket, now: datetime) -> list[str]:
    """Stop the clock for good; a resolution after its target is a breach."""
    fields = []
    if ticket.paused_at is not None:
        fields += resume(ticket, now)
    # Closed without ever being handled, after handling was due: the response was missed.
    if (
        ticket.handling_started_at is None
        and ticket.response_due_at is not None
        and now > ticket.response_due_at
    ):
        ticket.response_breached_at = ticket.response_breached_at or ticket.response_due_at
    if ticket.resolution_due_at is not None and now > ticket.resolution_due_at:
        ticket.resolution_breached_at = ticket.resolution_breached_at or ticket.resolution_due_at
    ticket.next_due_at = None
    store_durations(ticket)
    return [
        *fields,
        "response_breached_at",
        "resolution_breached_at",
        "next_due_at",
        "paused_at",
        "paused_seconds",
        "handling_business_seconds",
        "resolution_business_seconds",
    ]


def reopened(ticket, closed_at: datetime, now: datetime) -> list[str]:
    """Restart the clock of a ticket reopened after `closed_at`.

    The time it stood closed counts as paused (the ball was with the customer), so every
    due time not yet decided moves later by the business time closed; breaches that
    happened stay. Call after setting the reopened status.
    """
    ticket.paused_at = closed_at
    fields = resume(ticket, now)
    # Open again: no resolution time until it is closed again.
    return [*fields, *store_durations(ticket)]


@dataclass(frozen=True)
class ClockState:
    """What a person sees: business time left (negative when late) and how urgent."""

    kind: str  # "response" or "resolution"
    due: datetime
    seconds_left: int  # business seconds; negative when overdue
    urgency: str  # "ok", "soon", "late"
    paused: bool = False


def state(ticket, now: datetime | None = None) -> ClockState | None:
    """The ticket's clock as shown in the queue and on the ticket page."""
    now = now or timezone.now()
    if ticket.status == Status.CLOSED:
        return None
    if ticket.paused_at is not None:
        due = (
            ticket.response_due_at
            if ticket.handling_started_at is None
            else ticket.resolution_due_at
        )
        if due is None:
            return None
        kind = "response" if ticket.handling_started_at is None else "resolution"
        left = int(policy.get_calendar().between(ticket.paused_at, due).total_seconds())
        return ClockState(kind, due, left, "late" if left < 0 else "ok", paused=True)
    due = ticket.next_due_at
    if due is None:
        return None
    calendar = policy.get_calendar()
    kind = "response" if ticket.handling_started_at is None else "resolution"
    if now >= due:
        left = -int(calendar.between(due, now).total_seconds())
        return ClockState(kind, due, left, "late")
    left = int(calendar.between(now, due).total_seconds())
    soon = (
        ticket.response_warn_at is not None
        and kind == "response"
        and now >= ticket.response_warn_at
    )
    soon = soon or left <= 3600
    return ClockState(kind, due, left, "soon" if soon else "ok")


def breach_summary(ticket, now: datetime | None = None) -> dict:
    """Whether each target was missed, and by how much business time."""
    now = now or timezone.now()
    calendar = policy.get_calendar()
    # The current pause has not moved the due times yet; the clock stands at `paused_at`.
    stopped = ticket.paused_at or now
    result = {}
    end = ticket.closed_at or stopped
    if ticket.response_due_at is not None:
        if ticket.response_breached_at is not None:
            # A breach stays a breach, measured against the due time it missed.
            until = ticket.handling_started_at or end
            result["response"] = calendar.between(ticket.response_breached_at, until)
        elif ticket.handling_started_at is not None:
            result["response"] = None
        else:
            late = end > ticket.response_due_at
            result["response"] = calendar.between(ticket.response_due_at, end) if late else None
    if ticket.resolution_breached_at is not None:
        result["resolution"] = calendar.between(ticket.resolution_breached_at, end)
    elif ticket.resolution_due_at is not None:
        late = end > ticket.resolution_due_at
        result["resolution"] = calendar.between(ticket.resolution_due_at, end) if late else None
    return result
