"""What each webhook event says: built once from the committed rows, when it happens.

`events_for(topic, payload)` turns one outbox topic into the webhook events it means,
each with the customer it concerns, whether it is internal (staff endpoints only) and the
people whose personal data it carries (for the processing log). The data is the least an
integration needs: the ticket's facts, the public reply's text, names but no e-mail
addresses or phone numbers, and never an internal note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import SupportAccessGrant
from kundcenter.tickets.models import Message, Survey, Ticket, TicketEvent
from kundcenter.tickets.workflows import Status

# The event types, in the order the form lists them.
TICKET_CREATED = "ticket.created"
TICKET_UPDATED = "ticket.updated"
TICKET_REPLIED = "ticket.replied"
TICKET_TRANSITIONED = "ticket.transitioned"
TICKET_CLOSED = "ticket.closed"
SLA_WARNING = "sla.warning"
SLA_BREACHED = "sla.breached"
ACCESS_GRANTED = "access.granted"
ACCESS_REVOKED = "access.revoked"
SURVEY_ANSWERED = "survey.answered"
PING = "webhook.test"

EVENT_CHOICES = [
    (TICKET_CREATED, _("Ticket registered")),
    (TICKET_UPDATED, _("Ticket changed (service level, category; for staff also assignee, team)")),
    (TICKET_REPLIED, _("Public reply")),
    (TICKET_TRANSITIONED, _("Status changed")),
    (TICKET_CLOSED, _("Ticket closed")),
    (SLA_WARNING, _("SLA warning")),
    (SLA_BREACHED, _("SLA breach")),
    (ACCESS_GRANTED, _("Support access granted")),
    (ACCESS_REVOKED, _("Support access revoked")),
    (SURVEY_ANSWERED, _("Satisfaction survey answered (staff only)")),
]
ALL_EVENTS = [value for value, _label in EVENT_CHOICES]
# A customer's colleagues' survey answers are for the vendor: staff endpoints only.
STAFF_ONLY_EVENTS = {SURVEY_ANSWERED}
CUSTOMER_EVENTS = [e for e in ALL_EVENTS if e not in STAFF_ONLY_EVENTS]

# The outbox topics the channel subscribes to (kundcenter.tickets.notify,
# kundcenter.accounts.notify, kundcenter.sla.notify).
TOPICS = (
    "ticket_registered",
    "reply_added",
    "status_changed",
    "ticket_merged",
    "ticket_changed",
    "sla_alerts",
    "grant_changed",
    "survey_answered",
)


@dataclass
class Event:
    """One webhook event before it is addressed to endpoints."""

    type: str
    organization_id: int
    data: dict
    internal: bool = False
    ticket_number: str = ""
    people: list[int] = field(default_factory=list)


def _when(value):
    return value.isoformat() if value else None


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.full_name, "staff": bool(user.staff_role)}


def ticket_data(ticket: Ticket) -> dict:
    """The ticket's facts as every event about it carries them."""
    return {
        "number": ticket.number,
        "title": ticket.title,
        "category": ticket.category,
        "status": ticket.status,
        "service_level": ticket.service_level,
        "module": ticket.module.slug if ticket.module_id else None,
        "organization": {"id": ticket.organization_id, "name": ticket.organization.name},
        "reporter": _person(ticket.reporter),
        "created_at": _when(ticket.created_at),
        "updated_at": _when(ticket.updated_at),
        "closed_at": _when(ticket.closed_at),
        "close_reason": ticket.close_reason or None,
        "response_due_at": _when(ticket.response_due_at),
        "resolution_due_at": _when(ticket.resolution_due_at),
        "url": settings.SITE_URL + reverse("portal:ticket", args=[ticket.number]),
    }


def _tickets():
    return Ticket.objects.select_related("organization", "reporter", "module")


def _ticket_event(type_, ticket, extra=None, *, internal=False, people=()) -> Event:
    return Event(
        type=type_,
        organization_id=ticket.organization_id,
        data={"ticket": ticket_data(ticket), **(extra or {})},
        internal=internal,
        ticket_number=ticket.number,
        people=sorted({p for p in [ticket.reporter_id, *people] if p}),
    )


def _registered(ticket_id, organization_id=None):
    ticket = _tickets().filter(pk=ticket_id).first()
    return [_ticket_event(TICKET_CREATED, ticket)] if ticket else []


