"""What happened to a ticket, recorded for the channels that tell people about it.

Actions call these inside the transaction of their change: each records one row in the
outbox (kundcenter.outbox.events), which exists exactly when the change does and is
delivered after commit. Who is told what is decided by the subscribers (the mail channel,
kundcenter.mail.notifications); this module knows none of them.
"""

from kundcenter.outbox.events import record
from kundcenter.tickets.models import TicketEvent


def ticket_registered(ticket):
    """The reporter gets the ticket number; the team hears of a new ticket. The customer
    rides along, so the webhook channel reads the ticket only when one of the customer's
    (or staff's) endpoints may get it (most customers have none)."""
    record(
        "ticket_registered",
        {"ticket_id": ticket.pk, "organization_id": ticket.organization_id},
    )


def reply_added(ticket, message):
    """A public reply: staff's to the reporter, a customer's to the assignee or team."""
    record("reply_added", {"message_id": message.pk})


def status_changed(ticket, old_status):
    """The reporter hears of a status change (a fix to validate is always sent)."""
    # The event row of this change: its actor (nobody is told of their own change) and
    # its public reason go into the mail.
    event_id = (
        TicketEvent.objects.filter(
            ticket_id=ticket.pk,
            kind=TicketEvent.Kind.STATUS,
            old_value=old_status,
            new_value=ticket.status,
        )
        .order_by("-id")
        .values_list("pk", flat=True)
        .first()
    )
    if event_id is not None:
        record("status_changed", {"event_id": event_id})


def proposal_waiting(ticket, proposal):
    """A cost proposal waits for the customer's SuperUsers (always sent)."""
    record("proposal_waiting", {"proposal_id": proposal.pk})


def note_added(ticket, message, mentioned_ids):
    """An internal note mentions colleagues (@name): each of them is told."""
    if mentioned_ids:
        record("mentioned", {"message_id": message.pk, "user_ids": sorted(mentioned_ids)})


def assigned(ticket, event, assignee_id, actor_id):
    """A ticket was assigned to someone other than the person who assigned it."""
    if assignee_id and assignee_id != actor_id:
        record("ticket_assigned", {"event_id": event.pk, "user_id": assignee_id})


def merged(duplicate, event):
    """A ticket was closed as a duplicate: its reporter is told where it continues."""
    record("ticket_merged", {"event_id": event.pk})


def changed(ticket, event):
    """A ticket's details changed (assignee, service level, category, team, lane): for
    the integrations that follow tickets (webhooks); `event` is the change's event row,
    whose `public` flag says whether the customer may know of it."""
    if event is not None:
        record("ticket_changed", {"event_id": event.pk})


def survey_answered(survey):
    """The reporter answered the satisfaction survey of a resolved ticket."""
    record("survey_answered", {"survey_id": survey.pk})
