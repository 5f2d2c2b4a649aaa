"""Customer satisfaction: one survey per ticket closed as resolved.

`offer` is called by the closing action (kundcenter.tickets.actions.transition) in its
transaction; the reporter answers once, 1–5 and an optional comment, either on the portal
ticket page or through the signed link in the closing mail, which works without logging
in. The link is signed with its own salt and names the ticket and the person; it works
for settings.SURVEY_LINK_DAYS, like the form on the ticket page. The support manager
follows up low scores (`LOW_SCORE` or less) with a note. Each step leaves a staff-only
event on the ticket.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.accounts.rules import is_staff_role
from kundcenter.lib.errors import ActionError
from kundcenter.tickets import notify
from kundcenter.tickets.models import Survey, Ticket, TicketEvent
from kundcenter.tickets.workflows import CloseReason

# Only a ticket closed as resolved is surveyed: not one declined, a duplicate or withdrawn.
SURVEYED_CLOSE_REASONS = (CloseReason.RESOLVED,)
SCORES = (1, 2, 3, 4, 5)
LOW_SCORE = 2
LINK_SALT = "kundcenter.tickets.survey"
COMMENT_MAX = 2000

OFFERED, FOLLOWED_UP = "offered", "followed_up"


def _event(ticket_id, actor, new, reason="", when=None):
    TicketEvent.objects.create(
        ticket_id=ticket_id,
        kind=TicketEvent.Kind.SURVEY,
        actor=actor if getattr(actor, "pk", None) else None,
        new_value=new,
        reason=reason,
        public=False,
        created_at=when or timezone.now(),
    )


def offer(ticket: Ticket, now) -> Survey | None:
    """Offer the reporter a survey as `ticket` closes as resolved (inside the action's
    transaction). None when it is not surveyed: another close reason, no customer
    reporter, or a survey offered already (a reopened ticket closed again)."""
    if ticket.close_reason not in SURVEYED_CLOSE_REASONS:
        return None
    reporter = ticket.reporter
    if reporter is None or is_staff_role(reporter):
        return None
    if Survey.objects.filter(ticket_id=ticket.pk).exists():
        return None
    survey = Survey.objects.create(
        ticket=ticket,
        person=reporter,
        team_id=ticket.team_id,
        category=ticket.category,
        specialist_id=ticket.assignee_id,
        offered_at=now,
    )
    _event(ticket.pk, None, OFFERED, when=now)
    return survey


def survey_of(ticket: Ticket) -> Survey | None:
    """The ticket's survey; no query when the ticket was loaded with select_related."""
    try:
        return ticket.survey
    except Survey.DoesNotExist:
        return None


def expires_at(survey: Survey):
    return survey.offered_at + timedelta(days=settings.SURVEY_LINK_DAYS)


def is_open(survey: Survey, now=None) -> bool:
    """Whether the survey can still be answered: not answered, not expired."""
    return survey.answered_at is None and (now or timezone.now()) < expires_at(survey)


# --- the signed link -------------------------------------------------------------------


class LinkError(Exception):
    """The link cannot be used: `expired` tells which page to show."""

    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_token(survey: Survey) -> str:
    return signing.dumps({"t": survey.ticket_id, "p": survey.person_id}, salt=LINK_SALT)


def survey_from_token(token: str) -> Survey:
    """The survey a link is for; LinkError if it was altered, expired or names nobody.

    The ticket and the person must both match the survey: a link made for one person never
    opens another's."""
    max_age = timedelta(days=settings.SURVEY_LINK_DAYS)
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError(expired=True) from None
    except signing.BadSignature:
        raise LinkError(expired=False) from None
    if not isinstance(data, dict):
        raise LinkError(expired=False)
    survey = (
        Survey.objects.select_related("ticket")
        .filter(ticket_id=data.get("t"), person_id=data.get("p"), person__isnull=False)
        .first()
    )
    if survey is None:
        raise LinkError(expired=False)
    return survey


# --- answering and following up --------------------------------------------------------


def answer(survey: Survey, score, comment: str = "", *, now=None) -> Survey:
    """Record the reporter's answer: once, while the survey is open."""
    now = now or timezone.now()
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = None
    if score not in SCORES:
        raise ActionError(_("Choose a score from 1 to 5."))
    comment = (comment or "").strip()[:COMMENT_MAX]
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.answered_at is not None:
            raise ActionError(_("You have already answered this survey. Thank you!"))
        if not is_open(survey, now):
            raise ActionError(_("The survey has closed; it can no longer be answered."))
        survey.score, survey.comment, survey.answered_at = score, comment, now
        survey.save(update_fields=["score", "comment", "answered_at"])
        _event(survey.ticket_id, survey.person, f"{score}/5", reason=comment, when=now)
        notify.survey_answered(survey)
    return survey


def may_follow_up(user) -> bool:
    from kundcenter.accounts.models import User

    return is_staff_role(user, User.StaffRole.MANAGER, User.StaffRole.ADMIN)


def follow_up(survey: Survey, user, note: str, *, now=None) -> Survey:
    """The support manager has followed up a low score, with a note of what was done."""
    if not may_follow_up(user):
        raise ActionError(_("Only the support manager can follow up scores."))
    note = (note or "").strip()
    if not note:
        raise ActionError(_("Write what was done to follow up."))
    now = now or timezone.now()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.score is None or survey.score > LOW_SCORE:
            raise ActionError(_("Only low scores are followed up."))
        if survey.followed_up_at is not None:
            raise ActionError(_("This score has already been followed up."))
        survey.followed_up_at, survey.followed_up_by, survey.follow_up_note = now, user, note
        survey.save(update_fields=["followed_up_at", "followed_up_by", "follow_up_note"])
        _event(survey.ticket_id, user, FOLLOWED_UP, reason=note, when=now)
    return survey
