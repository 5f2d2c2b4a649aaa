"""The in-app channel subscribes to what the domain records (kundcenter.outbox.events).

Each handler reads the committed rows and writes the `Notice` rows for the people
concerned, in one transaction with the removal of the outbox item (transactional), so
every notice is written exactly once. Whether the same thing also comes by e-mail is the
mail channel's business (each person's NotificationPreference).
"""

from kundcenter.accounts.models import User
from kundcenter.notices.models import Notice
from kundcenter.outbox.events import subscribe
from kundcenter.tickets.models import Message, Ticket, TicketEvent

CHANNEL = "notices"
EXCERPT = 200


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _staff(ids) -> list[int]:
    return list(
        User.objects.filter(pk__in=ids, is_active=True)
        .exclude(staff_role="")
        .values_list("pk", flat=True)
    )


def mentioned(message_id: int, user_ids: list[int]) -> None:
    message = Message.objects.filter(pk=message_id).first()
    if message is None:
        return
    Notice.objects.bulk_create(
        Notice(
            recipient_id=pk,
            kind=Notice.Kind.MENTION,
            ticket_id=message.ticket_id,
            actor_id=message.author_id,
            excerpt=_excerpt(message.body),
            message_id=message.pk,
            created_at=message.created_at,
        )
        for pk in _staff(user_ids)
        if pk != message.author_id
    )


def assigned(event_id: int, user_id: int) -> None:
    event = TicketEvent.objects.filter(pk=event_id).first()
    if event is None or not _staff([user_id]):
        return
    Notice.objects.create(
        recipient_id=user_id,
        kind=Notice.Kind.ASSIGNED,
        ticket_id=event.ticket_id,
        actor_id=event.actor_id,
        created_at=event.created_at,
    )


def reply_added(message_id: int) -> None:
    """A customer's reply on a ticket assigned to someone: the assignee is told."""
    message = (
        Message.objects.select_related("author", "ticket")
        .filter(pk=message_id, internal=False)
        .first()
    )
    if message is None or message.author is None or message.author.staff_role:
        return
    assignee_id = message.ticket.assignee_id
    if not assignee_id or not _staff([assignee_id]):
        return
    Notice.objects.create(
        recipient_id=assignee_id,
        kind=Notice.Kind.REPLY,
        ticket_id=message.ticket_id,
        actor_id=message.author_id,
        excerpt=_excerpt(message.body),
        message_id=message.pk,
        created_at=message.created_at,
    )


def sla_alerts(warned=(), response_breached=(), resolution_breached=()) -> None:
    """A warning to the assignee (or the team's specialists while unassigned); breaches
    to the support managers, as the mail does."""
    tickets = Ticket.objects.only("pk", "assignee_id", "team_id").in_bulk(
        {*warned, *response_breached, *resolution_breached}
    )
    active_staff = User.objects.filter(is_active=True).exclude(staff_role="")
    notices = []
    team_ids = {t.team_id for pk, t in tickets.items() if pk in warned and not t.assignee_id}
    specialists: dict[int, list[int]] = {}
    for pk, team_id in active_staff.filter(
        team_id__in=team_ids, staff_role=User.StaffRole.SPECIALIST
    ).values_list("pk", "team_id"):
        specialists.setdefault(team_id, []).append(pk)
    assignees = set(
        active_staff.filter(
            pk__in=[t.assignee_id for t in tickets.values() if t.assignee_id]
        ).values_list("pk", flat=True)
    )
    for pk in warned:
        ticket = tickets.get(pk)
        if ticket is None:
            continue
        if ticket.assignee_id in assignees:
            people = [ticket.assignee_id]
        else:
            people = specialists.get(ticket.team_id, [])
        notices += [
            Notice(recipient_id=p, kind=Notice.Kind.SLA_WARNING, ticket_id=pk) for p in people
        ]
    managers = list(
        active_staff.filter(staff_role=User.StaffRole.MANAGER).values_list("pk", flat=True)
    )
    for pk in {*response_breached, *resolution_breached}:
        if pk in tickets:
            notices += [
                Notice(recipient_id=m, kind=Notice.Kind.SLA_BREACH, ticket_id=pk) for m in managers
            ]
    Notice.objects.bulk_create(notices)


HANDLERS = {
    "mentioned": mentioned,
    "ticket_assigned": assigned,
    "reply_added": reply_added,
    "sla_alerts": sla_alerts,
}


def _run(topic, payload):
    HANDLERS[topic](**payload)


def connect() -> None:
    """Subscribe to the topics that make a notice (called from NoticesConfig.ready)."""
    from functools import partial

    for topic in HANDLERS:
        subscribe(topic, CHANNEL, partial(_run, topic), transactional=True)
