"""An order in a real browser: a consultant writes a cost proposal with a fixed price, the
customer's SuperUser sees it with its price and accepts it, and the order moves on to
Planned."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.tickets.actions import transition
from kundcenter.tickets.models import CostProposal
from kundcenter.tickets.workflows import Category, Status
from tests import factories
from tests.browser.helpers import log_in, log_out, speak_english

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; the flush after each test must keep the
    # seeded teams, industries and modules.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Ny rapportmall för projektuppföljning"
WORK = "Vi bygger en rapportmall för projektuppföljning.\nIngår: mall, test och genomgång."
PRICE = "12500"
# The price as an English reader sees it on both sides (SEK, excl. VAT).
SHOWN_PRICE = "12,500.00 kr"


def status_badge(page):
    # The first status badge is the ticket's own (header or facts), not a proposal's.
    return page.locator(".badge[class*='status-']").first


def write_proposal(page, number):
    page.goto(reverse("agent:ticket", args=[number]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(status_badge(page)).to_have_text("Received")

    billing = page.locator("section#billing")
    expect(billing).to_contain_text("No cost proposal on this ticket.")
    billing.get_by_label("What the work covers").fill(WORK)
    billing.get_by_label("Fixed price", exact=True).check()
    billing.get_by_label("Fixed price (SEK, excl. VAT)").fill(PRICE)
    billing.get_by_role("button", name="Send the cost proposal to the customer").click()

    expect(page.locator("ul.messages")).to_contain_text(
        "The cost proposal has been sent to the customer for acceptance."
    )
    expect(status_badge(page)).to_have_text("Cost proposal")
    row = page.locator("section#billing table.list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Vi bygger en rapportmall")
    expect(row).to_contain_text(SHOWN_PRICE)
    expect(row).to_contain_text("Waiting for the customer")
    expect(billing).to_contain_text("Waiting for the customer's answer")


def accept_proposal(page, number):
    page.goto(reverse("portal:ticket", args=[number]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(status_badge(page)).to_have_text("Cost proposal")

    cost = page.locator("section#cost")
    expect(cost.get_by_role("status")).to_contain_text("A cost proposal waits for your answer.")
    expect(cost).to_contain_text("Ingår: mall, test och genomgång.")
    expect(cost).to_contain_text(SHOWN_PRICE)
    cost.get_by_role("button", name="Accept the cost proposal").click()

    expect(page.locator("ul.messages")).to_contain_text(
        "You have accepted the cost proposal; the work can start."
    )
    expect(status_badge(page)).to_have_text("Planned")
    cost = page.locator("section#cost")
    expect(cost.get_by_role("button", name="Accept the cost proposal")).to_have_count(0)
    answered = cost.locator("table.list tbody tr")
    expect(answered).to_have_count(1)
    expect(answered).to_contain_text(SHOWN_PRICE)
    expect(answered).to_contain_text("Accepted")


def test_consultant_proposes_superuser_accepts_and_order_is_planned(
    page, org_a, superuser_a, specialist_hantverk, consultant
):
    speak_english(superuser_a, consultant)
    ticket = factories.make_ticket(
        org_a,
        superuser_a,
        category=Category.ORDER,
        title=TITLE,
        description="Vi vill ha en rapport som följer upp projekten per månad.",
    )
    # Receiving the order puts it in the consultants' lane, where the consultant sees it.
    ticket = transition(ticket, specialist_hantverk, Status.RECEIVED)
    number = ticket.number

    log_in(page, consultant)
    write_proposal(page, number)
    log_out(page)

    log_in(page, superuser_a)
    accept_proposal(page, number)
    expect(page).to_have_url(re.compile(re.escape(reverse("portal:ticket", args=[number]))))

    ticket.refresh_from_db()
    assert ticket.status == Status.PLANNED
    proposal = CostProposal.objects.get(ticket=ticket)
    assert proposal.state == CostProposal.State.ACCEPTED
    assert proposal.pricing == CostProposal.Pricing.FIXED
    assert proposal.fixed_price == 12500
    assert proposal.created_by == consultant
    assert proposal.decided_by == superuser_a
