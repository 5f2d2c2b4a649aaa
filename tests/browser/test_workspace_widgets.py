"""The workspace's htmx widgets in a real browser: the canned-reply picker fills the reply
box in place, and the queue's select-all box feeds the bulk-action form."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.tickets.models import Macro, Ticket
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.browser.helpers import DESKTOP, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = os.environ.get("KC_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_canned_reply_is_picked_inserted_and_sent(
    open_context, live_server, specialist_hantverk, team_hantverk, org_a, superuser_a
):
    ticket = factories.make_ticket(org_a, superuser_a)
    Macro.objects.create(
        name="Väntar på svar",
        team=team_hantverk,
        body_sv="Hej {{ förnamn }}, kan du skicka en skärmbild? /{{ handläggare }}",
        set_status=Status.WAITING,
        add_tags="skärmbild",
    )
    Macro.objects.create(name="Annat", team=team_hantverk, body_sv="Annat svar")
    context = open_context(viewport=DESKTOP, language="en")
    sign_in(context, specialist_hantverk, live_server)
    page = context.new_page()
    page.goto(reverse("agent:ticket", args=[ticket.number]))
    page.get_by_text("Insert canned reply", exact=True).click()
    page.get_by_label("Find a canned reply").fill("vänt")
    expect(page.get_by_role("link", name="Insert canned reply Annat")).to_have_count(0)
    insert = page.get_by_role("link", name="Insert canned reply Väntar på svar")
    insert.click()
    body = page.get_by_label("Message")
    expect(body).to_have_value("Hej Anna, kan du skicka en skärmbild? /Sara Specialist")
    assert page.get_by_text("Adds the tags: skärmbild").is_visible()
    shot(page, "ticket-macro-inserted")
    page.locator("#reply-form").get_by_role("button", name="Save").click()
    page.get_by_text("Your reply has been sent.").wait_for()
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING
    assert [t.tag.name for t in ticket.ticket_tags.all()] == ["skärmbild"]


def test_select_all_and_bulk_assign(
    open_context, live_server, specialist_hantverk, org_a, superuser_a
):
    tickets = [factories.make_ticket(org_a, superuser_a, title=f"Fråga {i}") for i in range(3)]
    context = open_context(viewport=DESKTOP, language="en")
    sign_in(context, specialist_hantverk, live_server)
    page = context.new_page()
    page.goto(reverse("agent:queue"))
    page.get_by_label("Select all tickets on this page").check()
    for t in tickets:
        assert page.get_by_label(f"Select ticket {t.number}").is_checked()
    page.get_by_text("Bulk action for the selected tickets", exact=True).click()
    bulk = page.get_by_role("form", name="Bulk action for the selected tickets")
    bulk.get_by_label("Action for the selected tickets").select_option("assign")
    bulk.get_by_label("Assign to").select_option("me")
    shot(page, "queue-bulk")
    bulk.get_by_role("button", name="Apply to selected").click()
    page.get_by_text("Done for 3 tickets.").wait_for()
    assert Ticket.objects.filter(assignee=specialist_hantverk).count() == 3
