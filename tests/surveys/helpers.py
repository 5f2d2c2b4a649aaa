"""Closing tickets as people do, and mail a customer writes back."""

from email.message import EmailMessage

from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Status


def close_resolved(ticket, specialist, now=None):
    """A support question answered and closed by the specialist, as resolved."""
    ticket = actions.transition(ticket, specialist, Status.IN_PROGRESS, now=now)
    return actions.transition(ticket, specialist, Status.CLOSED, now=now)


def reply_mail(sender, ticket, body="Det fungerar inte igen efter uppdateringen.") -> bytes:
    """A customer's e-mail answer to our mail about `ticket` (threaded by its subject tag)."""
    message = EmailMessage()
    message["From"] = sender.email
    message["To"] = "support@kundcenter.example"
    message["Subject"] = f"Re: [Ärende {ticket.number}] {ticket.title}"
    message["Message-ID"] = f"<reply-{ticket.number}-{len(body)}@kund.example>"
    message.set_content(body)
    return message.as_bytes()
