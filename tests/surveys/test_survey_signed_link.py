"""The signed link in the closing mail: answered once without logging in; an altered or
expired link gets a clear page; the page shows only the ticket's number and title."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from kundcenter.tickets import surveys
from kundcenter.tickets.models import Survey, TicketEvent
from tests import factories
from tests.surveys.helpers import close_resolved

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(
        org_a, superuser_a, title="Momsrapporten", description="Hemlig beskrivning 4711"
    )
    actions_reply = __import__("kundcenter.tickets.actions", fromlist=["reply"]).reply
    actions_reply(ticket, specialist_hantverk, "Internt svar 0815", internal=True)
    close_resolved(ticket, specialist_hantverk)
    return Survey.objects.get(ticket=ticket)


def link(survey):
    return reverse("portal:survey_link", args=[surveys.make_token(survey)])


def test_the_link_works_without_logging_in_and_shows_only_number_and_title(client, survey):
    page = client.get(link(survey))
    assert page.status_code == 200
    text = page.content.decode()
    assert survey.ticket.number in text and "Momsrapporten" in text
    for secret in ("Hemlig beskrivning 4711", "Internt svar 0815", "Bygg & Montage", "Anna"):
        assert secret not in text


def test_answering_records_the_score_and_an_event(client, survey):
    response = client.post(link(survey), {"score": "4", "comment": "Snabbt och vänligt"})
    assert response.status_code == 200
    assert "Thank you for your answer" in response.content.decode()
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (4, "Snabbt och vänligt")
    event = TicketEvent.objects.get(ticket=survey.ticket, kind="survey", new_value="4/5")
    assert event.public is False and event.actor == survey.person


def test_a_second_answer_is_refused_with_a_clear_message(client, survey):
    client.post(link(survey), {"score": "5"})
    response = client.post(link(survey), {"score": "1", "comment": "Ändrat mig"})
    assert response.status_code == 400
    assert "You have already answered this survey" in response.content.decode()
    survey.refresh_from_db()
    assert survey.score == 5 and survey.comment == ""


@pytest.mark.parametrize("score", ["0", "6", "x", ""])
def test_a_score_outside_one_to_five_is_refused(client, survey, score):
    response = client.post(link(survey), {"score": score})
    assert response.status_code == 400
    assert "Choose a score from 1 to 5." in response.content.decode()
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_an_altered_link_gets_a_clear_page(client, survey):
    token = surveys.make_token(survey)
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (altered, "nonsense", token.replace(":", ".")):
        response = client.get(reverse("portal:survey_link", args=[bad]))
        assert response.status_code == 400
        assert "The link is not valid" in response.content.decode()
    response = client.post(reverse("portal:survey_link", args=[altered]), {"score": "1"})
    assert response.status_code == 400
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_a_link_signed_for_another_ticket_or_person_opens_nothing(client, survey, superuser_b):
    forged = signing.dumps({"t": survey.ticket_id, "p": superuser_b.pk}, salt=surveys.LINK_SALT)
    response = client.get(reverse("portal:survey_link", args=[forged]))
    assert response.status_code == 400
    other_salt = signing.dumps({"t": survey.ticket_id, "p": survey.person_id}, salt="other")
    assert client.get(reverse("portal:survey_link", args=[other_salt])).status_code == 400


def test_an_expired_link_gets_a_clear_page(client, survey, settings, monkeypatch):
    settings.SURVEY_LINK_DAYS = 30
    token = surveys.make_token(survey)
    later = timezone.now() + timedelta(days=31)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    response = client.get(reverse("portal:survey_link", args=[token]))
    assert response.status_code == 410
    assert "The link has expired" in response.content.decode()


def test_a_survey_past_its_days_cannot_be_answered_even_by_a_fresh_link(client, survey):
    Survey.objects.filter(pk=survey.pk).update(offered_at=timezone.now() - timedelta(days=31))
    response = client.post(link(survey), {"score": "3"})
    assert response.status_code == 400
    assert "The survey has closed" in response.content.decode()


def test_the_link_in_the_mail_is_a_working_link(
    client, org_a, superuser_a, specialist_hantverk, mailoutbox, django_capture_on_commit_callbacks
):
    ticket = factories.make_ticket(org_a, superuser_a)
    with django_capture_on_commit_callbacks(execute=True):
        close_resolved(ticket, specialist_hantverk)
    [url] = {
        u for m in mailoutbox for u in re.findall(r"http://\S+/arenden/nojdhet/[^/\s]+/", m.body)
    }
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path, {"score": "2"}).status_code == 200
    assert Survey.objects.get(ticket=ticket).score == 2
