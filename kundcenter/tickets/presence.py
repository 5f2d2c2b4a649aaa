"""Who else has a ticket open: the collision warning on the agent ticket page.

The page polls every PRESENCE_POLL_SECONDS; each poll is a heartbeat (one upsert) and
returns the colleagues seen within PRESENCE_STALE_SECONDS. A closed tab simply stops
beating and drops out; nothing needs cleaning up for the warning to be right (old rows
are deleted now and then by `forget_stale`).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from kundcenter.tickets.models import Message, TicketPresence


def stale_after() -> timedelta:
    return timedelta(seconds=settings.PRESENCE_STALE_SECONDS)


def fresh_since(now=None):
    """The oldest heartbeat that still says someone has a ticket open (at `now`)."""
    return (now or timezone.now()) - stale_after()


def heartbeat(ticket, user, *, writing: bool, now=None) -> None:
    """Record that `user` has `ticket` open now (and whether they are writing)."""
    now = now or timezone.now()
    TicketPresence.objects.update_or_create(
        ticket=ticket, user=user, defaults={"writing": writing, "seen_at": now}
    )


def others_present(ticket, user, now=None) -> list[TicketPresence]:
    """The other staff members with `ticket` open now, writers first (one query)."""
    if getattr(ticket, "has_others_present", True) is False:
        return []  # read through `with_others_present`: nobody else, no query
    return list(
        TicketPresence.objects.filter(ticket=ticket, seen_at__gte=fresh_since(now))
        .exclude(user=user)
        .select_related("user")
        .order_by("-writing", "user__full_name")
    )


def with_others_present(tickets, user, since=None):
    """`tickets` (a queryset) with `has_others_present` on each, so `others_present` costs
    no query on a ticket nobody else has open: most tickets. `user` may be a key; `since`
    (default: `fresh_since()`) is the oldest heartbeat that counts."""
    if since is None:
        since = fresh_since()
    return tickets.annotate(
        has_others_present=Exists(
            TicketPresence.objects.filter(ticket=OuterRef("pk"), seen_at__gte=since).exclude(
                user=user
            )
        )
    )


def forget_stale(now=None) -> int:
    """Delete heartbeats older than a day."""
    now = now or timezone.now()
    return TicketPresence.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()[0]


def last_message_id(ticket) -> int:
    """The newest message on `ticket` (0 for none): what a reply form was written after."""
    return (
        Message.objects.filter(ticket=ticket).order_by("-pk").values_list("pk", flat=True).first()
        or 0
    )


def newer_messages(ticket, seen_id: int, user) -> list[Message]:
    """Messages added to `ticket` after `seen_id` by someone other than `user`."""
    return list(
        Message.objects.filter(ticket=ticket, pk__gt=seen_id)
        .exclude(author=user)
        .select_related("author")
        .order_by("pk")
    )
