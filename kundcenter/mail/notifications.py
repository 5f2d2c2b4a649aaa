"""Notification e-mails: who is told what, in their own language, threaded per ticket.

The domain records what happened in the outbox (kundcenter.tickets.notify,
kundcenter.accounts.notify, kundcenter.sla.notify call kundcenter.outbox.events.record in
the transaction of the change); the mail channel (kundcenter.mail.channel) subscribes and,
after commit, calls `dispatch`, which runs one of the builders below in the worker (or
in-process in the embedded default) in one transaction: a builder reads the committed
rows, decides the recipients and what each is told, and `send_notices` renders one
message per person in their language (text and HTML), threads it onto the ticket's
earlier mail (Message-ID, In-Reply-To, References), records its Message-ID in
`OutboundMessage` so that a reply by e-mail finds its ticket, and records it as an `email`
outbox row, which kundcenter.mail.sending sends, trying again while the mail server fails.

Essential mail cannot be turned off: the ticket number on registration, a cost proposal
or a fix waiting for the customer, changes to support access grants (and password
resets, which Django sends). Everything else names the `NotificationPreference` field
that lets its recipient turn it off.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import make_msgid
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kundcenter.accounts.models import SupportAccessGrant, Team, User
from kundcenter.accounts.rules import active_superusers, is_staff_role, support_phone_for
from kundcenter.lib.compiled import Compiled
from kundcenter.mail.models import (
    MESSAGE_ID_MAX,
    InboundMessage,
    NotificationPreference,
    OutboundMessage,
    normalize_message_id,
)
from kundcenter.outbox.events import record_mails
from kundcenter.tickets import surveys
from kundcenter.tickets.access import may_see_loaded_ticket
from kundcenter.tickets.models import Channel, CostProposal, Message, Survey, Ticket, TicketEvent
from kundcenter.tickets.workflows import Status, label_of

log = logging.getLogger(__name__)

# The NotificationPreference fields, i.e. the kinds of mail a person may turn off.
REPLIES = "replies"
STATUS_CHANGES = "status_changes"
TEAM_NEW_TICKETS = "team_new_tickets"
SLA_ALERTS = "sla_alerts"
MENTIONS = "mentions"
ASSIGNMENTS = "assignments"
OPTIONAL_KINDS = (REPLIES, STATUS_CHANGES, TEAM_NEW_TICKETS, SLA_ALERTS, MENTIONS, ASSIGNMENTS)

# References keeps the thread root and this many of the latest messages: enough for any
# mail client to thread, without a header that grows with every reply.
REFERENCES_KEPT = 10
# A staff member's mail quotes at most this much of a ticket's description.
DESCRIPTION_EXCERPT = 2000
# A team digest covers tickets registered up to this long ago (a registration still
# committing goes in the next one), and never more than DIGEST_MAX back.
DIGEST_LAG = timedelta(minutes=1)
DIGEST_MAX = timedelta(days=1)


@dataclass
class Notice:
    """One mail to one person: which template, about what, and whether it is optional."""

    recipient: User
    template: str  # mail/notifications/<template>.txt and .html
    context: dict = field(default_factory=dict)
    preference: str | None = None  # a NotificationPreference field; None: essential
    # Called while the recipient's language is active; None: the ticket's subject line.
    subject: Callable[[], str] | None = None


# --- small helpers ---------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def ticket_url(ticket: Ticket, recipient: User) -> str:
    """The ticket's page on the recipient's side: the agent workspace or the portal."""
    name = "agent:ticket" if is_staff_role(recipient) else "portal:ticket"
    return _absolute(reverse(name, args=[ticket.number]))


def ticket_subject(ticket: Ticket, what: str = "") -> str:
    """`[Ärende 2026-000123] Title` in the active language; inbound mail accepts both tags.

    Every mail about a ticket keeps the same subject so mail clients thread it; `what`
    is put in front of the title only for staff alerts, which should stand out.
    """
    tag = _("Ticket")  # gettext outside the f-string: xgettext does not look inside them
    title = " ".join(ticket.title.split())
    if what:
        title = f"{what}: {title}"
    return f"[{tag} {ticket.number}] {title}"


def _deliverable(user: User | None) -> bool:
    # Demo and benchmark people are invented: they are never mailed.
    return bool(user is not None and user.is_active and user.email and not user.is_demo)


def team_specialists(team_id) -> list[User]:
    """The product specialists who work `team_id`'s queue."""
    return list(
        User.objects.filter(
            team_id=team_id, staff_role=User.StaffRole.SPECIALIST, is_active=True
        ).order_by("pk")
    )


