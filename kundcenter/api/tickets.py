"""Tickets over the API: list, read, register, reply, note, move, assign; the ticket's
messages, attachments, events (history), SLA state, time entries and cost proposals.

Every change goes through the domain actions the web pages use (tickets/actions.py,
tickets/billing.py); every read goes through the access helpers (tickets/access.py),
so what a person's token sees and may do is exactly what that person sees and may do on
the web. Anything the caller may not see is a 404, never a 403.

A client system's token (the vendor's own systems) reads every ticket; writing needs a
person, because the ticket's history names who acted.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from kundcenter.accounts.entitlements import registration_refusal
from kundcenter.accounts.models import Module, User
from kundcenter.accounts.rules import (
    active_superusers,
    is_staff_role,
    member_organizations,
    support_refusal,
)
from kundcenter.api import auth
from kundcenter.api.common import Day, Text, answers, local, require_person, sees_everything
from kundcenter.api.idempotency import idempotent
from kundcenter.api.problems import ApiProblem
from kundcenter.api.systems import customer_or_404
from kundcenter.lib.params import parse_id, parse_ticket_number
from kundcenter.sla import display
from kundcenter.tickets import actions, billing
from kundcenter.tickets.access import get_attachment_for, get_ticket_for, visible_tickets_filter
from kundcenter.tickets.models import Attachment, CostProposal, Message, Ticket, TimeEntry
from kundcenter.tickets.workflows import Category
from kundcenter.tickets.workflows import Status as TicketStatus

router = Router(tags=["Tickets"])

MAX_PAGE_SIZE = 100


# --- access ------------------------------------------------------------------------------


def _tickets(request):
    queryset = Ticket.objects.select_related("organization", "module", "reporter", "assignee")
    user = request.auth.user
    return queryset if user is None else queryset.filter(visible_tickets_filter(user))


def ticket_or_404(request, number: str, queryset=None) -> Ticket:
    """The ticket if the caller may see it; a 404 for anything else, malformed or not."""
    number = parse_ticket_number(number)
    if number is None:
        raise Http404("Not a ticket number")
    queryset = queryset if queryset is not None else _tickets(request)
    user = request.auth.user
    if user is not None:
        return get_ticket_for(user, number, queryset)
    ticket = queryset.filter(number=number).first()
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


# --- schemas -----------------------------------------------------------------------------


class TicketOut(Schema):
    number: str
    title: str
    description: str
    category: str
    status: str
    lane: str
    service_level: int | None
    customer: str = Field(description="The customer's organisationsnummer.")
    customer_name: str
    module: str | None = Field(description="The module's short name (slug).")
    reporter: str
    assignee: str | None
    channel: str
    message_count: int
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    close_reason: str


class TicketPage(Schema):
    items: list[TicketOut]
    next_cursor: str | None = Field(description="Give as `cursor` for the next page.")


def ticket_answer(ticket: Ticket) -> dict:
    return {
        "number": ticket.number,
        "title": ticket.title,
        "description": ticket.description,
        "category": ticket.category,
        "status": ticket.status,
        "lane": ticket.lane,
        "service_level": ticket.service_level,
        "customer": ticket.organization.org_number,
        "customer_name": ticket.organization.name,
        "module": ticket.module.slug if ticket.module_id else None,
        "reporter": str(ticket.reporter) if ticket.reporter_id else "",
        "assignee": str(ticket.assignee) if ticket.assignee_id else None,
        "channel": ticket.channel,
        "message_count": ticket.message_count,
        "created_at": local(ticket.created_at),
        "updated_at": local(ticket.updated_at),
        "closed_at": local(ticket.closed_at),
        "close_reason": ticket.close_reason,
    }


class TicketFilters(Schema):
    status: TicketStatus | None = None
    category: Category | None = None
    customer: Text | None = Field(None, max_length=20, description="An organisationsnummer.")
    state: Literal["open", "closed", "all"] = "all"
    cursor: Text | None = Field(None, max_length=20, description="From `next_cursor`.")
    limit: int = Field(25, ge=1, le=MAX_PAGE_SIZE)


# --- tickets -------------------------------------------------------------------------------


@router.get("/tickets", response=answers((200, TicketPage)), auth=auth.READ_TICKETS)
def list_tickets(request, filters: Query[TicketFilters]):
    """The tickets the caller may see, newest first, a page at a time (cursor-based)."""
    tickets = _tickets(request).order_by("-pk")
    if filters.status:
        tickets = tickets.filter(status=filters.status)
    if filters.category:
        tickets = tickets.filter(category=filters.category)
    if filters.state == "open":
        tickets = tickets.open()
    elif filters.state == "closed":
        tickets = tickets.resolved()
    if filters.customer:
        tickets = tickets.filter(organization=customer_or_404(filters.customer))
    if filters.cursor:
        before = parse_id(filters.cursor)
        if before is None:
            raise ApiProblem(422, _("The cursor is not one this API gave."))
        tickets = tickets.filter(pk__lt=before)
    page = list(tickets[: filters.limit + 1])
    more = len(page) > filters.limit
    page = page[: filters.limit]
    return {
        "items": [ticket_answer(t) for t in page],
        "next_cursor": str(page[-1].pk) if more else None,
    }


@router.get("/tickets/{number}", response=answers((200, TicketOut)), auth=auth.READ_TICKETS)
def get_ticket(request, number: str):
    return ticket_answer(ticket_or_404(request, number))


class TicketIn(Schema):
    customer: Text | None = Field(
        None,
        max_length=20,
        description="The customer's organisationsnummer; may be left out by a person "
        "who belongs to one customer only.",
    )
    category: Category
    module: Text = Field(min_length=1, max_length=40, description="The module's short name.")
    service_level: int | None = Field(None, ge=1, le=5, description="For software bugs: 1–5.")
    title: Text = Field(min_length=1, max_length=200)
    description: Text = Field(min_length=1, max_length=20000)
    reporter: Text | None = Field(
        None,
        max_length=254,
        description="Staff only: the e-mail address of the customer's SuperUser the ticket "
        "is registered for (as a specialist registers a phone call); the customer must be "
        "given too.",
    )


def _reporter_for(user: User, payload) -> tuple[User, object]:
    """Who reports the ticket and for which customer: the token's person, or, for staff,
    the customer's SuperUser named in `reporter` (registered on their behalf)."""
    if not is_staff_role(user):
        if payload.reporter:
            raise ApiProblem(
                422, _("Only staff register tickets on a customer's behalf (reporter).")
            )
        return user, _reporting_customer(user, payload.customer)
    if not payload.customer or not payload.reporter:
        raise ApiProblem(
            422,
            _(
                "Staff register a ticket on a customer's behalf: give the customer "
                "(organisationsnummer) and the reporter (a SuperUser's e-mail address)."
            ),
        )
    organization = customer_or_404(payload.customer)
    reporter = (
        active_superusers(organization).filter(email__iexact=payload.reporter.strip()).first()
    )
    if reporter is None:
        raise ApiProblem(
            422,
            _("%(email)s is not a SuperUser of this customer.") % {"email": payload.reporter},
        )
    return reporter, organization


