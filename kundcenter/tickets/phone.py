"""The phone call log: the actions that add calls, and the average wait computed from it.

Staff log a call from the agent side (`log_call`); the switchboard reports its calls
through the API (`record_switchboard_call`, idempotent on the switchboard's id). The
portal and the contact page show `recent_average_wait()` the way the brochure does
("3 minuter – genomsnittlig väntetid för ärenden via telefon"), via `wait_text()`.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kundcenter.accounts.rules import is_staff_role
from kundcenter.lib.errors import ActionError
from kundcenter.lib.memo import ProcessMemo
from kundcenter.lib.phone import normalize_phone
from kundcenter.tickets.models import PhoneCall, TicketEvent

AVERAGE_WAIT_DAYS = 30
# A switchboard that lost track of a call may report hours; a day is surely an error.
MAX_WAITED_SECONDS = 24 * 3600
# E.164 allows 15 digits; a little room for national prefixes.
MAX_NUMBER_DIGITS = PhoneCall._meta.get_field("caller_number").max_length


def _caller_number(text: str) -> str:
    number = normalize_phone(text)
    if len(number) > MAX_NUMBER_DIGITS:
        raise ActionError(_("The caller's number is too long to be a phone number."))
    return number


def _check(*, started_at, waited_seconds, handled_by, now):
    if waited_seconds is None or waited_seconds < 0:
        raise ActionError(_("The wait cannot be negative."))
    if waited_seconds > MAX_WAITED_SECONDS:
        raise ActionError(_("A wait of more than a day cannot be right."))
    if started_at is None:
        raise ActionError(_("Give the time the call came in."))
    if started_at > now + timedelta(minutes=5):
        raise ActionError(_("A call cannot come in in the future."))
    if handled_by is not None and not is_staff_role(handled_by):
        raise ActionError(_("Only support staff handle calls."))


def _ticket_event(call):
    """A staff-only line in the linked ticket's history."""
    if call.ticket_id is None:
        return
    TicketEvent.objects.create(
        ticket_id=call.ticket_id,
        kind=TicketEvent.Kind.PHONE,
        actor=call.handled_by,
        new_value=str(call.waited_seconds),  # shown as "waited N s" (templatetags)
        public=False,
        created_at=call.created_at,
    )


def log_call(
    *,
    by,
    started_at=None,
    waited_seconds: int,
    team=None,
    ticket=None,
    organization=None,
    caller_number: str = "",
    now=None,
) -> PhoneCall:
    """Staff log a call they took: `by` handled it. Linked to `ticket` if given.

    The caller's customer is the ticket's unless given. Refused (ActionError) for anyone
    but staff and for a negative or impossible wait or a time in the future.
    """
    now = now or timezone.now()
    if not is_staff_role(by):
        raise ActionError(_("Only support staff can do this."))
    started_at = started_at or now - timedelta(seconds=max(waited_seconds or 0, 0))
    _check(started_at=started_at, waited_seconds=waited_seconds, handled_by=by, now=now)
    caller_number = _caller_number(caller_number)
    if organization is None and ticket is not None:
        organization = ticket.organization
    with transaction.atomic():
        call = PhoneCall.objects.create(
            started_at=started_at,
            waited_seconds=waited_seconds,
            team=team,
            handled_by=by,
            ticket=ticket,
            organization=organization,
            caller_number=caller_number,
            source=PhoneCall.Source.STAFF,
            created_at=now,
        )
        _ticket_event(call)
    return call


def record_switchboard_call(
    *,
    external_id: str,
    started_at,
    waited_seconds: int,
    team=None,
    handled_by=None,
    ticket=None,
    organization=None,
    caller_number: str = "",
    now=None,
) -> tuple[PhoneCall, bool]:
    """A call reported by the switchboard; returns (call, created).

    Idempotent on `external_id`: the same id again returns the call made the first time,
    unchanged (the switchboard retries after timeouts; the first report counts).
    """
    now = now or timezone.now()
    external_id = (external_id or "").strip()
    if not external_id:
        raise ActionError(_("Give the switchboard's id of the call."))
    existing = PhoneCall.objects.filter(
        source=PhoneCall.Source.SWITCHBOARD, external_id=external_id
    ).first()
    if existing is not None:
        return existing, False
    _check(started_at=started_at, waited_seconds=waited_seconds, handled_by=handled_by, now=now)
    caller_number = _caller_number(caller_number)
    if organization is None and ticket is not None:
        organization = ticket.organization
    with transaction.atomic():
        # get_or_create settles a race between two identical POSTs on the unique constraint.
        call, created = PhoneCall.objects.get_or_create(
            source=PhoneCall.Source.SWITCHBOARD,
            external_id=external_id,
            defaults={
                "started_at": started_at,
                "waited_seconds": waited_seconds,
                "team": team,
                "handled_by": handled_by,
                "ticket": ticket,
                "organization": organization,
                "caller_number": caller_number,
                "created_at": now,
            },
        )
        if created:
            _ticket_event(call)
    return call, created


def average_wait(days: int = AVERAGE_WAIT_DAYS, now=None) -> float | None:
    """Mean seconds waited over the calls that came in in the last `days` days; None if none.

    One aggregate query over the (started_at, waited_seconds) index.
    """
    now = now or timezone.now()
    result = PhoneCall.objects.filter(
        started_at__gt=now - timedelta(days=days), started_at__lte=now
    ).aggregate(mean=Avg("waited_seconds"))
    return float(result["mean"]) if result["mean"] is not None else None


# The pages' figure is read once per process a minute (and at once after a call is logged
# in this process): a 30-day mean shown in whole minutes does not move faster.
_recent = ProcessMemo("phone-wait", 60, models=[PhoneCall])


def recent_average_wait() -> float | None:
    """`average_wait()` over the last AVERAGE_WAIT_DAYS, as the pages show it (kept per
    process for up to a minute: kundcenter.lib.memo)."""
    return _recent.get("mean", average_wait)


def wait_text(seconds: float | None) -> str:
    """The brochure's line for a mean wait: "3 minuter – genomsnittlig väntetid …".

    Whole minutes, rounded half up; "under en minut" below 60 seconds; empty without
    calls (the pages then make no claim at all rather than a made-up one).
    """
    if seconds is None:
        return ""
    if seconds < 60:
        return _("under a minute – average wait for tickets by phone")
    minutes = int(seconds / 60 + 0.5)
    return ngettext(
        "%(count)s minute – average wait for tickets by phone",
        "%(count)s minutes – average wait for tickets by phone",
        minutes,
    ) % {"count": minutes}
