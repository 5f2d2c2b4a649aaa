"""Billable work: cost proposals, time entries and the monthly billing export.

Support questions are free. Orders, and tickets staff mark as outside free support, need a
cost proposal that a SuperUser accepts before billable work starts; the workflow refuses
Planned and In progress until then (see `proposal_refusal`), and billable time can only
be recorded once a proposal is accepted.
"""

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.accounts.rules import is_customer_superuser, is_staff_role, support_refusal
from kundcenter.lib.errors import ActionError
from kundcenter.tickets.models import BillableReason, CostProposal, Ticket, TicketEvent, TimeEntry
from kundcenter.tickets.workflows import Category, Lane, Status

BillingError = ActionError  # refusals of this module; same contract as every action


Kind = TicketEvent.Kind
GATED_TARGETS = (Status.PLANNED, Status.IN_PROGRESS)
DECLINE_CLOSE, DECLINE_RETURN = "close", "return"

# The largest amounts the columns hold (max_digits − decimal_places integer digits).
_LIMITS = {
    "fixed_price": Decimal("99999999.99"),
    "estimated_hours": Decimal("99999.99"),
    "hourly_rate": Decimal("999999.99"),
}


def needs_proposal(ticket: Ticket) -> bool:
    """Orders and tickets marked outside free support need an accepted cost proposal."""
    return ticket.category == Category.ORDER or ticket.billable


def accepted_proposal(ticket: Ticket):
    """The ticket's accepted proposal (the newest, if several), or None."""
    return ticket.proposals.filter(state=CostProposal.State.ACCEPTED).first()


def pending_proposal(ticket: Ticket):
    """The proposal waiting for the customer's answer (at most one), or None."""
    return ticket.proposals.filter(state=CostProposal.State.PENDING).first()


def proposal_refusal(ticket: Ticket, source: str, target: str) -> str | None:
    """Why the workflow may not move `ticket` from `source` to `target` yet (None: it may).

    Called by `actions.transition` for every workflow move.
    """
    if not needs_proposal(ticket):
        return None
    if target == Status.COST_PROPOSAL and pending_proposal(ticket) is None:
        return _("Write the cost proposal first; the customer is always told before billable work.")
    if _is_billable_work(ticket, target) and accepted_proposal(ticket) is None:
        return _("Billable work starts only after the customer has accepted a cost proposal.")
    if (
        source == Status.COST_PROPOSAL
        and target == Status.CLOSED
        and pending_proposal(ticket) is not None
    ):
        # The answer must be recorded on the proposal: decide_proposal does both.
        return _("Accept or decline the cost proposal.")
    return None


def _is_billable_work(ticket, status) -> bool:
    """Planned and In progress are billable work; so is a delivered order."""
    if status in GATED_TARGETS:
        return True
    return ticket.category == Category.ORDER and status == Status.DELIVERED


def _decimal(value, label, *, limit, required=True):
    """A positive amount typed the Swedish way or not: "12 500,50", "12500.50"."""
    if value in (None, ""):
        if required:
            raise BillingError(_("Give the %(what)s.") % {"what": label})
        return None
    text = str(value).strip()
    for space in (" ", "\xa0", "\u202f"):
        text = text.replace(space, "")
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise BillingError(_("The %(what)s must be a number.") % {"what": label}) from exc
    if not number.is_finite():
        raise BillingError(_("The %(what)s must be a number.") % {"what": label})
    if number <= 0:
        raise BillingError(_("The %(what)s must be more than zero.") % {"what": label})
    if number > limit:
        raise BillingError(_("The %(what)s is too large.") % {"what": label})
    return number.quantize(Decimal("0.01"))