def _reporting_customer(user: User, org_number: str | None):
    customers = member_organizations(user)
    if org_number:
        wanted = customer_or_404(org_number)
        for organization in customers:
            if organization.pk == wanted.pk:
                return organization
        raise ApiProblem(
            404,
            _("No customer with organisation number %(number)s.") % {"number": org_number},
        )
    if len(customers) == 1:
        return customers[0]
    raise ApiProblem(
        422, _("Say which customer the ticket is for: customer (organisationsnummer).")
    )


@router.post("/tickets", response=answers((201, TicketOut)), auth=auth.WRITE_TICKETS)
@idempotent
def create_ticket(request, payload: TicketIn):
    """Register a ticket as the token's person, under the web's rules: a SuperUser of a
    customer in good standing, trained on the module (refusals are 403 with the web's
    sentence). A staff token registers on behalf of the customer's SuperUser named in
    `reporter`, as the web's "register for a customer" does; the same rules apply to that
    SuperUser."""
    user = require_person(request)
    reporter, organization = _reporter_for(user, payload)
    module = Module.objects.filter(slug=payload.module.strip(), active=True).first()
    if module is None:
        raise ApiProblem(422, _("No module %(module)s.") % {"module": payload.module})
    refusal = registration_refusal(
        reporter,
        organization,
        category=payload.category,
        service_level=payload.service_level,
        module=module,
        to_reporter=reporter == user,
    )
    if refusal:
        raise ApiProblem(403, refusal)
    ticket = actions.register_ticket(
        reporter=reporter,
        organization=organization,
        category=payload.category,
        title=payload.title,
        description=payload.description,
        module=module,
        service_level=payload.service_level,
        registered_by=user if reporter != user else None,
    )
    return Status(201, ticket_answer(ticket_or_404(request, ticket.number)))


