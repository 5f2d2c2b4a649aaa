"""The agent ticket page's workspace tools: linking and merging, the customer at a
glance, and the collision warning (who else has the ticket open).

The ticket page (kundcenter.tickets.views.agent) adds `ticket_context` to its own; the
POST views here call the actions in kundcenter.tickets.actions, like every other view.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kundcenter.lib.polling import leaves_session_alone
from kundcenter.privacy import log as privacy_log
from kundcenter.tickets import actions, links, presence
from kundcenter.tickets.access import get_ticket_for
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.forms_agent import MergeForm, TicketNumberForm
from kundcenter.tickets.glance import customer_glance
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.views.agent import staff_only


def ticket_context(request, ticket, messages_list=None) -> dict:
    """What the workspace includes on the agent ticket page need (constant queries).

    `messages_list` (the page's messages), when the page has read them already, saves a
    query. The customer at a glance is not here: the page loads it after itself
    (`ticket_glance`), so opening a ticket does not wait for it."""
    user = request.user
    found = links.visible_links(ticket, user)
    merged = links.merged_messages(ticket, user, found["duplicates"])
    for duplicate in found["duplicates"]:
        # Reading a duplicate's conversation here is reading that ticket (processing log).
        privacy_log.ticket_read(
            request, duplicate, [m for m in merged if m.ticket_id == duplicate.pk]
        )
    return {
        "links": found,
        "merged_messages": merged,
        "merged_files": links.merged_files(ticket, user, found["duplicates"]),
        "merge_form": MergeForm(),
        "link_form": TicketNumberForm(),
        "last_seen_id": max((m.pk for m in messages_list), default=0)
        if messages_list is not None
        else presence.last_message_id(ticket),
        "others_present": presence.others_present(ticket, user),
        "presence_poll_seconds": settings.PRESENCE_POLL_SECONDS,
    }


def _other(user, number) -> Ticket:
    other = Ticket.objects.visible_to(user).filter(number=number).first()
    if other is None:
        raise ActionError(_("No ticket has the number %(number)s.") % {"number": number})
    return other


def _post_view(form_class, run):
    @staff_only()
    @require_POST
    def view(request, number):
        ticket = get_ticket_for(request.user, number)
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
            return redirect("agent:ticket", number=ticket.number)
        try:
            done = run(request, ticket, form)
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return redirect("agent:ticket", number=ticket.number)

    view.__name__ = run.__name__
    view.__doc__ = run.__doc__
    return view


def _merge(request, ticket, form):
    """Close this ticket as a duplicate of another ticket of the same customer."""
    original = _other(request.user, form.cleaned_data["number"])
    actions.mark_duplicate(ticket, request.user, original, reason=form.cleaned_data["reason"])
    return _("Ticket %(number)s has been closed as a duplicate of %(original)s.") % {
        "number": ticket.number,
        "original": original.number,
    }


def _link(request, ticket, form):
    """Link a related ticket (any customer's)."""
    other = _other(request.user, form.cleaned_data["number"])
    actions.link_tickets(ticket, request.user, other)
    return _("Ticket %(number)s is now linked to this ticket.") % {"number": other.number}


def _unlink(request, ticket, form):
    """Remove a related link."""
    other = _other(request.user, form.cleaned_data["number"])
    actions.unlink_tickets(ticket, request.user, other)
    return _("The link to %(number)s has been removed.") % {"number": other.number}


ticket_merge = _post_view(MergeForm, _merge)
ticket_link = _post_view(TicketNumberForm, _link)
ticket_unlink = _post_view(TicketNumberForm, _unlink)


@staff_only()
@require_GET
def ticket_glance(request, number):
    """The customer at a glance for the ticket page, which asks for it (htmx) once the
    panel scrolls into view. Whoever may not see the ticket gets a 404, like the page."""
    ticket = get_ticket_for(
        request.user,
        number,
        queryset=Ticket.objects.select_related("organization__industry__team"),
    )
    context = {"ticket": ticket, "glance": customer_glance(ticket)}
    return render(request, "tickets/agent/_glance.html", context)


@leaves_session_alone
@staff_only()
@require_GET
def ticket_presence(request, number):
    """The page's heartbeat (polled by htmx): record that the viewer has the ticket open
    (and whether they are writing), answer with who else has. Writes only the heartbeat."""
    ticket = get_ticket_for(request.user, number)
    presence.heartbeat(ticket, request.user, writing=request.GET.get("writing") == "1")
    context = {
        "ticket": ticket,
        "others_present": presence.others_present(ticket, request.user),
        "presence_poll_seconds": settings.PRESENCE_POLL_SECONDS,
    }
    response = render(request, "tickets/agent/_presence.html", context)
    response["Cache-Control"] = "no-store"
    return response
