"""A specialist's working day in a real browser, with screenshots (issue 13): answering
with a canned reply, closing a duplicate into the ticket it repeats, bulk-assigning three
tickets, being warned of a colleague on the same ticket; then the customer answers the
satisfaction survey from the closing mail's link, and the queue fits 390, 1280 and
1920 px. Screenshots go to test-results/screenshots/ (git-ignored)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.tickets import actions
from kundcenter.tickets.models import Macro, Message, Survey, Ticket
from kundcenter.tickets.workflows import CloseReason, Status
from tests import factories
from tests.browser.helpers import DESKTOP, HORIZONTAL_OVERFLOW, PHONE, sign_in, speak_english

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
SURVEY_LINK = re.compile(r"https?://[^/\s]+(/arenden/nojdhet/[^/\s]+/)")
WIDE = {"width": 1920, "height": 1080}


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"workday-{name}.png"), full_page=True)


def test_a_specialists_working_day_and_the_customers_survey(
    open_context,
    live_server,
    settings,
    specialist_hantverk,
    specialist_handel,
    team_hantverk,
    org_a,
    superuser_a,
):
    settings.PRESENCE_POLL_SECONDS = 1
    speak_english(superuser_a)
    ticket = factories.make_ticket(org_a, superuser_a, title="Momsrapporten summerar fel")
    duplicate = factories.make_ticket(org_a, superuser_a, title="Samma momsfel igen")
    actions.reply(duplicate, superuser_a, "Det gäller kvartal 3 också.")
    batch = [factories.make_ticket(org_a, superuser_a, title=f"Lönefråga {i}") for i in range(3)]
    Macro.objects.create(
        name="Vi undersöker",
        team=team_hantverk,
        body_sv="Hej {{ förnamn }}! Vi undersöker ärende {{ ärendenummer }}. /{{ handläggare }}",
        body_en="Hi {{ förnamn }}! We are looking into {{ ärendenummer }}. /{{ handläggare }}",
    )

    sara = open_context(viewport=DESKTOP, language="en")
    sign_in(sara, specialist_hantverk, live_server)
    page = sara.new_page()

    # 1. A canned reply, picked from the reply box, filled in and sent.
    page.goto(reverse("agent:ticket", args=[ticket.number]))
    page.get_by_text("Insert canned reply", exact=True).click()
    page.get_by_label("Find a canned reply").fill("undersök")
    page.get_by_role("link", name="Insert canned reply Vi undersöker").click()
    expect(page.get_by_label("Message")).to_have_value(re.compile("We are looking into"))
    body = page.get_by_label("Message").input_value()
    assert ticket.number in body and "{{" not in body
    shot(page, "1-canned-reply")
    page.locator("#reply-form").get_by_role("button", name="Save").click()
    page.get_by_text("Your reply has been sent.").wait_for()
    assert Message.objects.filter(ticket=ticket, body=body, internal=False).exists()

    # 2. The repeat closes as a duplicate; its message shows on the surviving ticket.
    page.goto(reverse("agent:ticket", args=[duplicate.number]))
    page.locator("#merge summary").click()
    page.get_by_label("Duplicate of ticket number").fill(ticket.number)
    shot(page, "2-merge")
    page.locator("#merge-submit").click()
    page.wait_for_load_state()
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED
    assert duplicate.close_reason == CloseReason.DUPLICATE
    page.goto(reverse("agent:ticket", args=[ticket.number]))
    expect(page.get_by_text("Det gäller kvartal 3 också.")).to_be_visible()
    expect(page.locator("#ticket-links")).to_contain_text(duplicate.number)

    # 3. Three tickets selected in the queue and assigned in one go.
    page.goto(reverse("agent:queue"))
    for t in batch:
        page.get_by_label(f"Select ticket {t.number}").check()
    page.get_by_text("Bulk action for the selected tickets", exact=True).click()
    bulk = page.get_by_role("form", name="Bulk action for the selected tickets")
    bulk.get_by_label("Action for the selected tickets").select_option("assign")
    bulk.get_by_label("Assign to").select_option("me")
    shot(page, "3-bulk")
    bulk.get_by_role("button", name="Apply to selected").click()
    page.get_by_text("Done for 3 tickets.").wait_for()
    assert {t.assignee_id for t in Ticket.objects.filter(pk__in=[t.pk for t in batch])} == {
        specialist_hantverk.pk
    }

    # 4. A colleague opens the same ticket and starts writing: Sara is told.
    page.goto(reverse("agent:ticket", args=[ticket.number]))
    hans = open_context(viewport=DESKTOP, language="en")
    sign_in(hans, specialist_handel, live_server)
    hans_page = hans.new_page()
    hans_page.goto(reverse("agent:ticket", args=[ticket.number]))
    hans_page.get_by_label("Message").fill("Jag tar den här")
    expect(page.locator("#collision-warning")).to_contain_text(
        "Hans Specialist is writing a reply on this ticket."
    )
    shot(page, "4-colleague-warning")
    hans_page.close()

    # 5. Closed as resolved: the customer answers the survey from the mail's link.
    ticket.refresh_from_db()
    if ticket.status != Status.IN_PROGRESS:
        actions.transition(ticket, specialist_hantverk, Status.IN_PROGRESS)
    mail.outbox.clear()
    actions.transition(ticket, specialist_hantverk, Status.CLOSED)
    [closing] = [m for m in mail.outbox if superuser_a.email in m.to]
    link = SURVEY_LINK.search(closing.body).group(1)
    customer = open_context(viewport=PHONE, language="en").new_page()  # not logged in
    customer.goto(link)
    customer.get_by_label("5", exact=True).check()
    customer.get_by_label("Comment (optional)").fill("Snabbt och vänligt.")
    shot(customer, "5-survey")
    customer.get_by_role("button", name="Send the answer").click()
    expect(customer.get_by_role("heading", name="Thank you for your answer!")).to_be_visible()
    survey = Survey.objects.get(ticket=ticket)
    assert (survey.score, survey.comment) == (5, "Snabbt och vänligt.")
    page.goto(reverse("agent:ticket", args=[ticket.number]))
    expect(page.get_by_text("Snabbt och vänligt.").first).to_be_visible()

    # 6. The queue at a phone's, a laptop's and a wide screen's width: nothing off-screen.
    for name, viewport in (("390", PHONE), ("1280", DESKTOP), ("1920", WIDE)):
        page.set_viewport_size(viewport)
        page.goto(reverse("agent:queue") + "?status=open")
        expect(page.get_by_label(f"Select ticket {batch[0].number}")).to_be_visible()
        assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0
        shot(page, f"6-queue-{name}")