def _replied(message_id):
    message = (
        Message.objects.select_related("author")
        .filter(pk=message_id, internal=False)  # an internal note never leaves
        .first()
    )
    if message is None:
        return []
    ticket = _tickets().get(pk=message.ticket_id)
    reply = {
        "id": message.pk,
        "author": _person(message.author),
        "body": message.body,
        "channel": message.channel,
        "created_at": _when(message.created_at),
    }
    return [_ticket_event(TICKET_REPLIED, ticket, {"message": reply}, people=[message.author_id])]


def _status(event_id):
    event = TicketEvent.objects.filter(pk=event_id, kind=TicketEvent.Kind.STATUS).first()
    if event is None:
        return []
    ticket = _tickets().get(pk=event.ticket_id)
    change = {
        "from": event.old_value,
        "to": event.new_value,
        "reason": event.reason if event.public else "",
    }
    type_ = TICKET_CLOSED if event.new_value == Status.CLOSED else TICKET_TRANSITIONED
    return [_ticket_event(type_, ticket, {"change": change}, internal=not event.public)]


def _merged(event_id):
    event = TicketEvent.objects.filter(pk=event_id).first()
    if event is None:
        return []
    ticket = _tickets().get(pk=event.ticket_id)
    change = {"from": "", "to": Status.CLOSED, "duplicate_of": event.new_value}
    return [_ticket_event(TICKET_CLOSED, ticket, {"change": change})]


def _changed(event_id):
    event = TicketEvent.objects.filter(pk=event_id).first()
    if event is None:
        return []
    ticket = _tickets().get(pk=event.ticket_id)
    change = {
        "field": event.kind,
        "from": event.old_value,
        "to": event.new_value,
        "reason": event.reason,
    }
    return [_ticket_event(TICKET_UPDATED, ticket, {"change": change}, internal=not event.public)]


def _sla(warned=(), response_breached=(), resolution_breached=()):
    tickets = _tickets().in_bulk({*warned, *response_breached, *resolution_breached})
    events = []
    for ids, type_, target in (
        (warned, SLA_WARNING, "response"),
        (response_breached, SLA_BREACHED, "response"),
        (resolution_breached, SLA_BREACHED, "resolution"),
    ):
        for pk in ids:
            if pk in tickets:
                events.append(_ticket_event(type_, tickets[pk], {"target": target}))
    return events


def _grant(grant_id, change):
    types = {"given": ACCESS_GRANTED, "revoked": ACCESS_REVOKED}
    if change not in types:
        return []
    grant = (
        SupportAccessGrant.objects.select_related(
            "organization", "granted_by", "revoked_by", "ticket"
        )
        .filter(pk=grant_id)
        .first()
    )
    if grant is None:
        return []
    data = {
        "grant": {
            "id": grant.pk,
            "audience": grant.audience,
            "starts_at": _when(grant.starts_at),
            "expires_at": _when(grant.expires_at),
            "revoked_at": _when(grant.revoked_at),
            "ticket": grant.ticket.number if grant.ticket_id else None,
            "granted_by": _person(grant.granted_by),
            "revoked_by": _person(grant.revoked_by),
        },
        "organization": {"id": grant.organization_id, "name": grant.organization.name},
    }
    return [
        Event(
            type=types[change],
            organization_id=grant.organization_id,
            data=data,
            ticket_number=grant.ticket.number if grant.ticket_id else "",
            people=sorted({p for p in (grant.granted_by_id, grant.revoked_by_id) if p}),
        )
    ]


def _survey(survey_id):
    survey = Survey.objects.filter(pk=survey_id, answered_at__isnull=False).first()
    if survey is None:
        return []
    ticket = _tickets().get(pk=survey.ticket_id)
    answer = {
        "score": survey.score,
        "comment": survey.comment,
        "answered_at": _when(survey.answered_at),
    }
    return [
        _ticket_event(
            SURVEY_ANSWERED, ticket, {"survey": answer}, internal=True, people=[survey.person_id]
        )
    ]


BUILDERS = {
    "ticket_registered": _registered,
    "reply_added": _replied,
    "status_changed": _status,
    "ticket_merged": _merged,
    "ticket_changed": _changed,
    "sla_alerts": _sla,
    "grant_changed": _grant,
    "survey_answered": _survey,
}


def events_for(topic: str, payload: dict) -> list[Event]:
    """The webhook events one recorded outbox topic means (none for a row since gone)."""
    return BUILDERS[topic](**payload)


def envelope(event_type: str, data: dict, now=None) -> dict:
    """The body of a delivery: Standard Webhooks' recommended shape."""
    return {"type": event_type, "timestamp": _when(now or timezone.now()), "data": data}
