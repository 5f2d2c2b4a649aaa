"""Notifications from the SLA sweep: warnings to the assignee or team, breaches to managers."""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from kundcenter.accounts.models import User
from kundcenter.tickets.models import Ticket

log = logging.getLogger(__name__)


def _ticket_url(ticket):
    return f"{settings.SITE_URL}/agent/arenden/{ticket.number}/"


def _recipients_for_warning(ticket):
    if ticket.assignee_id and ticket.assignee.is_active:
        return [ticket.assignee]
    return list(
        User.objects.filter(
            team_id=ticket.team_id, staff_role=User.StaffRole.SPECIALIST, is_active=True
        )
    )


def _managers():
    return list(User.objects.filter(staff_role=User.StaffRole.MANAGER, is_active=True))


def _mail(user, subject, body):
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return (str(subject), str(body), settings.DEFAULT_FROM_EMAIL, [user.email])


def sweep_notifications(result):
    """Send what one sweep claimed. Each ticket was claimed once, so each mail goes once."""
    messages = []
    tickets = Ticket.objects.select_related("assignee").in_bulk(
        result.warned + result.response_breached + result.resolution_breached
    )
    for pk in result.warned:
        ticket = tickets[pk]
        for user in _recipients_for_warning(ticket):
            with translation.override(user.language or settings.LANGUAGE_CODE):
                messages.append(
                    _mail(
                        user,
                        _("[Ticket %(number)s] Handling due soon") % {"number": ticket.number},
                        _("75 %% of the handling time of ticket %(number)s has passed.\n\n%(url)s")
                        % {"number": ticket.number, "url": _ticket_url(ticket)},
                    )
                )
    managers = _managers()
    for kind, ids in (
        ("response", result.response_breached),
        ("resolution", result.resolution_breached),
    ):
        for pk in ids:
            ticket = tickets[pk]
            for user in managers:
                with translation.override(user.language or settings.LANGUAGE_CODE):
                    what = (
                        _("handling did not start in time")
                        if kind == "response"
                        else _("the resolution target was missed")
                    )
                    messages.append(
                        _mail(
                            user,
                            _("[Ticket %(number)s] Service level breached")
                            % {"number": ticket.number},
                            _("Ticket %(number)s: %(what)s.\n\n%(url)s")
                            % {"number": ticket.number, "what": what, "url": _ticket_url(ticket)},
                        )
                    )
    if messages:
        try:
            send_mass_mail(messages, fail_silently=False)
        except Exception:
            log.exception("could not send SLA notifications")