def _lock(ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def propose_cost(
    ticket: Ticket,
    user,
    *,
    description: str,
    pricing: str,
    fixed_price=None,
    estimated_hours=None,
    hourly_rate=None,
    now=None,
) -> CostProposal:
    """Staff write a cost proposal, which waits for a SuperUser's answer.

    An order in Received moves on to Cost proposal (one still New is acknowledged first);
    the proposal and the move succeed or fail together.
    """
    from kundcenter.tickets import notify
    from kundcenter.tickets.actions import follow_clock, transition, visible_staff_action

    if not is_staff_role(user):
        raise BillingError(_("Only staff can write cost proposals."))
    if not needs_proposal(ticket):
        raise BillingError(
            _("Support questions are free: mark the ticket outside free support first.")
        )
    if not (description or "").strip():
        raise BillingError(_("Describe what the work covers."))
    if pricing == CostProposal.Pricing.FIXED:
        fixed_price = _decimal(fixed_price, _("fixed price"), limit=_LIMITS["fixed_price"])
        estimated_hours = hourly_rate = None
    elif pricing == CostProposal.Pricing.HOURLY:
        estimated_hours = _decimal(
            estimated_hours, _("estimated hours"), limit=_LIMITS["estimated_hours"]
        )
        hourly_rate = _decimal(hourly_rate, _("hourly rate"), limit=_LIMITS["hourly_rate"])
        fixed_price = None
    else:
        raise BillingError(_("Choose fixed price or estimated hours."))
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        if not ticket.is_open:
            raise BillingError(_("The ticket is closed."))
        if ticket.status == Status.WAITING:
            # The customer's answer would not move the order on from here.
            raise BillingError(
                _("The ticket is waiting for the customer; resume it before the cost proposal.")
            )
        if pending_proposal(ticket) is not None:
            raise BillingError(_("A cost proposal is already waiting for the customer."))
        proposal = CostProposal.objects.create(
            ticket=ticket,
            description=description.strip(),
            pricing=pricing,
            fixed_price=fixed_price,
            estimated_hours=estimated_hours,
            hourly_rate=hourly_rate,
            created_by=user,
            created_at=now,
        )
        TicketEvent.objects.create(
            ticket=ticket,
            kind=Kind.PROPOSAL,
            actor=user,
            new_value=CostProposal.State.PENDING,
            created_at=now,
        )
        # The answer is the customer's: the clock stands still until they give it.
        fields = visible_staff_action(ticket, user, now) + follow_clock(ticket, user, now)
        if fields:
            ticket.save(update_fields=sorted(set(fields)))
        if ticket.category == Category.ORDER and ticket.status == Status.NEW:
            ticket = transition(ticket, user, Status.RECEIVED, now=now)
        if ticket.category == Category.ORDER and ticket.status == Status.RECEIVED:
            ticket = transition(ticket, user, Status.COST_PROPOSAL, now=now)
        notify.proposal_waiting(ticket, proposal)
    return proposal


def withdraw_proposal(proposal: CostProposal, user, *, now=None) -> CostProposal:
    """Staff take back a proposal the customer has not answered (to write a better one)."""
    if not is_staff_role(user):
        raise BillingError(_("Only staff can withdraw cost proposals."))
    now = now or timezone.now()
    with transaction.atomic():
        updated = CostProposal.objects.filter(
            pk=proposal.pk, state=CostProposal.State.PENDING
        ).update(state=CostProposal.State.WITHDRAWN, decided_by=user, decided_at=now)
        if not updated:
            raise BillingError(_("This cost proposal has already been answered."))
        TicketEvent.objects.create(
            ticket_id=proposal.ticket_id,
            kind=Kind.PROPOSAL,
            actor=user,
            old_value=CostProposal.State.PENDING,
            new_value=CostProposal.State.WITHDRAWN,
            created_at=now,
        )
        _follow_clock_after_answer(proposal.ticket_id, user, now)
    proposal.refresh_from_db()
    return proposal


def decide_proposal(
    proposal: CostProposal,
    user,
    *,
    accept: bool,
    on_decline: str = DECLINE_CLOSE,
    reason: str = "",
    now=None,
) -> CostProposal:
    """A SuperUser accepts or declines a cost proposal.

    Accepting lets billable work start (an order moves to Planned). Declining either
    closes the ticket or returns it to the specialist, as the customer chooses. The
    answer also ends a wait for the customer, as a reply does.
    """
    from kundcenter.tickets.actions import close, transition

    ticket = proposal.ticket
    if not is_customer_superuser(user, ticket.organization_id):
        raise BillingError(_("Only the customer's SuperUsers can accept or decline a proposal."))
    refusal = support_refusal(user, ticket.organization)
    if refusal:
        raise BillingError(refusal)
    if not accept and on_decline not in (DECLINE_CLOSE, DECLINE_RETURN):
        raise BillingError(_("Choose whether to close the ticket or return it to support."))
    reason = (reason or "").strip()
    now = now or timezone.now()
    state = CostProposal.State.ACCEPTED if accept else CostProposal.State.DECLINED
    with transaction.atomic():
        ticket = _lock(ticket)
        if not ticket.is_open:
            raise BillingError(_("The ticket is closed."))
        updated = CostProposal.objects.filter(
            pk=proposal.pk, state=CostProposal.State.PENDING
        ).update(state=state, decided_by=user, decided_at=now)
        if not updated:
            raise BillingError(_("This cost proposal has already been answered."))
        proposal.refresh_from_db()
        TicketEvent.objects.create(
            ticket=ticket,
            kind=Kind.PROPOSAL,
            actor=user,
            old_value=CostProposal.State.PENDING,
            new_value=state,
            reason=reason,
            created_at=now,
        )
        ticket = _resume_if_waiting(ticket, user, now)
        declined = _("Cost proposal declined")
        if reason:
            declined = f"{declined}: {reason}"
        if accept:
            if ticket.status == Status.COST_PROPOSAL:
                transition(ticket, user, Status.PLANNED, reason=reason, now=now)
        elif on_decline == DECLINE_CLOSE:
            if ticket.status == Status.COST_PROPOSAL:
                transition(ticket, user, Status.CLOSED, reason=declined, now=now)
            else:
                close(ticket, user, "withdrawn", reason=declined, now=now)
        else:
            _return_to_support(ticket, user, declined, now)
        _follow_clock_after_answer(ticket.pk, user, now)
    return proposal


def _follow_clock_after_answer(ticket_id, user, now):
    """A proposal no longer waits: the clock runs again unless the status still pauses it."""
    from kundcenter.tickets.actions import follow_clock

    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    fields = follow_clock(ticket, user, now)
    if fields:
        ticket.save(update_fields=sorted(set(fields)))


def decide_pending(ticket: Ticket, user, *, accept: bool, on_decline=DECLINE_CLOSE, reason=""):
    """The customer's answer to the ticket's waiting proposal (the portal's workflow step)."""
    proposal = pending_proposal(ticket)
    if proposal is None:
        raise BillingError(_("No cost proposal is waiting for your answer."))
    proposal.ticket = ticket
    return decide_proposal(proposal, user, accept=accept, on_decline=on_decline, reason=reason)


def _resume_if_waiting(ticket, user, now):
    """The customer has answered: a ticket waiting for them goes back where it was."""
    from kundcenter.tickets.actions import follow_clock

    if ticket.status != Status.WAITING:
        return ticket
    resumed = ticket.resume_status
    TicketEvent.objects.create(
        ticket=ticket,
        kind=Kind.STATUS,
        actor=user,
        old_value=Status.WAITING,
        new_value=resumed,
        reason=_("The customer answered the cost proposal."),
        created_at=now,
    )
    ticket.status, ticket.resume_status = resumed, ""
    fields = ["status", "resume_status", *follow_clock(ticket, user, now)]
    ticket.updated_at = ticket.last_activity_at = now
    ticket.save(update_fields=sorted({*fields, "updated_at", "last_activity_at"}))
    return ticket


def _return_to_support(ticket, user, reason, now):
    """A declined proposal the customer wants handled further: back to the specialist.

    An order waiting in Cost proposal goes back to Received; the ticket leaves the
    consultants' lane for Service & Kvalitet, unassigned, like a hand-over.
    """
    from kundcenter.tickets.actions import follow_clock

    source = ticket.status
    fields = ["lane", "assignee", "updated_at", "last_activity_at"]
    if source == Status.COST_PROPOSAL:
        ticket.status = Status.RECEIVED
        fields.append("status")
        TicketEvent.objects.create(
            ticket=ticket,
            kind=Kind.STATUS,
            actor=user,
            old_value=source,
            new_value=Status.RECEIVED,
            reason=reason,
            created_at=now,
        )
        fields += follow_clock(ticket, user, now)  # back with support: the clock runs
    if ticket.lane != Lane.SUPPORT:
        TicketEvent.objects.create(
            ticket=ticket,
            kind=Kind.LANE,
            actor=user,
            old_value=ticket.lane,
            new_value=Lane.SUPPORT,
            reason=reason,
            public=False,
            created_at=now,
        )
        ticket.lane = Lane.SUPPORT
        ticket.assignee = None
    ticket.updated_at = ticket.last_activity_at = now
    ticket.save(update_fields=sorted(set(fields)))


def mark_billable(ticket: Ticket, user, *, reason: str, billable: bool = True, now=None) -> Ticket:
    """Staff mark a ticket as outside free support (or back inside it), with a reason.

    The change is in the history the customer reads: they are told before any billable
    work, which then needs an accepted cost proposal.
    """
    if not is_staff_role(user):
        raise BillingError(_("Only staff can do this."))
    if not (reason or "").strip():
        raise BillingError(_("Say why the ticket is or is not outside free support."))
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        if not ticket.is_open:
            raise BillingError(_("The ticket is closed."))
        if ticket.billable == billable:
            return ticket
        TicketEvent.objects.create(
            ticket=ticket,
            kind=Kind.BILLABLE,
            actor=user,
            old_value=str(ticket.billable),
            new_value=str(billable),
            reason=reason.strip(),
            created_at=now,
        )
        ticket.billable = billable
        ticket.updated_at = now
        ticket.save(update_fields=["billable", "updated_at"])
    return ticket


def record_time(
    ticket: Ticket,
    user,
    *,
    minutes,
    billable: bool = False,
    reason: str = "",
    note: str = "",
    work_date: date | None = None,
) -> TimeEntry:
    """Staff record time spent on a ticket.

    Billable time needs a reason, and a cost proposal the customer has accepted: the
    customer is always told before billable work starts.
    """
    if not is_staff_role(user):
        raise BillingError(_("Only staff record time."))
    try:
        minutes = int(minutes)
    except (TypeError, ValueError) as exc:
        raise BillingError(_("Give the time in whole minutes.")) from exc
    if not 0 < minutes <= 24 * 60:
        raise BillingError(_("Time is between 1 minute and 24 hours per entry."))
    today = timezone.localdate()
    work_date = work_date or today
    if work_date > today:
        raise BillingError(_("Time cannot be recorded for a future date."))
    if billable:
        if reason not in BillableReason.values:
            raise BillingError(
                _("Billable time needs a reason: %(reasons)s.")
                % {"reasons": ", ".join(_lower_first(label) for label in BillableReason.labels)}
            )
        if accepted_proposal(ticket) is None:
            raise BillingError(
                _("Billable time needs a cost proposal that the customer has accepted.")
            )
    return TimeEntry.objects.create(
        ticket=ticket,
        user=user,
        minutes=minutes,
        billable=billable,
        reason=reason if billable else "",
        note=(note or "").strip()[:300],
        work_date=work_date,
    )


def _lower_first(label) -> str:
    """ "The customer's IT environment" → "the customer's IT environment", mid-sentence."""
    text = str(label)
    return text[:1].lower() + text[1:]


def needs_setup_change(ticket: Ticket, user, *, reason: str, now=None) -> Ticket:
    """Specialists may not change a customer's setup: turn the request into an Order.

    The ticket keeps its number and history, becomes an Order and goes to the
    consultants' lane, who acknowledge it and write its cost proposal. Work that had
    started as free support starts over at New (see actions.change_category).
    """
    from kundcenter.tickets.actions import change_category, hand_over

    if not is_staff_role(user):
        raise BillingError(_("Only staff can do this."))
    if not (reason or "").strip():
        raise BillingError(_("Describe the setup change that is needed."))
    text = _("Needs a setup change: %(reason)s") % {"reason": reason.strip()}
    with transaction.atomic():
        if ticket.category != Category.ORDER:
            ticket = change_category(ticket, user, Category.ORDER, reason=text, now=now)
        return hand_over(ticket, user, Lane.CONSULTANT, reason=text, now=now)


def billable_minutes(ticket: Ticket) -> int:
    """Billable minutes recorded on the ticket so far."""
    return ticket.time_entries.filter(billable=True).aggregate(m=Sum("minutes"))["m"] or 0


# --- export --------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "customer",
    "org_number",
    "ticket",
    "kind",
    "date",
    "who",
    "minutes",
    "reason",
    "amount_sek",
    "note",
]

