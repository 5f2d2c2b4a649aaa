"""In a real browser (issue 13): the customer opens the survey link from the closing mail,
without logging in, and answers; the link then says it has been answered. Screenshots go
to test-results/screenshots/ (git-ignored)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.tickets import actions
from kundcenter.tickets.models import Survey
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.browser.helpers import HORIZONTAL_OVERFLOW, PHONE, sign_in, speak_english

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
SURVEY_LINK = re.compile(r"https?://[^/\s]+(/arenden/nojdhet/[^/\s]+/)")


def test_the_customer_answers_the_survey_from_the_mail_link(
    open_context, live_server, org_a, superuser_a, specialist_hantverk, manager
):
    speak_english(superuser_a, manager)
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

    # Logged in, the customer sees their answer on the ticket page, which fits the phone.
    customer = open_context(viewport=PHONE, language="en")
    sign_in(customer, superuser_a, live_server)
    ticket_page = customer.new_page()
    ticket_page.goto(reverse("portal:ticket", args=[ticket.number]))
    expect(
        ticket_page.get_by_text("You gave us 4 of 5. Thank you for your answer!")
    ).to_be_visible()
    assert ticket_page.evaluate(HORIZONTAL_OVERFLOW) <= 0

    # A score of 2 or less waits for the manager's follow-up, also on a phone.
    Survey.objects.filter(pk=survey.pk).update(score=2)
    boss = open_context(viewport=PHONE, language="en")
    sign_in(boss, manager, live_server)
    follow = boss.new_page()
    follow.goto(reverse("agent:low_scores"))
    assert follow.evaluate(HORIZONTAL_OVERFLOW) <= 0
    follow.get_by_label("What was done").fill("Ringde Anna, allt är bra nu.")
    follow.get_by_role("button", name="Mark as followed up").click()
    expect(follow.get_by_text("The follow-up has been recorded.")).to_be_visible()
    follow.screenshot(path=str(SCREENSHOTS / "survey-follow-up-390.png"), full_page=True)
    survey.refresh_from_db()
    assert survey.followed_up_by == manager