def customer_superusers(organization_id) -> list[User]:
    """The customer's SuperUsers: they accept cost proposals and give access grants."""
    return list(active_superusers(organization_id).distinct().order_by("pk"))


def _opted_out(notices: list[Notice]) -> set[tuple[int, str]]:
    """(user id, kind) pairs that are turned off, in one query for all the notices."""
    user_ids = {n.recipient.pk for n in notices if n.preference}
    if not user_ids:
        return set()
    off = set()
    rows = NotificationPreference.objects.filter(user_id__in=user_ids).values(
        "user_id", *OPTIONAL_KINDS
    )
    for row in rows:
        off.update((row["user_id"], kind) for kind in OPTIONAL_KINDS if not row[kind])
    return off


def _thread(ticket: Ticket) -> list[str]:
    """The Message-IDs to refer to: the ticket's first mail (the root), then the latest.

    A ticket registered by e-mail starts with the customer's own message, so that our
    answer threads under it in their mail client.
    """
    ids = list(
        OutboundMessage.objects.filter(ticket=ticket)
        .order_by("sent_at", "id")
        .values_list("message_id", flat=True)
    )
    # Only a ticket registered by e-mail starts with an inbound message of its own (a
    # ticket read without its channel is asked).
    by_mail = ticket.__dict__.get("channel", Channel.EMAIL) == Channel.EMAIL
    original = by_mail and (
        InboundMessage.objects.filter(ticket=ticket, outcome=InboundMessage.Outcome.TICKET_CREATED)
        .values_list("message_key", flat=True)
        .first()
    )
    if original and not original.startswith("sha256:"):  # a hash stands in for a missing id
        ids.insert(0, original)
    if len(ids) > REFERENCES_KEPT:
        ids = ids[:1] + ids[-(REFERENCES_KEPT - 1) :]
    return [f"<{mid}>" for mid in ids]


def _render(notice: Notice, ticket: Ticket | None, language: str) -> tuple[str, str, str]:
    recipient = notice.recipient
    context = {
        "recipient": recipient,
        "ticket": ticket,
        "ticket_url": ticket_url(ticket, recipient) if ticket is not None else "",
        "optional": notice.preference is not None,
        "staff": is_staff_role(recipient),
        "profile_url": _absolute(reverse("accounts:profile")),
        "vendor_name": settings.VENDOR_NAME,
        "vendor_support_email": settings.VENDOR_SUPPORT_EMAIL,
        "vendor_support_phone": support_phone_for(recipient),
        "language": language,
        **notice.context,
    }
    subject = notice.subject() if notice.subject else ticket_subject(ticket)
    context["subject"] = subject
    text = render_to_string(f"mail/notifications/{notice.template}.txt", context)
    html = render_to_string(f"mail/notifications/{notice.template}.html", context)
    # Templates are written for readability; the mail gets no runs of blank lines.
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip() + "\n"
    return " ".join(str(subject).split()), text, html


