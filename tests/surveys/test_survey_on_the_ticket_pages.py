"""The survey on the portal ticket page (only the person asked sees and answers it), its
result on the agent ticket page, and isolation: no customer ever reaches another's."""

import pytest
from django.urls import reverse

from kundcenter.tickets.models import Survey
from tests import factories
from tests.surveys.helpers import close_resolved

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(org_a, superuser_a, specialist_hantverk):
    return close_resolved(factories.make_ticket(org_a, superuser_a), specialist_hantverk)


def portal(ticket, name="ticket"):
    return reverse(f"portal:{name}", args=[ticket.number])


def test_the_reporter_answers_on_the_ticket_page_once(client, closed, superuser_a):
    client.force_login(superuser_a)
    page = client.get(portal(closed)).content.decode()
    assert 'id="survey-heading"' in page and 'name="score"' in page

    response = client.post(portal(closed, "survey"), {"score": "5", "comment": "Toppen"})
    assert response.status_code == 302
    assert Survey.objects.get(ticket=closed).score == 5

    again = client.post(portal(closed, "survey"), {"score": "1"}, follow=True)
    assert "You have already answered this survey" in again.content.decode()
    assert Survey.objects.get(ticket=closed).score == 5
    assert "You gave us 5 of 5" in client.get(portal(closed)).content.decode()


def test_a_colleague_of_the_same_customer_sees_no_survey_and_cannot_answer(client, closed, org_a):
    colleague = factories.make_superuser(org_a, "kollega@byggmontage.se", "Kalle Kollega")
    client.force_login(colleague)
    page = client.get(portal(closed))
    assert page.status_code == 200
    assert 'id="survey-heading"' not in page.content.decode()
    assert client.post(portal(closed, "survey"), {"score": "1"}).status_code == 404
    assert Survey.objects.get(ticket=closed).answered_at is None


def test_another_customer_gets_404_not_the_survey(client, closed, superuser_b):
    client.force_login(superuser_b)
    assert client.get(portal(closed)).status_code == 404
    assert client.post(portal(closed, "survey"), {"score": "1"}).status_code == 404
    assert Survey.objects.get(ticket=closed).answered_at is None


def test_customers_never_reach_the_follow_up_list(client, closed, superuser_a, superuser_b):
    survey = Survey.objects.get(ticket=closed)
    for person in (superuser_a, superuser_b):
        client.force_login(person)
        assert client.get(reverse("agent:low_scores")).status_code == 404
        url = reverse("agent:follow_up", args=[survey.pk])
        assert client.post(url, {"note": "x"}).status_code == 404
        assert client.get(reverse("reports:satisfaction")).status_code == 404


def test_the_customer_report_shows_no_survey_data(client, closed, superuser_a):
    Survey.objects.filter(ticket=closed).update(score=1, comment="Mycket missnöjd 9911")
    client.force_login(superuser_a)
    page = client.get(reverse("reports:our_service"))
    assert page.status_code == 200
    assert "Mycket missnöjd 9911" not in page.content.decode()


def test_the_agent_page_shows_the_answer(client, closed, superuser_a, specialist_hantverk):
    from kundcenter.tickets import surveys

    surveys.answer(Survey.objects.get(ticket=closed), 2, "Det tog för lång tid")
    client.force_login(specialist_hantverk)
    page = client.get(reverse("agent:ticket", args=[closed.number])).content.decode()
    assert "Customer satisfaction" in page
    assert "2 of 5" in page and "Det tog för lång tid" in page
    assert "score 2/5" in page  # the history row


def test_the_agent_page_says_when_the_survey_is_unanswered(client, closed, specialist_hantverk):
    client.force_login(specialist_hantverk)
    page = client.get(reverse("agent:ticket", args=[closed.number])).content.decode()
    assert "not answered yet" in page
