"""What a viewer may see of a ticket's links and merged duplicates.

Staff see every link. A customer sees a link only when they may see the other ticket
themselves (`Ticket.objects.visible_to`): a related ticket of another customer is never
shown, not its number, not its customer. Messages of a duplicate merged into a ticket are
shown on it to staff (internal notes included), and to a customer only when they may see
the duplicate (public messages and files only).
"""

from django.db.models import Exists, OuterRef, Prefetch, Q

from kundcenter.accounts.rules import is_staff_role
from kundcenter.tickets.models import Attachment, Message, Ticket, TicketLink


def with_has_links(tickets):
    """`tickets` (a queryset) with `has_links` on each: the ticket pages read a ticket this
    way, so `visible_links` costs no query for the many tickets without links."""
    return tickets.annotate(
        has_links=Exists(
            TicketLink.objects.filter(Q(ticket=OuterRef("pk")) | Q(other=OuterRef("pk")))
        )
    )


def visible_links(ticket: Ticket, user) -> dict:
    """{"duplicate_of": ticket or None, "duplicates": [...], "related": [...]} for `user`
    (one query; none when the ticket was read with `has_links` False)."""
    if getattr(ticket, "has_links", True) is False:
        # Read through `with_has_links`: no links, no query.
        return {"duplicate_of": None, "duplicates": [], "related": []}
    links = TicketLink.objects.filter(Q(ticket=ticket) | Q(other=ticket)).select_related(
        "ticket__organization", "other__organization"
    )
    staff = is_staff_role(user)
    result = {"duplicate_of": None, "duplicates": [], "related": []}
    pairs = []
    for link in links:
        other = link.other if link.ticket_id == ticket.pk else link.ticket
        pairs.append((link, other))
    if not staff:
        ids = [other.pk for _link, other in pairs]
        seen = set(Ticket.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        pairs = [(link, other) for link, other in pairs if other.pk in seen]
    for link, other in pairs:
        if link.kind == TicketLink.Kind.DUPLICATE:
            if link.ticket_id == ticket.pk:
                result["duplicate_of"] = other
            else:
                result["duplicates"].append(other)
        else:
            result["related"].append(other)
    return result


def merged_messages(ticket: Ticket, user, duplicates) -> list[Message]:
    """The messages of the duplicates merged into `ticket` that `user` may read
    (`duplicates` from `visible_links`, already filtered for the viewer)."""
    if not duplicates:
        return []
    messages = Message.objects.filter(ticket__in=duplicates).select_related("author", "ticket")
    files = Attachment.objects.all()
    if not is_staff_role(user):
        messages = messages.filter(internal=False)
        files = files.filter(internal=False)
    return list(messages.prefetch_related(Prefetch("attachments", queryset=files)))


def merged_files(ticket: Ticket, user, duplicates) -> list[Attachment]:
    """The files registered with the duplicates (not on a message) that `user` may see."""
    if not duplicates:
        return []
    files = Attachment.objects.filter(ticket__in=duplicates, message__isnull=True).select_related(
        "ticket"
    )
    if not is_staff_role(user):
        files = files.filter(internal=False)
    return list(files)
