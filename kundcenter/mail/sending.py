"""Sending one rendered mail: the mail channel's delivery of the outbox topic `email`.

Every mail Kundcenter sends (notifications, account mail, explanations of refused
inbound mail, notices to people affected by a breach) is first recorded as an outbox row
with topic `email` in the transaction of the change that caused it
(`kundcenter.outbox.events.record_mail`), and sent from there after commit by
`send`. A mail server that is down or refuses for now (4xx, greylisting) leaves the row to
be tried again with back-off; a 5xx answer about this mail (no such mailbox) gives it up
at once. The payload holds the Message-ID, so every attempt sends the same message.
"""

import logging
from smtplib import SMTPDataError, SMTPException, SMTPRecipientsRefused

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from kundcenter.outbox.delivery import describe
from kundcenter.outbox.events import Permanent

log = logging.getLogger(__name__)

# Failures worth another attempt later: the mail server is down, refuses for now or drops
# the connection (SMTPException is an OSError too).
TRANSIENT = (SMTPException, OSError)


def is_permanent(exc: BaseException) -> bool:
    """A 5xx answer about this mail: every recipient refused for good, or the message
    itself rejected. 4xx answers and lost connections are worth retrying, and so is a
    5xx about the connection rather than the mail (a refused login, HELO or sender
    address): that is the server's configuration, and every mail would meet it."""
    if isinstance(exc, SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, SMTPDataError):
        return exc.smtp_code >= 500
    return False


def server_down(exc: BaseException) -> bool:
    """The failure is the mail server's, not this mail's: the other mails wait too."""
    return isinstance(exc, TRANSIENT) and not isinstance(exc, SMTPRecipientsRefused | SMTPDataError)


def build_message(payload: dict) -> EmailMultiAlternatives:
    """The mail a payload describes, text and HTML, headers as given."""
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=payload["to"],
        reply_to=payload.get("reply_to") or None,
        headers=payload.get("headers") or {},
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    return message


def send(payload: dict) -> None:
    """Send one recorded mail now (the outbox's handler for `email`).

    Mail to demo and benchmark people is dropped here, whoever recorded it. A permanent
    refusal is raised as `Permanent`; anything else as it came, for another attempt.
    """
    from kundcenter.accounts.models import User

    to = [a for a in payload.get("to") or [] if a]
    wanted = {a.strip().lower() for a in to}
    demo = User.objects.filter(email__in=wanted, is_demo=True).values_list("email", flat=True)
    blocked = {address.lower() for address in demo}
    to = [a for a in to if a.strip().lower() not in blocked]
    if not to:
        return
    try:
        build_message({**payload, "to": to}).send(fail_silently=False)
    except SMTPException as exc:
        if is_permanent(exc):
            # The error's kind only: the server's words often name the address.
            log.warning("mail refused for good by the mail server (%s)", type(exc).__name__)
            raise Permanent(describe(exc)) from exc
        raise
    answered = payload.get("answers_inbound")
    if answered:
        from kundcenter.mail.models import InboundMessage

        InboundMessage.objects.filter(pk=answered).update(answered_at=timezone.now())


def given_up(payload: dict) -> None:
    """An explanation of a refused mail that never went out: the sender may be answered
    the next time they write."""
    if payload.get("answers_inbound") and payload.get("to"):
        from kundcenter.mail.ingest import release_refusal_notice

        release_refusal_notice(payload["to"][0])
