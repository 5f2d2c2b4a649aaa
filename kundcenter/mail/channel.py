"""The mail channel subscribes to what the domain records (kundcenter.outbox.events).

Notification topics (a ticket registered, a reply, a status change, a cost proposal, a
support access grant changed, the SLA sweep's alerts) are fanned out in one transaction:
the builder in kundcenter.mail.notifications decides who is told what and records one
`email` row per recipient. `email` rows are sent by kundcenter.mail.sending.
"""

from functools import partial

from kundcenter.mail import notifications, sending
from kundcenter.outbox.events import EMAIL, subscribe

CHANNEL = "mail"


def _notify(topic: str, payload: dict) -> None:
    notifications.dispatch(topic, **payload)


def connect() -> None:
    """Subscribe to every notification topic and to `email` (called from MailConfig.ready)."""
    for topic in notifications.EVENTS:
        subscribe(topic, CHANNEL, partial(_notify, topic), transactional=True)
    subscribe(
        EMAIL,
        CHANNEL,
        sending.send,
        transient=sending.TRANSIENT,
        server_down=sending.server_down,
        given_up=sending.given_up,
    )
