"""Billable work: cost proposals, time entries and the monthly billing export.

Support questions are free. Orders, and tickets staff mark as outside free support, need a
cost proposal that a SuperUser accepts before billable work starts; the workflow refuses
Planned and In progress until then (see `proposal_refusal`).
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


def needs_proposal(ticket: Ticket) -> bool:
    return ticket.category == Category.ORDER or ticket.billable


def accepted_proposal(ticket: Ticket):
    return ticket.proposals.filter(state=CostProposal.State.ACCEPTED).first()


def pending_proposal(ticket: Ticket):
    return ticket.proposals.filter(state=CostProposal.State.PENDING).first()


def proposal_refusal(ticket: Ticket, source: str, target: str) -> str | None:
    """Why the workflow may not move `ticket` to `target` yet (None: it may)."""
    if not needs_proposal(ticket):
        return None
    if target == Status.COST_PROPOSAL and pending_proposal(ticket) is None:
        return _("Write the cost proposal first; the customer is always told before billable work.")
    if target in GATED_TARGETS and accepted_proposal(ticket) is None:
        return _("Billable work starts only after the customer has accepted a cost proposal.")
    return None


def _decimal(value, label, *, required=True):
    if value in (None, ""):
        if required:
            raise BillingError(_("Give the %(what)s.") % {"what": label})
        return None
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation as exc:
        raise BillingError(_("%(what)s must be a number.") % {"what": label}) from exc
    if number <= 0:
        raise BillingError(_("%(what)s must be more than zero.") % {"what": label})
    return number


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
    """Staff write a cost proposal; an order moves on to Cost proposal, awaiting the customer."""
    from kundcenter.tickets import notify

    if not is_staff_role(user):
        raise BillingError(_("Only staff can write cost proposals."))
    if not ticket.is_open:
        raise BillingError(_("The ticket is closed."))
    if not (description or "").strip():
        raise BillingError(_("Describe what the work covers."))
    if pricing == CostProposal.Pricing.FIXED:
        fixed_price = _decimal(fixed_price, _("fixed price"))
        estimated_hours = hourly_rate = None
    elif pricing == CostProposal.Pricing.HOURLY:
        estimated_hours = _decimal(estimated_hours, _("estimated hours"))
        hourly_rate = _decimal(hourly_rate, _("hourly rate"))
        fixed_price = None
    else:
        raise BillingError(_("Choose fixed price or estimated hours."))
    now = now or timezone.now()
    with transaction.atomic():
        Ticket.objects.select_for_update().get(pk=ticket.pk)
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
            ticket=ticket, kind=Kind.PROPOSAL, actor=user, new_value="pending", created_at=now
        )
        transaction.on_commit(lambda: notify.proposal_waiting(ticket, proposal))
    if ticket.category == Category.ORDER and ticket.status == Status.RECEIVED:
        from kundcenter.tickets.actions import transition

        transition(ticket, user, Status.COST_PROPOSAL, now=now)
    return proposal


def decide_proposal(
    proposal: CostProposal, user, *, accept: bool, on_decline: str = "close", now=None
) -> CostProposal:
    """A SuperUser accepts or declines a cost proposal.

    Accepting lets billable work start (an order moves to Planned). Declining either
    closes the ticket or returns it to the specialist, as the customer chooses.
    """
    from kundcenter.tickets.actions import close, transition

    ticket = proposal.ticket
    if not is_customer_superuser(user, ticket.organization_id):
        raise BillingError(_("Only the customer's SuperUsers can accept or decline a proposal."))
    refusal = support_refusal(user, ticket.organization)
    if refusal:
        raise BillingError(refusal)
    if on_decline not in ("close", "return"):
        raise BillingError(_("Choose whether to close the ticket or return it to support."))
    now = now or timezone.now()
    state = CostProposal.State.ACCEPTED if accept else CostProposal.State.DECLINED
    with transaction.atomic():
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
            old_value="pending",
            new_value=state,
            created_at=now,
        )
        ticket.refresh_from_db()
        if accept and ticket.status == Status.COST_PROPOSAL:
            transition(ticket, user, Status.PLANNED, now=now)
        elif not accept and on_decline == "close":
            if ticket.status == Status.COST_PROPOSAL:
                transition(ticket, user, Status.CLOSED, reason=_("Cost proposal declined"), now=now)
            else:
                close(ticket, user, "withdrawn", reason=_("Cost proposal declined"), now=now)
        elif not accept:
            _return_to_support(ticket, user, now)
    return proposal


def _return_to_support(ticket, user, now):
    """A declined proposal the customer wants handled further: back to the specialist."""
    source = ticket.status
    fields = ["lane", "updated_at", "last_activity_at"]
    if source == Status.COST_PROPOSAL:
        ticket.status = Status.RECEIVED
        fields.append("status")
        TicketEvent.objects.create(
            ticket=ticket,
            kind=Kind.STATUS,
            actor=user,
            old_value=source,
            new_value=Status.RECEIVED,
            reason=_("Cost proposal declined"),
            created_at=now,
        )
    ticket.lane = Lane.SUPPORT
    ticket.updated_at = ticket.last_activity_at = now
    ticket.save(update_fields=fields)


def mark_billable(ticket: Ticket, user, *, reason: str, billable: bool = True, now=None) -> Ticket:
    """Staff mark a ticket as outside free support (or back inside it)."""
    if not is_staff_role(user):
        raise BillingError(_("Only staff can do this."))
    if not (reason or "").strip():
        raise BillingError(_("Say why."))
    now = now or timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.billable == billable:
            return ticket
        TicketEvent.objects.create(
            ticket=ticket,
            kind=Kind.BILLABLE,
            actor=user,
            old_value=str(ticket.billable),
            new_value=str(billable),
            reason=reason,
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
    """Staff record time spent; billable time needs a reason."""
    if not is_staff_role(user):
        raise BillingError(_("Only staff record time."))
    try:
        minutes = int(minutes)
    except (TypeError, ValueError) as exc:
        raise BillingError(_("Give the time in whole minutes.")) from exc
    if not 0 < minutes <= 24 * 60:
        raise BillingError(_("Time is between 1 minute and 24 hours per entry."))
    if billable and reason not in BillableReason.values:
        raise BillingError(
            _("Billable time needs a reason: %(reasons)s.")
            % {"reasons": ", ".join(str(label).lower() for label in BillableReason.labels)}
        )
    return TimeEntry.objects.create(
        ticket=ticket,
        user=user,
        minutes=minutes,
        billable=billable,
        reason=reason if billable else "",
        note=(note or "").strip()[:300],
        work_date=work_date or timezone.localdate(),
    )


def needs_setup_change(ticket: Ticket, user, *, reason: str, now=None) -> Ticket:
    """Specialists may not change a customer's setup: turn the request into an Order.

    The ticket becomes an Order in the consultants' lane, where a cost proposal follows.
    """
    from kundcenter.tickets.actions import change_category, hand_over

    if not is_staff_role(user):
        raise BillingError(_("Only staff can do this."))
    text = _("Needs a setup change: %(reason)s") % {"reason": (reason or "").strip()}
    if not (reason or "").strip():
        raise BillingError(_("Describe the setup change that is needed."))
    if ticket.category != Category.ORDER:
        ticket = change_category(ticket, user, Category.ORDER, reason=text, now=now)
    return hand_over(ticket, user, Lane.CONSULTANT, reason=text, now=now)


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


def billing_rows(year: int, month: int, organization=None):
    """Billable time and accepted proposals of one month, as dictionaries."""
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
    for e in entries.order_by("ticket__organization__name", "work_date", "pk"):
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
    for p in proposals.order_by("ticket__organization__name", "decided_at", "pk"):
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
                "amount_sek": f"{p.total:.2f}" if p.total is not None else "",
                "note": p.description[:200],
            }
        )
    rows.sort(key=lambda r: (r["customer"], r["date"], r["ticket"]))
    return rows


def billing_csv(year: int, month: int, organization=None) -> str:
    """The monthly billing export as CSV text (semicolon-separated, as Swedish Excel reads)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, delimiter=";")
    writer.writeheader()
    for row in billing_rows(year, month, organization):
        writer.writerow(row)
    return out.getvalue()


def billable_minutes(ticket: Ticket) -> int:
    return ticket.time_entries.filter(billable=True).aggregate(m=Sum("minutes"))["m"] or 0