def send_notices(notices: list[Notice], ticket: Ticket | None = None) -> list[str]:
    """Render, thread and record one mail per notice; returns their Message-IDs.

    People without an address, deactivated people, customer people who may no longer see
    the ticket and those who turned this kind of mail off are skipped, and nobody gets
    the same template twice from one event.
    """
    seen, wanted = set(), []
    for notice in notices:
        key = (notice.recipient.pk, notice.template)
        if _deliverable(notice.recipient) and key not in seen:
            seen.add(key)
            wanted.append(notice)
    if ticket is not None:
        # Customer people are told only about tickets they may still see: a person
        # removed from the customer is not mailed its new replies.
        wanted = [
            n
            for n in wanted
            if is_staff_role(n.recipient) or may_see_loaded_ticket(n.recipient, ticket)
        ]
    off = _opted_out(wanted)
    wanted = [n for n in wanted if (n.recipient.pk, n.preference) not in off]
    if not wanted:
        return []
    thread = _thread(ticket) if ticket is not None else []
    payloads = []
    for notice in wanted:
        recipient = notice.recipient
        language = recipient.language or settings.LANGUAGE_CODE
        with translation.override(language), timezone.override(settings.TIME_ZONE):
            subject, text, html = _render(notice, ticket, language)
        message_id = make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN)
        headers = {
            "Message-ID": message_id,
            # RFC 3834: machine-made, so vacation responders stay quiet (no mail loops).
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            "Content-Language": language,
            "X-Kundcenter-Notification": notice.template,
        }
        if ticket is not None:
            headers["X-Kundcenter-Ticket"] = ticket.number
            if thread:
                headers["In-Reply-To"] = thread[0]
                headers["References"] = " ".join(thread)
            else:
                thread = [message_id]  # the ticket's first mail: the others answer it
        payloads.append(
            {
                "to": [recipient.email],
                "subject": subject,
                "body": text,
                "html": html,
                "from_email": settings.DEFAULT_FROM_EMAIL,
                "reply_to": [settings.VENDOR_SUPPORT_EMAIL],
                "headers": headers,
            }
        )
    if ticket is not None:
        # Recorded before sending, so that a reply to a mail still being retried finds
        # its ticket. One INSERT for all: the ids are new, made just above.
        OutboundMessage.objects.bulk_create(
            OutboundMessage(
                message_id=normalize_message_id(p["headers"]["Message-ID"])[:MESSAGE_ID_MAX],
                ticket=ticket,
            )
            for p in payloads
        )
    record_mails(payloads)
    return [p["headers"]["Message-ID"] for p in payloads]


# --- tickets -------------------------------------------------------------------------------


def team_mailbox(team: Team) -> User:
    """The team's shared address as a recipient (never saved): staff, in the site's
    language, greeted by the team's name."""
    return User(
        email=team.email,
        full_name=team.name,
        staff_role=User.StaffRole.SPECIALIST,
        team=team,
        language=settings.LANGUAGE_CODE,
        is_active=True,
    )


# The registered ticket with what its mails name, built once per process: it is read
# after every registration (kundcenter.lib.compiled).
_REGISTERED = Compiled(
    lambda ticket_id: Ticket.objects.select_related(
        "organization", "reporter", "module", "team"
    ).filter(pk=ticket_id)
)


def ticket_registered(ticket_id: int, organization_id: int | None = None) -> list[str]:
    """The reporter gets the ticket number; the team hears of the new ticket by one mail
    to its address, if it chose that (else its specialists read it in the digest,
    `team_digests`)."""
    found = _REGISTERED.objects(int(ticket_id))
    if not found:
        return []
    ticket = found[0]
    notices = []
    if ticket.reporter is not None:
        notices.append(Notice(ticket.reporter, "ticket_registered"))  # essential
    if ticket.team is not None and ticket.team.mails_each_new_ticket:
        excerpt = ticket.description[:DESCRIPTION_EXCERPT]
        notices.append(
            Notice(
                team_mailbox(ticket.team),
                "team_new_ticket",
                {"excerpt": excerpt, "truncated": len(ticket.description) > len(excerpt)},
            )
        )
    return send_notices(notices, ticket)