# A cell starting with one of these is a formula to Excel: text from people must not be.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value: str) -> str:
    value = value or ""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _amount(value) -> str:
    """12500.5 → "12500,50": a decimal comma, as Swedish Excel reads numbers."""
    return f"{value:.2f}".replace(".", ",") if value is not None else ""


def billing_rows(year: int, month: int, organization=None):
    """Billable time and accepted proposals of one month (local time), as dictionaries."""
    entries = TimeEntry.objects.filter(
        billable=True, work_date__year=year, work_date__month=month
    ).select_related("ticket__organization", "user")
    proposals = CostProposal.objects.filter(
        state=CostProposal.State.ACCEPTED, decided_at__year=year, decided_at__month=month
    ).select_related("ticket__organization", "decided_by")
    if organization is not None:
        entries = entries.filter(ticket__organization=organization)
        proposals = proposals.filter(ticket__organization=organization)
    rows = []
    for e in entries.order_by("work_date", "pk"):
        org = e.ticket.organization
        rows.append(
            {
                "customer": org.name,
                "org_number": org.org_number,
                "ticket": e.ticket.number,
                "kind": "time",
                "date": e.work_date.isoformat(),
                "who": e.user.full_name if e.user else "",
                "minutes": e.minutes,
                "reason": e.reason,
                "amount_sek": "",
                "note": e.note,
            }
        )
    for p in proposals.order_by("decided_at", "pk"):
        org = p.ticket.organization
        rows.append(
            {
                "customer": org.name,
                "org_number": org.org_number,
                "ticket": p.ticket.number,
                "kind": "proposal",
                "date": timezone.localdate(p.decided_at).isoformat(),
                "who": p.decided_by.full_name if p.decided_by else "",
                "minutes": "",
                "reason": p.pricing,
                "amount_sek": _amount(p.total),
                "note": p.description[:200],
            }
        )
    rows.sort(key=lambda r: (r["customer"], r["org_number"], r["date"], r["ticket"]))
    return rows


def billing_csv(year: int, month: int, organization=None) -> str:
    """The monthly billing export as CSV text (semicolon-separated, as Swedish Excel reads)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, delimiter=";")
    writer.writeheader()
    for row in billing_rows(year, month, organization):
        for column in ("customer", "who", "note"):
            row[column] = _text_cell(row[column])
        writer.writerow(row)
    return out.getvalue()