# --- conversation --------------------------------------------------------------------------


class MessageOut(Schema):
    id: int
    author: str
    body: str
    internal: bool
    channel: str
    created_at: datetime
    attachments: list[int]


def message_answer(message: Message, attachments=None) -> dict:
    files = attachments if attachments is not None else list(message.attachments.all())
    return {
        "id": message.pk,
        "author": str(message.author) if message.author_id else "",
        "body": message.body,
        "internal": message.internal,
        "channel": message.channel,
        "created_at": local(message.created_at),
        "attachments": [a.pk for a in files],
    }


@router.get(
    "/tickets/{number}/messages", response=answers((200, list[MessageOut])), auth=auth.READ_TICKETS
)
def list_messages(request, number: str):
    """The conversation, oldest first; internal notes only for staff and systems."""
    ticket = ticket_or_404(request, number)
    everything = sees_everything(request)
    files = Attachment.objects.all() if everything else Attachment.objects.filter(internal=False)
    messages = ticket.messages.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=files.order_by("pk"))
    )
    if not everything:
        messages = messages.filter(internal=False)
    return [message_answer(m) for m in messages.order_by("created_at", "pk")]


class MessageIn(Schema):
    body: Text = Field(min_length=1, max_length=20000)


def _write(request, number: str) -> tuple[User, Ticket]:
    user = require_person(request)
    return user, ticket_or_404(request, number)


@router.post(
    "/tickets/{number}/replies", response=answers((201, MessageOut)), auth=auth.WRITE_TICKETS
)
@idempotent
def reply(request, number: str, payload: MessageIn):
    """A public reply, as on the ticket page (a customer's reply may reopen the ticket)."""
    user, ticket = _write(request, number)
    if not is_staff_role(user):
        refusal = support_refusal(user, ticket.organization)
        if refusal:
            raise ApiProblem(403, refusal)
    message = actions.reply(ticket, user, payload.body)
    return Status(201, message_answer(message, []))


@router.post(
    "/tickets/{number}/notes", response=answers((201, MessageOut)), auth=auth.WRITE_TICKETS
)
@idempotent
def note(request, number: str, payload: MessageIn):
    """An internal note (staff only); the customer never sees it."""
    user, ticket = _write(request, number)
    if not is_staff_role(user):
        raise ApiProblem(403, _("Only support staff can write internal notes."))
    message = actions.reply(ticket, user, payload.body, internal=True)
    return Status(201, message_answer(message, []))


# --- attachments ---------------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    internal: bool
    message: int | None
    created_at: datetime


def attachment_answer(attachment: Attachment) -> dict:
    return {
        "id": attachment.pk,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "internal": attachment.internal,
        "message": attachment.message_id,
        "created_at": local(attachment.created_at),
    }


@router.get(
    "/tickets/{number}/attachments",
    response=answers((200, list[AttachmentOut])),
    auth=auth.READ_TICKETS,
)
def list_attachments(request, number: str):
    ticket = ticket_or_404(request, number)
    files = ticket.attachments.order_by("pk")
    if not sees_everything(request):
        files = files.filter(internal=False)
    return [attachment_answer(a) for a in files]


