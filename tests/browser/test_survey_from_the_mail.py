"""In a real browser (issue 13): the customer opens the survey link from the closing mail,
without logging in, and answers; the link then says it has been answered. Screenshots go
to test-results/screenshots/ (git-ignored)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from kundcenter.tickets import actions
from kundcenter.tickets.models import Survey
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.browser.helpers import HORIZONTAL_OVERFLOW, PHONE, speak_english

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
SURVEY_LINK = re.compile(r"https?://[^/\s]+(/arenden/nojdhet/[^/\s]+/)")


def test_the_customer_answers_the_survey_from_the_mail_link(
    open_context, org_a, superuser_a, specialist_hantverk
):
    speak_english(superuser_a)
    ticket = factories.make_ticket(
        org_a, superuser_a, title="Momsrapporten", description="Beskrivning 4711"
    )
    actions.transition(ticket, specialist_hantverk, Status.IN_PROGRESS)
    mail.outbox.clear()
    actions.transition(ticket, specialist_hantverk, Status.CLOSED)

    [closing] = [m for m in mail.outbox if superuser_a.email in m.to]
    path = SURVEY_LINK.search(closing.body).group(1)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = open_context(viewport=PHONE, language="en").new_page()  # nobody logged in
    page.goto(path)
    expect(page.get_by_role("heading", name="How did we do?")).to_be_visible()
    expect(page.get_by_text(ticket.number)).to_be_visible()
    assert "Beskrivning 4711" not in page.content()
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / "survey-from-mail-390.png"), full_page=True)

    page.get_by_label("4", exact=True).check()
    page.get_by_label("Comment (optional)").fill("Snabb och tydlig hjälp.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_role("heading", name="Thank you for your answer!")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "survey-answered-390.png"), full_page=True)

    survey = Survey.objects.get(ticket=ticket)
    assert (survey.score, survey.comment) == (4, "Snabb och tydlig hjälp.")

    page.goto(path)  # the link again: answered once, and it says so
    expect(page.get_by_text("You have already answered this survey. Thank you!")).to_be_visible()
    expect(page.get_by_role("button", name="Send the answer")).to_have_count(0)
