"""The survey, its mail, the report and the reopening read in natural Swedish."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kundcenter.tickets import actions, surveys
from kundcenter.tickets.models import Survey, TicketEvent
from tests import factories
from tests.surveys.helpers import close_resolved

pytestmark = pytest.mark.django_db


@pytest.fixture
def swedish_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return client


def test_the_closing_mail_and_the_link_page_in_swedish(
    swedish_client,
    org_a,
    superuser_a,
    specialist_hantverk,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    superuser_a.language = "sv"
    superuser_a.save(update_fields=["language"])
    ticket = factories.make_ticket(org_a, superuser_a)
    with django_capture_on_commit_callbacks(execute=True):
        close_resolved(ticket, specialist_hantverk)
    [closing] = [m for m in mailoutbox if "nojdhet" in m.body]
    assert "Hur tyckte du att det gick? Ge oss ett betyg från 1 till 5" in closing.body
    assert "Svara på enkäten" in closing.alternatives[0][0]

    survey = Survey.objects.get(ticket=ticket)
    url = reverse("portal:survey_link", args=[surveys.make_token(survey)])
    page = swedish_client.get(url).content.decode()
    assert "Hur nöjd är du med hur ditt ärende hanterades?" in page
    assert "Skicka svaret" in page
    swedish_client.post(url, {"score": "3"})
    again = swedish_client.post(url, {"score": "3"}).content.decode()
    assert "Du har redan svarat på den här enkäten. Tack!" in again
    bad = swedish_client.get(reverse("portal:survey_link", args=["fel"])).content.decode()
    assert "Länken är inte giltig." in bad


def test_the_report_and_the_follow_up_list_in_swedish(swedish_client, manager):
    swedish_client.force_login(manager)
    report = swedish_client.get(reverse("reports:satisfaction")).content.decode()
    assert "Kundnöjdhet" in report and "Medelbetyg (1–5)" in report
    assert "Följ upp låga betyg" in report
    follow = swedish_client.get(reverse("agent:low_scores")).content.decode()
    assert "Låga betyg att följa upp" in follow


def test_the_reopening_event_in_swedish(org_a, superuser_a, specialist_hantverk):
    ticket = close_resolved(factories.make_ticket(org_a, superuser_a), specialist_hantverk)
    with translation.override("sv"):
        actions.reply(ticket, superuser_a, "Det krånglar igen.")
    event = TicketEvent.objects.filter(ticket=ticket, kind="status").latest("pk")
    # The customer reads it too: no "kunden" in the third person.
    assert event.reason == "Återöppnat: svar kom in inom 14 dagar efter avslutet."