@router.post(
    "/tickets/{number}/attachments",
    response=answers((201, MessageOut)),
    auth=auth.WRITE_TICKETS,
)
@idempotent
def upload(
    request,
    number: str,
    body: Form[Text],
    files: File[list[UploadedFile]],
    internal: Form[bool] = False,
):
    """Files with a message (multipart/form-data: `body`, one or more `files`, and for
    staff `internal`), the same checks of type and size as the web's upload."""
    user, ticket = _write(request, number)
    if not is_staff_role(user):
        if internal:
            raise ApiProblem(403, _("Only support staff can write internal notes."))
        refusal = support_refusal(user, ticket.organization)
        if refusal:
            raise ApiProblem(403, refusal)
    message = actions.reply(ticket, user, body, internal=internal, files=files)
    return Status(201, message_answer(message))


@router.get(
    "/tickets/{number}/attachments/{attachment_id}",
    response={200: None, **answers()},
    auth=auth.READ_TICKETS,
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as a download.",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def download(request, number: str, attachment_id: str):
    """The file itself, after the same access check as the web's download."""
    file_id = parse_id(attachment_id)
    if file_id is None:
        raise Http404("Not an id")
    user = request.auth.user
    if user is not None:
        attachment = get_attachment_for(user, parse_ticket_number(number) or "", file_id)
    else:
        attachment = Attachment.objects.filter(
            ticket=ticket_or_404(request, number), pk=file_id
        ).first()
        if attachment is None:
            raise Http404("No such file")
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("File missing") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- history and workflow ------------------------------------------------------------------


class EventOut(Schema):
    id: int
    kind: str
    actor: str
    old_value: str
    new_value: str
    reason: str
    public: bool
    created_at: datetime


@router.get(
    "/tickets/{number}/events", response=answers((200, list[EventOut])), auth=auth.READ_TICKETS
)
def list_events(request, number: str):
    """The ticket's history, oldest first; staff and systems see the internal rows too."""
    ticket = ticket_or_404(request, number)
    events = ticket.events.select_related("actor").order_by("created_at", "pk")
    if not sees_everything(request):
        events = events.filter(public=True)
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "actor": str(e.actor) if e.actor_id else "",
            "old_value": e.old_value,
            "new_value": e.new_value,
            "reason": e.reason,
            "public": e.public,
            "created_at": local(e.created_at),
        }
        for e in events
    ]


@router.get(
    "/tickets/{number}/events/{event_id}", response=answers((200, EventOut)), auth=auth.READ_TICKETS
)
def get_event(request, number: str, event_id: str):
    """One row of the ticket's history."""
    ticket = ticket_or_404(request, number)
    wanted = parse_id(event_id)
    for event in list_events(request, ticket.number):
        if event["id"] == wanted:
            return event
    raise Http404("No such event")


class MoveOut(Schema):
    target: str
    label: str


@router.get(
    "/tickets/{number}/transitions",
    response=answers((200, list[MoveOut])),
    auth=auth.READ_TICKETS,
)
def list_transitions(request, number: str):
    """The workflow moves the token's person may make now (none for a system)."""
    ticket = ticket_or_404(request, number)
    user = request.auth.user
    if user is None:
        return []
    return [
        {"target": m["target"], "label": str(m["label"])}
        for m in actions.available_transitions(ticket, user)
    ]


class TransitionIn(Schema):
    target: TicketStatus
    reason: Text = Field("", max_length=2000)


@router.post(
    "/tickets/{number}/transitions", response=answers((200, TicketOut)), auth=auth.WRITE_TICKETS
)
def transition(request, number: str, payload: TransitionIn):
    """Move the ticket along its workflow, if the workflow table allows the person to."""
    user, ticket = _write(request, number)
    if not is_staff_role(user):
        refusal = support_refusal(user, ticket.organization)
        if refusal:
            raise ApiProblem(403, refusal)
    actions.transition(ticket, user, payload.target, reason=payload.reason)
    return ticket_answer(ticket_or_404(request, number))


