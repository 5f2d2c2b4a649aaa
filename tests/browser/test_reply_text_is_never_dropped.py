"""Text typed in the reply box survives the other buttons of the ticket page: a workflow
step sends it with the step; any other form (withdrawing the ticket) asks first."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.tickets.models import Message, Ticket
from kundcenter.tickets.workflows import Category, Status
from tests import factories
from tests.browser.helpers import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_step_sends_the_text_and_withdrawing_asks_first(
    open_context, live_server, org_a, superuser_a
):
    ticket = factories.make_ticket(org_a, superuser_a, category=Category.BUG)
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.VALIDATION)
    context = open_context(language="en")
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    page.goto(reverse("portal:ticket", args=[ticket.number]))

    page.get_by_label("Your reply").fill("Tack, lönekörningen fungerar igen.")
    # Another form: the page asks, and "Cancel" keeps the ticket and the text.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("summary", has_text="Withdraw the ticket").click()
    page.get_by_role("button", name="Withdraw the ticket").click()
    assert asked and "not been sent" in asked[0]
    ticket.refresh_from_db()
    assert ticket.status == Status.VALIDATION

    # The workflow button sends the text with the step.
    page.get_by_role("button", name="The fix works: close the ticket").click()
    expect(page.get_by_text(f"Thank you. Ticket {ticket.number} is closed.")).to_be_visible()
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert Message.objects.filter(ticket=ticket, body="Tack, lönekörningen fungerar igen.").exists()
