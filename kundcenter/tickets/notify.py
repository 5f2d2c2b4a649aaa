"""Notifications about tickets, sent after the change has been committed.

Kept deliberately small here: the e-mail channel issue moves sending onto the task layer
with templates, threading headers and per-user preferences.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from kundcenter.tickets.workflows import Status

log = logging.getLogger(__name__)


def _ticket_url(ticket) -> str:
    return f"{settings.SITE_URL}/arenden/{ticket.number}/"


def _send(recipient, subject, body):
    if recipient is None or not recipient.email or not recipient.is_active:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    except Exception:  # a mail outage must never undo or break a committed change
        log.exception("could not send notification to user %s", recipient.pk)


def ticket_registered(ticket):
    """Tell the reporter their ticket number at once."""
    reporter = ticket.reporter
    if reporter is None:
        return
    with translation.override(reporter.language or settings.LANGUAGE_CODE):
        subject = f"[{_('Ticket')} {ticket.number}] {ticket.title}"
        body = _(
            "Thank you. Your ticket has been registered with number %(number)s.\n\n"
            "Follow it here: %(url)s\n"
        ) % {"number": ticket.number, "url": _ticket_url(ticket)}
        _send(reporter, subject, body)


def reply_added(ticket, message):
    """Tell the customer about a staff reply, and the assignee about a customer reply."""
    author = message.author
    if author is not None and author.staff_role:
        recipient = ticket.reporter
    else:
        recipient = ticket.assignee
    if recipient is None or recipient == author:
        return
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = f"[{_('Ticket')} {ticket.number}] {ticket.title}"
        body = _("A new reply on your ticket %(number)s:\n\n%(body)s\n\n%(url)s\n") % {
            "number": ticket.number,
            "body": message.body,
            "url": _ticket_url(ticket),
        }
        _send(recipient, subject, body)


def status_changed(ticket, old_status):
    recipient = ticket.reporter
    if recipient is None:
        return
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = f"[{_('Ticket')} {ticket.number}] {ticket.title}"
        body = _(
            "The status of ticket %(number)s changed from %(old)s to %(new)s.\n\n%(url)s\n"
        ) % {
            "number": ticket.number,
            "old": Status(old_status).label,
            "new": Status(ticket.status).label,
            "url": _ticket_url(ticket),
        }
        _send(recipient, subject, body)


def proposal_waiting(ticket, proposal):
    """Tell the reporter a cost proposal waits for their answer."""
    recipient = ticket.reporter
    if recipient is None:
        return
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = f"[{_('Ticket')} {ticket.number}] {_('Cost proposal waiting for you')}"
        body = _(
            "A cost proposal for ticket %(number)s waits for your answer. No billable work "
            "starts before you accept it.\n\n%(url)s\n"
        ) % {"number": ticket.number, "url": _ticket_url(ticket)}
        _send(recipient, subject, body)
