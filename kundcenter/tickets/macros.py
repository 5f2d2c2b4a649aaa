"""Canned replies (makron): who sees and edits them, filling in their text, sending one.

A macro's text is filled in with a small substitution of `{{ name }}` placeholders from a
fixed table (see PLACEHOLDERS); the text is never run through the template engine, so a
macro cannot reach anything but these values. Sending a reply with a macro runs its side
effects through the ticket actions (tags, then a status through the workflow) in the
same transaction as the reply: a side effect that is refused refuses the whole send.

Who may do what (decided):
- personal macros: seen, used and edited by their owner only;
- team macros: seen and used by the team's members and by managers and admins; edited by
  the team's specialists and by managers and admins;
- customers never reach any of it (the agent pages are 404 to them).
"""

import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kundcenter.accounts.models import User
from kundcenter.accounts.rules import is_staff_role
from kundcenter.lib.errors import ActionError
from kundcenter.tickets import actions
from kundcenter.tickets.models import Macro, Ticket
from kundcenter.tickets.workflows import Status

MANAGING_ROLES = (User.StaffRole.MANAGER, User.StaffRole.ADMIN)

# Placeholder names (Swedish and English spellings) → what they stand for.
PLACEHOLDERS = {
    "kund": "customer",
    "customer": "customer",
    "förnamn": "first_name",
    "first_name": "first_name",
    "ärendenummer": "number",
    "ticket_number": "number",
    "handläggare": "specialist",
    "specialist": "specialist",
    "sla_mål": "sla_target",
    "sla_target": "sla_target",
}
PLACEHOLDER_HELP = gettext_lazy(
    "Placeholders: {{ kund }} the customer, {{ förnamn }} the reporter's first name, "
    "{{ ärendenummer }} the ticket number, {{ handläggare }} your name, {{ sla_mål }} the "
    "resolution target. English names work too: customer, first_name, ticket_number, "
    "specialist, sla_target."
)
_PLACEHOLDER_RE = re.compile(r"\{\{\s*([\w]+)\s*\}\}")


def unknown_placeholders(text: str) -> list[str]:
    """Placeholder names in `text` that are not in the table, in order of appearance."""
    return [name for name in _PLACEHOLDER_RE.findall(text or "") if name not in PLACEHOLDERS]


# --- access ----------------------------------------------------------------------------


def visible_macros_filter(user) -> Q:
    """The macros `user` may see and use: their own and their team's (managers: all teams)."""
    if not is_staff_role(user):
        return Q(pk__in=[])
    mine = Q(owner=user)
    if is_staff_role(user, *MANAGING_ROLES):
        return mine | Q(team__isnull=False)
    if user.team_id:
        return mine | Q(team_id=user.team_id)
    return mine


def macros_for(user):
    return Macro.objects.filter(visible_macros_filter(user)).select_related("team")


def get_macro_for(user, pk):
    """The macro `pk` if `user` may see it, else None (the views answer 404)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return macros_for(user).filter(pk=pk).first()


def may_edit(user, macro: Macro) -> bool:
    if macro.owner_id:
        return macro.owner_id == user.pk
    if is_staff_role(user, *MANAGING_ROLES):
        return True
    return is_staff_role(user, User.StaffRole.SPECIALIST) and user.team_id == macro.team_id


def teams_user_may_share_with(user):
    """The teams a user may make team macros for."""
    from kundcenter.accounts.models import Team

    if is_staff_role(user, *MANAGING_ROLES):
        return Team.objects.all()
    if is_staff_role(user, User.StaffRole.SPECIALIST) and user.team_id:
        return Team.objects.filter(pk=user.team_id)
    return Team.objects.none()


def search(qs, text: str):
    text = (text or "").strip()
    if not text:
        return qs
    return qs.filter(
        Q(name__icontains=text) | Q(body_sv__icontains=text) | Q(body_en__icontains=text)
    )


# --- filling in ------------------------------------------------------------------------


def language_for(ticket: Ticket) -> str:
    """The reporter's language ("sv" or "en"); Swedish when unknown."""
    language = getattr(ticket.reporter, "language", "") or "sv"
    return "en" if language.startswith("en") else "sv"


def text_for(macro: Macro, language: str) -> str:
    """The macro's text in `language`, or in the other language if that one is empty."""
    first, second = (
        (macro.body_en, macro.body_sv)
        if language == "en"
        else (
            macro.body_sv,
            macro.body_en,
        )
    )
    return first or second


def values_for(ticket: Ticket, specialist: User) -> dict[str, str]:
    reporter = ticket.reporter
    full_name = (getattr(reporter, "full_name", "") or "").strip()
    due = ticket.resolution_due_at or ticket.response_due_at
    return {
        "customer": ticket.organization.name,
        "first_name": full_name.split(" ")[0] if full_name else "",
        "number": ticket.number,
        "specialist": specialist.full_name,
        "sla_target": (
            date_format(timezone.localtime(due), "Y-m-d H:i") if due is not None else "–"
        ),
    }


def render(macro: Macro, ticket: Ticket, specialist: User) -> str:
    """The macro's text for this ticket, in the reporter's language, placeholders filled.

    An unknown placeholder is left as written, so the specialist sees it before sending.
    """
    values = values_for(ticket, specialist)

    def substitute(match):
        key = PLACEHOLDERS.get(match.group(1))
        return values[key] if key else match.group(0)

    return _PLACEHOLDER_RE.sub(substitute, text_for(macro, language_for(ticket)))


def describe_effects(macro: Macro) -> list[str]:
    """What sending with this macro also does, in words for the reply box."""
    effects = []
    if macro.tag_names:
        effects.append(_("Adds the tags: %(tags)s") % {"tags": ", ".join(macro.tag_names)})
    if macro.set_status:
        effects.append(
            _("Sets the status to: %(status)s") % {"status": Status(macro.set_status).label}
        )
    return effects


# --- sending ---------------------------------------------------------------------------


def send_with_macro(
    ticket: Ticket, user: User, macro: Macro, body: str, *, internal=False, files=(), channel
):
    """Send a reply (or note) written from `macro`, then run the macro's side effects.

    Through the ordinary actions (reply, add_tags, transition), so the events and
    notifications are the same as doing each by hand. All or nothing: if the macro's
    status is not a valid move for this ticket now, nothing is sent and the refusal
    says why.
    """
    if macro.set_status and macro.set_status == ticket.status:
        status = None  # already there: nothing to do, and no refusal for it
    else:
        status = macro.set_status or None
    with transaction.atomic():
        message = actions.reply(ticket, user, body, internal=internal, files=files, channel=channel)
        if macro.tag_names:
            actions.add_tags(ticket, user, macro.tag_names)
        if status:
            try:
                actions.transition(ticket, user, status)
            except ActionError as exc:
                raise ActionError(
                    _(
                        "The canned reply “%(name)s” could not set the status: %(why)s "
                        "Nothing was sent."
                    )
                    % {"name": macro.name, "why": exc.message}
                ) from exc
    return message
