"""Bulk actions on tickets selected in the queue: each ticket goes through the same action
as one at a time, so every ticket gets the same events and notifications.

All or nothing: the batch runs in one transaction, and if the action is refused for any
ticket, nothing changes and the refusal names every ticket it was refused for (a workflow
step that is not valid for some of them, say). The tickets are read in one query; each
action then locks and changes its ticket, so the queries grow with the batch, which is
bounded by MAX_BATCH.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kundcenter.lib.errors import ActionError
from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket

MAX_BATCH = 100

ASSIGN, TEAM, TAG, TRANSITION = "assign", "team", "tag", "transition"


class _Refused(Exception):
    pass


def selected_tickets(user, numbers) -> list[Ticket]:
    """The tickets `user` may see among `numbers`, in the order given.

    Refuses an empty selection, a batch over MAX_BATCH, and any number the user cannot
    see (named, without saying whether it exists).
    """
    numbers = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    if not numbers:
        raise ActionError(_("Select at least one ticket."))
    if len(numbers) > MAX_BATCH:
        raise ActionError(_("Select at most %(max)d tickets at a time.") % {"max": MAX_BATCH})
    found = {
        t.number: t
        for t in Ticket.objects.visible_to(user)
        .filter(number__in=numbers)
        .select_related("organization", "team", "assignee")
    }
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ActionError(
            _("No ticket you can see has the number: %(numbers)s.")
            % {"numbers": ", ".join(missing)}
        )
    return [found[n] for n in numbers]


def run(tickets: list[Ticket], act) -> int:
    """Run `act(ticket)` for every ticket in one transaction; all or nothing.

    A refusal for some tickets rolls back all of them and is raised as one ActionError
    naming each refused ticket and why.
    """
    refused = []
    try:
        with transaction.atomic():
            for ticket in tickets:
                try:
                    act(ticket)
                except ActionError as exc:
                    refused.append(f"{ticket.number} ({exc.message})")
            if refused:
                raise _Refused
    except _Refused:
        raise ActionError(
            ngettext(
                "Nothing was changed: not possible for ticket %(tickets)s.",
                "Nothing was changed: not possible for these tickets: %(tickets)s.",
                len(refused),
            )
            % {"tickets": "; ".join(refused)}
        ) from None
    return len(tickets)


def assign(tickets, user, assignee) -> int:
    return run(tickets, lambda t: actions.assign(t, user, assignee))


def move_team(tickets, user, team, *, reason="") -> int:
    return run(tickets, lambda t: actions.move_team(t, user, team, reason=reason))


def add_tags(tickets, user, names) -> int:
    names = actions.clean_tag_names(names)
    if not names:
        raise ActionError(_("Write a tag first."))
    return run(tickets, lambda t: actions.add_tags(t, user, names))


def transition(tickets, user, target, *, reason="") -> int:
    """Take the same workflow step on every ticket; refused for all if invalid for one."""
    return run(tickets, lambda t: actions.transition(t, user, target, reason=reason))