def team_digests(now=None) -> list[str]:
    """The periodic job: each team that gets no mail per new ticket (it chose the digest,
    or has no address) has its specialists told, in one mail each, of the tickets
    registered for it since the last digest. Nobody is told of a ticket they registered
    themselves (a phone call), and a specialist who turned team mail off gets none.

    The window ends DIGEST_LAG before now, so a registration still committing is in the
    next one; a team's window is claimed with a conditional UPDATE, so two schedulers
    never send it twice. A first digest, or one after a long pause, covers at most a day.
    """
    now = now or timezone.now()
    until = now - DIGEST_LAG
    sent = []
    for team in Team.objects.order_by("pk"):
        if team.mails_each_new_ticket:
            continue
        earliest = until - max(timedelta(seconds=settings.TEAM_DIGEST_INTERVAL_SECONDS), DIGEST_MAX)
        since = team.digest_sent_until or until - timedelta(
            seconds=settings.TEAM_DIGEST_INTERVAL_SECONDS
        )
        since = max(since, earliest)
        if since >= until:
            continue
        with transaction.atomic():
            claimed = Team.objects.filter(
                pk=team.pk, digest_sent_until=team.digest_sent_until
            ).update(digest_sent_until=until)
            if claimed:
                sent += _team_digest(team, since, until)
    return sent


def _digest_subject(team: Team, count: int) -> str:
    return ngettext(
        "%(count)d new ticket for %(team)s", "%(count)d new tickets for %(team)s", count
    ) % {"count": count, "team": team.name}


def _team_digest(team: Team, since, until) -> list[str]:
    registered_by = TicketEvent.objects.filter(
        ticket_id=OuterRef("pk"), kind=TicketEvent.Kind.CREATED
    ).values("actor_id")[:1]
    tickets = list(
        Ticket.objects.filter(team=team, created_at__gt=since, created_at__lte=until)
        .exclude(reporter__is_demo=True)  # demo and benchmark tickets are mailed to nobody
        .select_related("organization", "module")
        .annotate(registered_by=Subquery(registered_by))
        .order_by("created_at", "pk")
    )
    if not tickets:
        return []
    notices = []
    for person in team_specialists(team.pk):
        theirs = [t for t in tickets if t.registered_by != person.pk]
        if not theirs:
            continue
        rows = [
            {"ticket": t, "url": _absolute(reverse("agent:ticket", args=[t.number]))}
            for t in theirs
        ]
        notices.append(
            Notice(
                person,
                "team_digest",
                {"team": team, "rows": rows},
                preference=TEAM_NEW_TICKETS,
                subject=partial(_digest_subject, team, len(rows)),
            )
        )
    return send_notices(notices)


def reply_added(message_id: int) -> list[str]:
    """A public reply: staff's goes to the reporter; a customer's to the assignee, or to
    the team's specialists while nobody is assigned."""
    message = (
        Message.objects.select_related(
            "author", "ticket__reporter", "ticket__assignee", "ticket__organization"
        )
        .filter(pk=message_id, internal=False)
        .first()
    )
    if message is None:
        return []
    ticket, author = message.ticket, message.author
    context = {"message": message, "author": author}
    if author is not None and is_staff_role(author):
        recipients = [ticket.reporter]
        template = "reply_to_customer"
    elif ticket.assignee_id:
        recipients, template = [ticket.assignee], "reply_to_staff"
    else:
        recipients, template = team_specialists(ticket.team_id), "reply_to_staff"
    notices = [
        Notice(person, template, context, preference=REPLIES)
        for person in recipients
        if person is not None and person != author
    ]
    return send_notices(notices, ticket)


def status_changed(event_id: int) -> list[str]:
    """Tell the reporter about a status change they did not make themselves.

    A delivered fix waiting for their validation is essential; other changes are not. A
    move to Cost proposal is left to the cost proposal's own (essential) mail.
    """
    event = (
        TicketEvent.objects.select_related("ticket__reporter", "actor")
        .filter(pk=event_id, kind=TicketEvent.Kind.STATUS)
        .first()
    )
    if event is None:
        return []
    ticket, reporter = event.ticket, event.ticket.reporter
    if reporter is None or event.actor_id == reporter.pk:
        return []
    if event.new_value == Status.COST_PROPOSAL:
        return []
    context = {
        "old_status": _status_label(event.old_value),
        "new_status": _status_label(event.new_value),
        "reason": event.reason if event.public else "",
        "event": event,
    }
    if event.new_value == Status.CLOSED:
        context.update(_survey_link(ticket, reporter))
    if event.new_value == Status.VALIDATION:
        notice = Notice(reporter, "validation_waiting", context)  # essential
    else:
        notice = Notice(reporter, "status_changed", context, preference=STATUS_CHANGES)
    return send_notices([notice], ticket)


