"""A ticket closed as resolved offers its reporter one survey, with a signed link in the
closing mail; other close reasons offer none."""

import re

import pytest

from kundcenter.tickets import actions
from kundcenter.tickets.models import Survey, TicketEvent
from kundcenter.tickets.workflows import CloseReason
from tests import factories
from tests.surveys.helpers import close_resolved

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://\S+/arenden/nojdhet/[^/\s]+/")


def test_closing_as_resolved_offers_one_survey_and_mails_the_link(
    org_a, english, specialist_hantverk, mailoutbox, django_capture_on_commit_callbacks
):
    superuser_a = english
    ticket = factories.make_ticket(org_a, superuser_a)
    actions.assign(ticket, specialist_hantverk, specialist_hantverk)
    with django_capture_on_commit_callbacks(execute=True):
        close_resolved(ticket, specialist_hantverk)

    survey = Survey.objects.get(ticket=ticket)
    assert survey.person == superuser_a
    assert survey.team_id == ticket.team_id and survey.category == ticket.category
    assert survey.specialist == specialist_hantverk
    assert TicketEvent.objects.filter(ticket=ticket, kind="survey", new_value="offered").exists()

    closing = [m for m in mailoutbox if "Closed" in m.body and superuser_a.email in m.to]
    assert len(closing) == 1
    assert "How did we do?" in closing[0].body
    assert LINK.search(closing[0].body)
    html = closing[0].alternatives[0][0]
    assert LINK.search(html)


@pytest.mark.parametrize(
    "reason", [CloseReason.DUPLICATE, CloseReason.WITHDRAWN, CloseReason.DECLINED]
)
def test_other_close_reasons_offer_no_survey(
    reason, org_a, superuser_a, specialist_hantverk, mailoutbox, django_capture_on_commit_callbacks
):
    ticket = factories.make_ticket(org_a, superuser_a)
    with django_capture_on_commit_callbacks(execute=True):
        actions.close(ticket, specialist_hantverk, reason, reason="Se annat ärende")
    assert not Survey.objects.exists()
    assert not any(LINK.search(m.body) for m in mailoutbox)


def test_a_reopened_ticket_closed_again_is_not_surveyed_twice(
    org_a, superuser_a, specialist_hantverk, django_capture_on_commit_callbacks, mailoutbox
):
    ticket = close_resolved(factories.make_ticket(org_a, superuser_a), specialist_hantverk)
    actions.reply(ticket, superuser_a, "En sak till.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(ticket, specialist_hantverk, "closed")
    assert Survey.objects.filter(ticket=ticket).count() == 1
    # The survey is still open, so the second closing mail links to it again.
    closing = [m for m in mailoutbox if superuser_a.email in m.to]
    assert closing and LINK.search(closing[0].body)
