"""Billable work on the ticket pages, the customer's answer to a cost proposal, and the
monthly billing export.

The ticket pages include "tickets/billing/agent_ticket.html" and
"tickets/billing/portal_ticket.html"; `agent_context` and `portal_context` give them what
they show, in two queries whatever the number of proposals and time entries. The actions
are in `kundcenter.tickets.billing`; these views parse, call one and show its refusal.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kundcenter.accounts.models import User
from kundcenter.accounts.rules import is_customer_superuser, is_staff_role, support_refusal
from kundcenter.lib.errors import ActionError
from kundcenter.tickets import billing
from kundcenter.tickets.access import get_ticket_for
from kundcenter.tickets.forms_billing import (
    BillableForm,
    CostProposalForm,
    DecisionForm,
    ExportForm,
    SetupChangeForm,
    TimeEntryForm,
    last_month,
)
from kundcenter.tickets.models import CostProposal, TimeEntry
from kundcenter.tickets.workflows import Category, Lane

State = CostProposal.State
# Who may download the monthly billing export: support, its manager and admins.
EXPORT_ROLES = (User.StaffRole.SPECIALIST, User.StaffRole.MANAGER, User.StaffRole.ADMIN)


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


# --- context for the ticket pages -------------------------------------------------------------


def with_has_billing(tickets):
    """`tickets` (a queryset) with `has_proposals` and `has_time_entries` on each, so
    `agent_context` reads only what a ticket has."""
    return tickets.annotate(
        has_proposals=Exists(CostProposal.objects.filter(ticket=OuterRef("pk"))),
        has_time_entries=Exists(TimeEntry.objects.filter(ticket=OuterRef("pk"))),
    )


def agent_context(request, ticket) -> dict:
    """Context for "tickets/billing/agent_ticket.html" on the staff ticket page.

    A view that re-renders the page after a refused billing form puts the bound form in
    `request.billing_forms` ({"proposal": form} or {"time": form}), so what the user typed
    stays.
    """
    kept = getattr(request, "billing_forms", {})
    # A ticket read through `with_has_billing` (the staff ticket page) costs no query for
    # proposals or time entries it has none of: most tickets.
    proposals = (
        list(ticket.proposals.select_related("created_by", "decided_by"))
        if getattr(ticket, "has_proposals", True)
        else []
    )
    entries = (
        list(ticket.time_entries.select_related("user").order_by("work_date", "pk"))
        if getattr(ticket, "has_time_entries", True)
        else []
    )
    pending = next((p for p in proposals if p.state == State.PENDING), None)
    needs = billing.needs_proposal(ticket)
    total = sum(e.minutes for e in entries)
    billable = sum(e.minutes for e in entries if e.billable)
    may_propose = ticket.is_open and pending is None and needs
    in_consultant_order = ticket.category == Category.ORDER and ticket.lane == Lane.CONSULTANT
    return {
        "billing": {
            "ticket": ticket,
            "needs_proposal": needs,
            "is_order": ticket.category == Category.ORDER,
            "proposals": proposals,
            "pending": pending,
            "accepted": any(p.state == State.ACCEPTED for p in proposals),
            "proposal_form": kept.get("proposal") or (CostProposalForm if may_propose else None),
            "entries": entries,
            "total_minutes": total,
            "total_hours": _hours(total),
            "billable_minutes": billable,
            "billable_hours": _hours(billable),
            # Blank forms are classes: the template draws them once per process and day
            # ({% memo %}) and calls them only then.
            "time_form": kept.get("time") or TimeEntryForm,
            "today": timezone.localdate(),
            "billable_form": BillableForm if ticket.is_open else None,
            "setup_form": SetupChangeForm if ticket.is_open and not in_consultant_order else None,
        }
    }


def portal_context(user, ticket) -> dict:
    """Context for "tickets/billing/portal_ticket.html" on the customer's ticket page.

    Customers see the proposals (not withdrawn ones) and the billable time only; internal
    time that is not billed stays on the staff side.
    """
    proposals = list(
        ticket.proposals.exclude(state=State.WITHDRAWN).select_related("created_by", "decided_by")
    )
    entries = list(
        ticket.time_entries.filter(billable=True).select_related("user").order_by("work_date", "pk")
    )
    pending = next((p for p in proposals if p.state == State.PENDING), None)
    organization = ticket.organization
    may_decide = (
        pending is not None
        and ticket.is_open
        # is_customer_superuser first: support_refusal then needs no query.
        and is_customer_superuser(user, organization)
        and support_refusal(user, organization) is None
    )
    minutes = sum(e.minutes for e in entries)
    return {
        "billing": {
            "ticket": ticket,
            "needs_proposal": billing.needs_proposal(ticket),
            "proposals": proposals,
            "pending": pending if ticket.is_open else None,
            "decided": [p for p in proposals if p.state != State.PENDING],
            "may_decide": may_decide,
            "decision_form": DecisionForm() if may_decide else None,
            "entries": entries,
            "billable_minutes": minutes,
            "billable_hours": _hours(minutes),
        }
    }


# --- staff actions on a ticket ------------------------------------------------------------------


def _staff_ticket(request, number):
    """The ticket for a staff POST view; everyone else gets a 404."""
    if not is_staff_role(request.user):
        raise Http404("Not a staff page")
    from kundcenter.tickets.views.agent import _load

    return _load(request, number)


def _agent_page(request, ticket, **kept):
    """The staff ticket page again, with the refused form and what was typed in it."""
    from kundcenter.tickets.views.agent import _ticket_page

    request.billing_forms = kept
    return _ticket_page(request, ticket)


def _back(ticket):
    return redirect("agent:ticket", number=ticket.number)


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
def mark_billable(request, number):
    """Staff mark a ticket outside free support (or back inside it), with a reason."""
    ticket = _staff_ticket(request, number)
    form = BillableForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(ticket)
    billable = form.cleaned_data["billable"]
    try:
        billing.mark_billable(
            ticket, request.user, reason=form.cleaned_data["reason"], billable=billable
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        if billable:
            messages.success(
                request,
                _(
                    "The ticket is outside free support now: billable work waits for an "
                    "accepted cost proposal."
                ),
            )
        else:
            messages.success(request, _("The ticket is free support again."))
    return _back(ticket)


@require_POST
def propose(request, number):
    """Staff write a cost proposal. On a refusal the page comes back with the text kept."""
    ticket = _staff_ticket(request, number)
    form = CostProposalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            billing.propose_cost(
                ticket,
                request.user,
                description=data["description"],
                pricing=data["pricing"],
                fixed_price=data["fixed_price"],
                estimated_hours=data["estimated_hours"],
                hourly_rate=data["hourly_rate"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("The cost proposal has been sent to the customer for acceptance.")
            )
            return _back(ticket)
    return _agent_page(request, ticket, proposal=form)


@require_POST
def withdraw_proposal(request, number, pk):
    """Staff take back a proposal the customer has not answered yet."""
    ticket = _staff_ticket(request, number)
    proposal = ticket.proposals.filter(pk=pk).first()
    if proposal is None:
        raise Http404("No such cost proposal")
    try:
        billing.withdraw_proposal(proposal, request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The cost proposal has been withdrawn."))
    return _back(ticket)


@require_POST
def record_time(request, number):
    """Staff record time on the ticket. On a refusal the page comes back with it kept."""
    ticket = _staff_ticket(request, number)
    form = TimeEntryForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            billing.record_time(
                ticket,
                request.user,
                minutes=data["minutes"],
                billable=data["billable"],
                reason=data["reason"],
                note=data["note"],
                work_date=data["work_date"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The time has been recorded."))
            return _back(ticket)
    return _agent_page(request, ticket, time=form)


@require_POST
def setup_change(request, number):
    """A specialist may not change the setup: the ticket becomes an Order for consultants."""
    ticket = _staff_ticket(request, number)
    form = SetupChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(ticket)
    try:
        billing.needs_setup_change(ticket, request.user, reason=form.cleaned_data["reason"])
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The ticket is now an order for the consultants, who will write its cost proposal."),
        )
    return _back(ticket)


# --- the customer's answer ------------------------------------------------------------------------


@login_required
@require_POST
def decide(request, number, pk):
    """A SuperUser accepts or declines a cost proposal on one of their customer's tickets."""
    ticket = get_ticket_for(request.user, number)
    proposal = ticket.proposals.filter(pk=pk).first()
    if proposal is None:
        raise Http404("No such cost proposal")
    proposal.ticket = ticket
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or decline the cost proposal."))
        return redirect("portal:ticket", number=ticket.number)
    data = form.cleaned_data
    accept = data["decision"] == "accept"
    try:
        billing.decide_proposal(
            proposal,
            request.user,
            accept=accept,
            on_decline=data["on_decline"] or billing.DECLINE_CLOSE,
            reason=data["reason"],
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        if accept:
            done = _("Thank you. You have accepted the cost proposal; the work can start.")
        elif data["on_decline"] == billing.DECLINE_RETURN:
            done = _("You have declined the cost proposal. Support will contact you.")
        else:
            done = _("You have declined the cost proposal. The ticket is closed.")
        messages.success(request, done)
    return redirect("portal:ticket", number=ticket.number)


# --- the monthly export ------------------------------------------------------------------------


def export(request):
    """The monthly billing export: billable time and accepted proposals, as CSV.

    The page shows the form (last month by default) and a summary per customer; the
    download button returns the CSV, with a byte-order mark so Excel reads å, ä and ö.
    """
    if not is_staff_role(request.user, *EXPORT_ROLES):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("Not a staff page")
    data = request.GET.copy()
    data.setdefault("month", last_month())
    form = ExportForm(data)
    summary = None
    if form.is_valid():
        month, organization = form.cleaned_data["month"], form.cleaned_data["customer"]
        if "download" in request.GET:
            text = billing.billing_csv(month.year, month.month, organization)
            name = f"billing-{month:%Y-%m}"
            if organization is not None:
                name += f"-{organization.org_number}"
            response = HttpResponse(
                text.encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        summary = _summary(billing.billing_rows(month.year, month.month, organization))
    return render(
        request,
        "tickets/billing/export.html",
        {"nav": "billing", "form": form, "summary": summary},
    )


def _summary(rows) -> list[dict]:
    """Per customer: billable minutes and hours, accepted proposals and their amount."""
    by_customer = {}
    for row in rows:
        line = by_customer.setdefault(
            row["org_number"],
            {
                "customer": row["customer"],
                "org_number": row["org_number"],
                "minutes": 0,
                "proposals": 0,
                "amount": Decimal(0),
            },
        )
        if row["kind"] == "time":
            line["minutes"] += row["minutes"]
        else:
            line["proposals"] += 1
            if row["amount_sek"]:
                line["amount"] += Decimal(row["amount_sek"].replace(",", "."))
    for line in by_customer.values():
        line["hours"] = _hours(line["minutes"])
    return list(by_customer.values())