class AssignIn(Schema):
    assignee: Text | None = Field(
        None, max_length=254, description="A staff member's e-mail address; null: nobody."
    )


@router.put(
    "/tickets/{number}/assignee", response=answers((200, TicketOut)), auth=auth.WRITE_TICKETS
)
def assign(request, number: str, payload: AssignIn):
    """Assign the ticket to a staff member, or to nobody (staff only)."""
    user, ticket = _write(request, number)
    if not is_staff_role(user):
        raise ApiProblem(403, _("Only support staff can do this."))
    assignee = None
    if payload.assignee:
        assignee = User.objects.filter(
            email__iexact=payload.assignee.strip(), is_active=True
        ).first()
        if assignee is None:
            raise ApiProblem(
                422,
                _("No support staff member with the e-mail address %(email)s.")
                % {"email": payload.assignee.strip()},
            )
    actions.assign(ticket, user, assignee)
    return ticket_answer(ticket_or_404(request, number))


# --- SLA -----------------------------------------------------------------------------------


class SlaOut(Schema):
    terms: str | None
    clock: str = Field(description="What the ticket page's clock says, in words.")
    clock_started_at: datetime | None
    response_due_at: datetime | None
    handling_started_at: datetime | None
    resolution_due_at: datetime | None
    paused_since: datetime | None
    seconds_left: int | None = Field(description="Business seconds to the next target.")
    response_late_by: str
    resolution_late_by: str
    response_breached_at: datetime | None
    resolution_breached_at: datetime | None


@router.get("/tickets/{number}/sla", response=answers((200, SlaOut)), auth=auth.READ_TICKETS)
def sla(request, number: str):
    """The ticket's service-level state: targets, time left, breaches."""
    queryset = _tickets(request).select_related("sla_terms")
    ticket = ticket_or_404(request, number, queryset)
    facts = display.facts(ticket, timezone.now())
    left = getattr(facts.clock, "seconds_left", None) if facts.clock else None
    return {
        "terms": facts.terms_name,
        "clock": str(facts.clock_text),
        "clock_started_at": local(facts.clock_start),
        "response_due_at": local(facts.response_due),
        "handling_started_at": local(facts.handling_started),
        "resolution_due_at": local(facts.resolution_due),
        "paused_since": local(facts.paused_since),
        "seconds_left": int(left) if left is not None else None,
        "response_late_by": str(facts.response_late_by),
        "resolution_late_by": str(facts.resolution_late_by),
        "response_breached_at": local(ticket.response_breached_at),
        "resolution_breached_at": local(ticket.resolution_breached_at),
    }


# --- time and cost proposals ----------------------------------------------------------------


class TimeEntryOut(Schema):
    id: int
    person: str
    work_date: date
    minutes: int
    billable: bool
    reason: str
    note: str


def _time_answer(entry: TimeEntry) -> dict:
    return {
        "id": entry.pk,
        "person": str(entry.user) if entry.user_id else "",
        "work_date": entry.work_date,
        "minutes": entry.minutes,
        "billable": entry.billable,
        "reason": entry.reason,
        "note": entry.note,
    }


def _staff_only(request):
    user = request.auth.user
    if user is not None and not is_staff_role(user):
        raise ApiProblem(403, _("Only support staff and the vendor's systems can do this."))


@router.get(
    "/tickets/{number}/time-entries",
    response=answers((200, list[TimeEntryOut])),
    auth=auth.BILLING,
)
def list_time(request, number: str):
    """Time recorded on the ticket (staff and systems)."""
    _staff_only(request)
    ticket = ticket_or_404(request, number)
    entries = ticket.time_entries.select_related("user").order_by("work_date", "pk")
    return [_time_answer(e) for e in entries]


class TimeEntryIn(Schema):
    minutes: int = Field(ge=1, le=24 * 60)
    billable: bool = False
    reason: Text = Field("", max_length=20)
    note: Text = Field("", max_length=300)
    work_date: Day | None = None