def _survey_link(ticket: Ticket, reporter: User) -> dict:
    """The signed link to the reporter's survey, when closing (as resolved) offered one."""
    survey = Survey.objects.filter(
        ticket_id=ticket.pk, person_id=reporter.pk, answered_at__isnull=True
    ).first()
    if survey is None or not surveys.is_open(survey):
        return {}
    path = reverse("portal:survey_link", args=[surveys.make_token(survey)])
    return {"survey_url": _absolute(path), "survey_days": settings.SURVEY_LINK_DAYS}


def _status_label(value):
    # A lazy label: it is translated when the template renders, in the reader's language.
    return label_of(Status, value)


def proposal_waiting(proposal_id: int) -> list[str]:
    """A cost proposal waits: every SuperUser of the customer (and the reporter) is told."""
    proposal = (
        CostProposal.objects.select_related("ticket__reporter", "ticket__organization")
        .filter(pk=proposal_id, state=CostProposal.State.PENDING)
        .first()
    )
    if proposal is None:
        return []
    ticket = proposal.ticket
    people = customer_superusers(ticket.organization_id)
    if ticket.reporter is not None and ticket.reporter not in people:
        people.append(ticket.reporter)
    notices = [Notice(person, "proposal_waiting", {"proposal": proposal}) for person in people]
    return send_notices(notices, ticket)


# --- support access grants -------------------------------------------------------------------

GRANT_CHANGES = ("given", "revoked", "expiring")


def grant_changed(grant_id: int, change: str) -> list[str]:
    """A support access grant was given, revoked or ends soon: the SuperUsers are told."""
    if change not in GRANT_CHANGES:
        raise ValueError(f"unknown grant change {change!r}")
    grant = (
        SupportAccessGrant.objects.select_related(
            "organization", "granted_by", "revoked_by", "ticket"
        )
        .filter(pk=grant_id)
        .first()
    )
    if grant is None:
        return []

    def subject():
        what = {
            "given": _("Support access granted to %(audience)s"),
            "revoked": _("Support access revoked for %(audience)s"),
            "expiring": _("Support access for %(audience)s ends soon"),
        }[change] % {"audience": grant.get_audience_display()}
        return f"{what} – {grant.organization.name}"

    context = {
        "grant": grant,
        "organization": grant.organization,
        "organization_url": _absolute(
            reverse("accounts:organization_detail", args=[grant.organization_id])
        ),
    }
    notices = [
        Notice(person, f"grant_{change}", context, subject=subject)
        for person in customer_superusers(grant.organization_id)
    ]
    # Not threaded onto a ticket: a reply to a grant mail is not a reply to the ticket.
    return send_notices(notices)


# --- the SLA sweep -------------------------------------------------------------------------


def managers() -> list[User]:
    return list(User.objects.filter(staff_role=User.StaffRole.MANAGER, is_active=True))


def sla_alerts(warned=(), response_breached=(), resolution_breached=()) -> list[str]:
    """What one sweep claimed: a warning to the assignee (or the team's specialists while
    unassigned), breaches to the support managers. Each ticket was claimed once by the
    sweep, so each mail goes once."""
    ids = {*warned, *response_breached, *resolution_breached}
    tickets = Ticket.objects.select_related(
        "assignee", "organization", "reporter", "module"
    ).in_bulk(ids)
    teams = {}
    sent = []
    # A demo or benchmark ticket (reported by an invented person) is mailed to nobody, not
    # even to a real specialist of its team: the sweep finds it due on its own, with no
    # person's act behind it.
    tickets = {pk: t for pk, t in tickets.items() if not (t.reporter and t.reporter.is_demo)}
    for pk in warned:
        ticket = tickets.get(pk)
        if ticket is None:
            continue
        if ticket.assignee_id and ticket.assignee.is_active:
            people = [ticket.assignee]
        else:
            people = teams.setdefault(ticket.team_id, team_specialists(ticket.team_id))
        notices = [
            Notice(
                p,
                "sla_warning",
                preference=SLA_ALERTS,
                subject=lambda t=ticket: ticket_subject(t, _("Handling due soon")),
            )
            for p in people
        ]
        sent += send_notices(notices, ticket)
    boss = managers()
    for breach, pks in (("response", response_breached), ("resolution", resolution_breached)):
        for pk in pks:
            ticket = tickets.get(pk)
            if ticket is None:
                continue
            notices = [
                Notice(
                    p,
                    "sla_breach",
                    {"breach": breach},
                    preference=SLA_ALERTS,
                    subject=lambda t=ticket: ticket_subject(t, _("Service level breached")),
                )
                for p in boss
            ]
            sent += send_notices(notices, ticket)
    return sent


