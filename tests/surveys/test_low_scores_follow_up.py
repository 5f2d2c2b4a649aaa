"""The support manager follows up low scores (2 or less) with a note and an event."""

import pytest
from django.urls import reverse

from kundcenter.lib.errors import ActionError
from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.tickets import surveys
from kundcenter.tickets.models import Survey, TicketEvent
from tests import factories
from tests.surveys.helpers import close_resolved

pytestmark = pytest.mark.django_db


def answered(org, reporter, specialist, score, title="Fråga"):
    ticket = close_resolved(factories.make_ticket(org, reporter, title=title), specialist)
    return surveys.answer(Survey.objects.get(ticket=ticket), score, f"Betyg {score}")


def test_the_manager_sees_low_scores_and_follows_them_up(
    client, org_a, superuser_a, specialist_hantverk, manager
):
    low = answered(org_a, superuser_a, specialist_hantverk, 1, "Lågt betyg")
    answered(org_a, superuser_a, specialist_hantverk, 4, "Högt betyg")
    client.force_login(manager)
    page = client.get(reverse("agent:low_scores")).content.decode()
    assert low.ticket.number in page and "Högt betyg" not in page
    # Reading the customers' answers is logged as processing of their personal data.
    assert ProcessingLogEntry.objects.filter(
        actor=manager,
        subject=superuser_a,
        action="read",
        object_description="low customer-satisfaction scores",
    ).exists()

    response = client.post(
        reverse("agent:follow_up", args=[low.pk]), {"note": "Ringde kunden, löst."}, follow=True
    )
    assert "The follow-up has been recorded." in response.content.decode()
    low.refresh_from_db()
    assert low.followed_up_by == manager and low.follow_up_note == "Ringde kunden, löst."
    event = TicketEvent.objects.get(ticket=low.ticket, kind="survey", new_value="followed_up")
    assert event.actor == manager and event.reason == "Ringde kunden, löst." and not event.public
    # Once followed up it moves to the done list and cannot be followed up again.
    again = client.post(reverse("agent:follow_up", args=[low.pk]), {"note": "Igen"}, follow=True)
    assert "already been followed up" in again.content.decode()


def test_a_follow_up_needs_a_note_and_a_low_score(org_a, superuser_a, specialist_hantverk, manager):
    low = answered(org_a, superuser_a, specialist_hantverk, 2)
    high = answered(org_a, superuser_a, specialist_hantverk, 3)
    with pytest.raises(ActionError, match="Write what was done"):
        surveys.follow_up(low, manager, "  ")
    with pytest.raises(ActionError, match="Only low scores"):
        surveys.follow_up(high, manager, "Ringde")


def test_specialists_cannot_follow_up(client, org_a, superuser_a, specialist_hantverk):
    low = answered(org_a, superuser_a, specialist_hantverk, 1)
    client.force_login(specialist_hantverk)
    assert client.get(reverse("agent:low_scores")).status_code == 404
    assert client.post(reverse("agent:follow_up", args=[low.pk]), {"note": "x"}).status_code == 404
    with pytest.raises(ActionError):
        surveys.follow_up(low, specialist_hantverk, "Ringde")