@router.post(
    "/tickets/{number}/time-entries", response=answers((201, TimeEntryOut)), auth=auth.BILLING
)
@idempotent
def record_time(request, number: str, payload: TimeEntryIn):
    """Record time as the token's staff member (billable time needs an accepted proposal)."""
    user, ticket = _write(request, number)
    _staff_only(request)
    entry = billing.record_time(
        ticket,
        user,
        minutes=payload.minutes,
        billable=payload.billable,
        reason=payload.reason,
        note=payload.note,
        work_date=payload.work_date,
    )
    return Status(201, _time_answer(entry))


class ProposalOut(Schema):
    id: int
    description: str
    pricing: str
    fixed_price: Decimal | None
    estimated_hours: Decimal | None
    hourly_rate: Decimal | None
    state: str
    created_at: datetime
    decided_at: datetime | None


def _proposal_answer(proposal: CostProposal) -> dict:
    return {
        "id": proposal.pk,
        "description": proposal.description,
        "pricing": proposal.pricing,
        "fixed_price": proposal.fixed_price,
        "estimated_hours": proposal.estimated_hours,
        "hourly_rate": proposal.hourly_rate,
        "state": proposal.state,
        "created_at": local(proposal.created_at),
        "decided_at": local(proposal.decided_at),
    }


@router.get(
    "/tickets/{number}/cost-proposals",
    response=answers((200, list[ProposalOut])),
    auth=auth.BILLING,
)
def list_proposals(request, number: str):
    """The ticket's cost proposals; the customer's SuperUsers see them as on the web."""
    ticket = ticket_or_404(request, number)
    return [_proposal_answer(p) for p in ticket.proposals.order_by("pk")]


class ProposalIn(Schema):
    description: Text = Field(min_length=1, max_length=5000)
    pricing: Literal["fixed", "hourly"]
    fixed_price: Decimal | None = Field(None, ge=0, le=10_000_000, decimal_places=2)
    estimated_hours: Decimal | None = Field(None, ge=0, le=10_000, decimal_places=2)
    hourly_rate: Decimal | None = Field(None, ge=0, le=100_000, decimal_places=2)


@router.post(
    "/tickets/{number}/cost-proposals", response=answers((201, ProposalOut)), auth=auth.BILLING
)
@idempotent
def propose(request, number: str, payload: ProposalIn):
    """Write a cost proposal as the token's staff member; it waits for a SuperUser."""
    user, ticket = _write(request, number)
    _staff_only(request)
    proposal = billing.propose_cost(
        ticket,
        user,
        description=payload.description,
        pricing=payload.pricing,
        fixed_price=payload.fixed_price,
        estimated_hours=payload.estimated_hours,
        hourly_rate=payload.hourly_rate,
    )
    return Status(201, _proposal_answer(proposal))


class DecisionIn(Schema):
    accept: bool
    on_decline: Literal["close", "return"] = Field(
        "close", description="When declining: close the ticket or return it to support."
    )
    reason: Text = Field("", max_length=2000)


@router.post(
    "/tickets/{number}/cost-proposals/{proposal_id}/decision",
    response=answers((200, ProposalOut)),
    auth=auth.BILLING,
)
def decide(request, number: str, proposal_id: str, payload: DecisionIn):
    """A customer's SuperUser accepts or declines a cost proposal, as in the portal."""
    user, ticket = _write(request, number)
    wanted = parse_id(proposal_id)
    proposal = ticket.proposals.filter(pk=wanted).first() if wanted else None
    if proposal is None:
        raise Http404("No such proposal")
    refusal = support_refusal(user, ticket.organization) if not is_staff_role(user) else None
    if refusal:
        raise ApiProblem(403, refusal)
    proposal.ticket = ticket
    proposal = billing.decide_proposal(
        proposal,
        user,
        accept=payload.accept,
        on_decline=ON_DECLINE[payload.on_decline],
        reason=payload.reason,
    )
    return _proposal_answer(proposal)


ON_DECLINE = {"close": billing.DECLINE_CLOSE, "return": billing.DECLINE_RETURN}