# --- mentions, assignments, merges ----------------------------------------------------------


def mentioned(message_id: int, user_ids: list[int]) -> list[str]:
    """Colleagues mentioned (@name) in an internal note, if they want it by e-mail too."""
    message = (
        Message.objects.select_related("author", "ticket__organization")
        .filter(pk=message_id, internal=True)
        .first()
    )
    if message is None:
        return []
    people = User.objects.filter(pk__in=user_ids, is_active=True).exclude(staff_role="")
    notices = [
        Notice(
            person,
            "mentioned",
            {"message": message, "author": message.author},
            preference=MENTIONS,
            subject=lambda t=message.ticket: ticket_subject(t, _("You were mentioned")),
        )
        for person in people
        if person.pk != message.author_id
    ]
    return send_notices(notices, message.ticket)


def ticket_assigned(event_id: int, user_id: int) -> list[str]:
    """A ticket assigned to someone by a colleague, if they want it by e-mail too."""
    event = (
        TicketEvent.objects.select_related("ticket__organization", "actor")
        .filter(pk=event_id, kind=TicketEvent.Kind.ASSIGNED)
        .first()
    )
    person = User.objects.filter(pk=user_id, is_active=True).exclude(staff_role="").first()
    if event is None or person is None:
        return []
    notice = Notice(
        person,
        "ticket_assigned",
        {"actor": event.actor},
        preference=ASSIGNMENTS,
        subject=lambda t=event.ticket: ticket_subject(t, _("Assigned to you")),
    )
    return send_notices([notice], event.ticket)


def ticket_merged(event_id: int) -> list[str]:
    """The reporter of a ticket closed as a duplicate hears where it continues (always:
    their ticket was closed without their doing)."""
    event = (
        TicketEvent.objects.select_related("ticket__reporter")
        .filter(pk=event_id, kind=TicketEvent.Kind.MERGED)
        .first()
    )
    if event is None or event.ticket.reporter is None:
        return []
    ticket, reporter = event.ticket, event.ticket.reporter
    original = Ticket.objects.filter(number=event.new_value).first()
    # The surviving ticket is the same customer's (mark_duplicate refuses anything else);
    # its link is given only if the reporter may open it.
    original_url = ""
    if original is not None and Ticket.objects.visible_to(reporter).filter(pk=original.pk).exists():
        original_url = ticket_url(original, reporter)
    context = {"original_number": event.new_value, "original_url": original_url}
    return send_notices([Notice(reporter, "ticket_merged", context)], ticket)


# --- dispatching -----------------------------------------------------------------------------

EVENTS = {
    "ticket_registered": ticket_registered,
    "reply_added": reply_added,
    "status_changed": status_changed,
    "proposal_waiting": proposal_waiting,
    "grant_changed": grant_changed,
    "sla_alerts": sla_alerts,
    "mentioned": mentioned,
    "ticket_assigned": ticket_assigned,
    "ticket_merged": ticket_merged,
}


def dispatch(event: str, **kwargs) -> list[str]:
    """Run the builder for `event` (called by the `notify` task)."""
    try:
        builder = EVENTS[event]
    except KeyError:
        raise ValueError(f"unknown notification event {event!r}") from None
    return builder(**kwargs)
