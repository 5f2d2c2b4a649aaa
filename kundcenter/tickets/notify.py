"""Notifications about tickets: thin hooks that queue the notification task.

Actions call these from `transaction.on_commit`, so the task never sees an uncommitted
change. Who is told what, in which language and with which threading headers is decided
in kundcenter.mail.notifications; sending happens on the task layer, with retries.
"""

from kundcenter.mail.tasks import queue_notification
from kundcenter.tickets.models import TicketEvent


def ticket_registered(ticket):
    """The reporter gets the ticket number; the team hears of a new ticket."""
    queue_notification("ticket_registered", ticket_id=ticket.pk)


def reply_added(ticket, message):
    """A public reply: staff's to the reporter, a customer's to the assignee or team."""
    queue_notification("reply_added", message_id=message.pk)


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
        queue_notification("status_changed", event_id=event_id)


def proposal_waiting(ticket, proposal):
    """A cost proposal waits for the customer's SuperUsers (always sent)."""
    queue_notification("proposal_waiting", proposal_id=proposal.pk)
