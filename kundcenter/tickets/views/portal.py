"""The customer side: the ticket list, a new ticket, the ticket page and the customer's
answers on it (reply, workflow steps, withdrawing). Internal notes and internal events
never reach these pages."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kundcenter.accounts.entitlements import overdue_allows_level1_bugs
from kundcenter.accounts.rules import (
    is_customer_superuser,
    is_staff_role,
    member_organizations,
    support_refusal,
)
from kundcenter.accounts.views_entitlements import ticket_grants_context
from kundcenter.knowledge.actions import record_registration
from kundcenter.lib.page_cache import cached_page
from kundcenter.lib.paging import CountingWhenNeededPaginator
from kundcenter.lib.ratelimit import ratelimit
from kundcenter.tickets import actions, billing, links, pending_uploads, phone
from kundcenter.tickets.access import get_ticket_for
from kundcenter.tickets.forms_portal import NewTicketForm, ReplyForm
from kundcenter.tickets.models import Attachment, Ticket
from kundcenter.tickets.views import billing as billing_views
from kundcenter.tickets.views.surveys import survey_context
from kundcenter.tickets.workflows import Category, CloseReason, Status, progress

# The customer's workflow answers to a cost proposal: accept (Planned) or decline (Closed).
PROPOSAL_ANSWERS = (Status.PLANNED, Status.CLOSED)


def _support_standing(user):
    """The customers `user` may register tickets for, and why not for the others.

    Returns (allowed organisations, [(organisation, sentence, banner kind)]).
    """
    allowed, refusals = [], []
    for organization in sorted(member_organizations(user), key=lambda o: o.name):
        refusal = support_refusal(user, organization)
        if refusal is None:
            allowed.append(organization)
        elif overdue_allows_level1_bugs(user, organization):
            # Overdue, but the admin setting still lets a level 1 bug through: say so.
            allowed.append(organization)
            note = _("A level 1 software bug (the service cannot start) can still be registered.")
            refusals.append((organization, f"{refusal} {note}", "warn"))
        else:
            # An overdue customer is a warning to its SuperUsers; a plain user is informed.
            kind = "warn" if is_customer_superuser(user, organization) else "info"
            refusals.append((organization, refusal, kind))
    return allowed, refusals


# What a row of the customer's ticket list shows (tickets/portal/list.html, status_badge.html
# and sla.sla_target); a row reading any other column costs a query per row, which
# tests/portal/test_portal_query_counts.py catches.
LIST_COLUMNS = (
    "number",
    "title",
    "status",
    "category",
    "service_level",
    "last_activity_at",
    "paused_at",
    "handling_started_at",
    "response_due_at",
    "resolution_due_at",
    "resolution_window_start",
    "organization__name",
    "module__name",
)


@cached_page
@login_required
def ticket_list(request):
    """The tickets of the user's customers, open or resolved, newest activity first."""
    user = request.user
    tab = "resolved" if request.GET.get("tab") == "resolved" else "open"
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    # Only the columns a row shows (list.html, sla_target): a third of the ticket's.
    tickets = (
        Ticket.objects.visible_to(user).select_related("module", "organization").only(*LIST_COLUMNS)
    )
    tickets = tickets.resolved() if tab == "resolved" else tickets.open()
    if category:
        tickets = tickets.filter(category=category)
    tickets = tickets.order_by("-last_activity_at", "-pk")
    page = CountingWhenNeededPaginator(tickets, settings.TICKETS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    staff = is_staff_role(user)
    allowed, refusals = ([], []) if staff else _support_standing(user)
    return render(
        request,
        "tickets/portal/list.html",
        {
            "page": page,
            "tab": tab,
            "category": category,
            "categories": Category.choices,
            "may_register": bool(allowed),
            "refusals": refusals,
            "several_customers": len(allowed) + len(refusals) > 1,
            "unlinked": not staff and not allowed and not refusals,
            "phone_wait": phone.wait_text(phone.recent_average_wait()),
            "nav": "tickets",
        },
    )


@login_required
@ratelimit("new_ticket", per_hour=30)
def new_ticket(request):
    """A SuperUser registers a ticket; everyone else is told why they cannot."""
    allowed, refusals = _support_standing(request.user)
    if not allowed:
        return render(
            request,
            "tickets/portal/new_refused.html",
            {"refusals": refusals, "nav": "new"},
        )
    form = NewTicketForm(
        request.POST or None, request.FILES or None, organizations=allowed, user=request.user
    )
    if request.method != "POST":
        pending_uploads.clear(request)
    else:
        pending_uploads.drop(request, request.POST.getlist("drop_kept"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kept_files = pending_uploads.opened(request)
        try:
            ticket = actions.register_ticket(
                reporter=request.user,
                organization=form.selected_organization(),
                category=data["category"],
                title=data["title"],
                description=data["description"],
                module=data.get("module"),
                service_level=data.get("service_level"),
                files=[*kept_files, *data["attachments"]],
                module_facts=form.module_facts,
            )
        except actions.ActionError as exc:
            form.add_error(None, exc.message)
        else:
            for f in kept_files:
                f.close()
            pending_uploads.clear(request)
            record_registration(data.get("kb_log"), ticket)
            messages.success(
                request,
                _("Your ticket has been registered with number %(number)s.")
                % {"number": ticket.number},
            )
            return redirect("portal:ticket", number=ticket.number)
    files_dropped = False
    if request.method == "POST" and form.errors:
        # A browser never sends files back: keep the ones that passed their checks.
        good_files = form.cleaned_data.get("attachments") or []
        if good_files and not form.has_error(NON_FIELD_ERRORS):
            pending_uploads.keep(request, good_files)
        else:
            files_dropped = bool(request.FILES)
    return render(
        request,
        "tickets/portal/new.html",
        {
            "form": form,
            "refusals": refusals,
            "kept_files": pending_uploads.kept(request),
            "files_dropped": files_dropped,
            "nav": "new",
        },
    )


def _ticket_queryset():
    return links.with_has_links(
        Ticket.objects.select_related("organization", "module", "reporter", "sla_terms", "survey")
    )


def _ticket_page(request, ticket, reply_form=None):
    user = request.user
    staff = is_staff_role(user)
    public_files = Attachment.objects.filter(internal=False)
    conversation = (
        ticket.messages.filter(internal=False)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=public_files))
    )
    found = links.visible_links(ticket, user)
    refusal = None if staff else support_refusal(user, ticket.organization)
    may_act = not staff and refusal is None and ticket.is_open
    # A reply within TICKET_REOPEN_DAYS of closing reopens the ticket.
    reopenable = not staff and refusal is None and actions.may_reopen(ticket)
    return render(
        request,
        "tickets/portal/ticket.html",
        {
            "ticket": ticket,
            "progress": progress(ticket.category, ticket.status, ticket.resume_status),
            "ticket_files": ticket.attachments.filter(message__isnull=True, internal=False),
            "messages_list": conversation,
            "events": ticket.events.filter(public=True).select_related("actor"),
            "refusal": refusal,
            "may_act": may_act,
            "reopenable": reopenable,
            "may_reply": may_act or reopenable,
            "reopen_until": (
                ticket.closed_at + timedelta(days=settings.TICKET_REOPEN_DAYS)
                if reopenable
                else None
            ),
            **survey_context(ticket, user),
            "steps": _steps(ticket, user) if may_act else [],
            "reply_form": reply_form or ReplyForm(),
            "files_dropped": reply_form is not None and bool(request.FILES),
            "is_bug": ticket.category == Category.BUG,
            "is_waiting": ticket.status == Status.WAITING,
            "nav": "tickets",
            **ticket_grants_context(user, ticket),
            **billing_views.portal_context(user, ticket),
            "links": found,
            "merged_messages": links.merged_messages(ticket, user, found["duplicates"]),
            "merged_files": links.merged_files(ticket, user, found["duplicates"]),
        },
    )


def _steps(ticket, user):
    """The customer's workflow steps. Accepting or declining a cost proposal is answered on
    the proposal itself (the billing card, with the close-or-return choice), not here."""
    steps = actions.available_transitions(ticket, user)
    if ticket.status == Status.COST_PROPOSAL:
        steps = [s for s in steps if s["target"] not in PROPOSAL_ANSWERS]
    return steps


@cached_page
@login_required
def ticket_detail(request, number):
    return _ticket_page(request, get_ticket_for(request.user, number, _ticket_queryset()))


@login_required
@require_POST
def ticket_reply(request, number):
    ticket = get_ticket_for(request.user, number, _ticket_queryset())
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.reply(
                ticket,
                request.user,
                form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except actions.ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your reply has been sent."))
            return redirect("portal:ticket", number=ticket.number)
    return _ticket_page(request, ticket, reply_form=form)


@login_required
@require_POST
def ticket_step(request, number):
    """The customer's answer in the workflow: accept a cost proposal, confirm a fix, …"""
    ticket = get_ticket_for(request.user, number, _ticket_queryset())
    target = request.POST.get("target", "")
    reason = request.POST.get("reason", "").strip()
    # The step buttons send the reply form: what was typed there goes with the step, as
    # a reply written just before it. Either both happen or neither does.
    draft = None
    if request.POST.get("body", "").strip() or request.FILES:
        draft = ReplyForm(request.POST, request.FILES)
        if not draft.is_valid():
            return _ticket_page(request, ticket, reply_form=draft)
    try:
        with transaction.atomic():
            if draft is not None:
                actions.reply(
                    ticket,
                    request.user,
                    draft.cleaned_data["body"],
                    files=draft.cleaned_data["attachments"],
                )
            ticket = _answer_step(request, ticket, target, reason)
    except actions.ActionError as exc:
        if draft is not None:
            # Keep the text: the page comes back with it and the reason.
            draft.add_error(None, exc.message)
            return _ticket_page(request, ticket, reply_form=draft)
        messages.error(request, exc.message)
    else:
        if ticket.status == Status.CLOSED:
            done = _("Thank you. Ticket %(number)s is closed.")
        else:
            done = _("Thank you. Ticket %(number)s now has the status “%(status)s”.")
        messages.success(
            request, done % {"number": ticket.number, "status": ticket.get_status_display()}
        )
    return redirect("portal:ticket", number=ticket.number)


def _answer_step(request, ticket, target, reason):
    if ticket.status == Status.COST_PROPOSAL and target in PROPOSAL_ANSWERS:
        # The answer is recorded on the proposal, which moves the order on.
        billing.decide_pending(
            ticket,
            request.user,
            accept=target == Status.PLANNED,
            on_decline=request.POST.get("on_decline") or billing.DECLINE_CLOSE,
            reason=reason,
        )
        ticket.refresh_from_db()
        return ticket
    return actions.transition(ticket, request.user, target, reason=reason)


@login_required
@require_POST
def ticket_withdraw(request, number):
    ticket = get_ticket_for(request.user, number, _ticket_queryset())
    try:
        actions.close(
            ticket,
            request.user,
            CloseReason.WITHDRAWN,
            reason=request.POST.get("reason", "").strip(),
        )
    except actions.ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Ticket %(number)s has been withdrawn.") % {"number": ticket.number}
        )
    return redirect("portal:ticket", number=ticket.number)
