"""The agent workspace in a real browser: keyboard shortcuts on the queue and the ticket
page (not while typing), the help overlay, and the collision warning between two
specialists on the same ticket."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket
from tests import factories
from tests.browser.helpers import HORIZONTAL_OVERFLOW, PHONE, png_bytes, sign_in

WIDE = {"width": 1920, "height": 1080}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_shortcuts_move_open_write_and_assign(
    open_context, live_server, specialist_hantverk, org_a, superuser_a
):
    first = factories.make_ticket(org_a, superuser_a, title="Första")
    factories.make_ticket(org_a, superuser_a, title="Andra")
    context = open_context(language="en")
    sign_in(context, specialist_hantverk, live_server)
    page = context.new_page()
    page.goto(reverse("agent:queue"))

    rows = page.locator("table.queue tbody tr")
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class("is-selected")
    page.keyboard.press("j")
    expect(rows.nth(1)).to_have_class("is-selected")
    page.keyboard.press("k")
    expect(rows.nth(0)).to_have_class("is-selected")

    page.keyboard.press("?")
    help_box = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_box).to_be_visible()
    page.keyboard.press("Escape")
    expect(help_box).to_be_hidden()

    page.goto(reverse("agent:ticket", args=[first.number]))
    page.keyboard.press("n")
    expect(page.get_by_label("Internal note (staff only)")).to_be_checked()
    body = page.get_by_label("Message")
    expect(body).to_be_focused()
    body.type("ja")  # typed into the field: neither j nor a acts
    expect(body).to_have_value("ja")
    body.blur()
    page.keyboard.press("r")
    expect(page.get_by_label("Public reply (the customer sees it)")).to_be_checked()
    page.locator("body").click(position={"x": 1, "y": 1})
    page.keyboard.press("a")
    expect(page.get_by_text("Assigned to Sara Specialist.")).to_be_visible()
    assert Ticket.objects.get(pk=first.pk).assignee_id == specialist_hantverk.pk


def test_two_specialists_on_one_ticket_see_each_other(
    open_context, live_server, settings, specialist_hantverk, specialist_handel, ticket_a
):
    settings.PRESENCE_POLL_SECONDS = 1
    url = reverse("agent:ticket", args=[ticket_a.number])
    sara = open_context(language="en")
    sign_in(sara, specialist_hantverk, live_server)
    sara_page = sara.new_page()
    sara_page.goto(url)
    hans = open_context(language="en")
    sign_in(hans, specialist_handel, live_server)
    hans_page = hans.new_page()
    hans_page.goto(url)
    hans_page.get_by_label("Message").fill("Jag svarar kunden nu")

    warning = sara_page.locator("#collision-warning")
    expect(warning).to_contain_text("Hans Specialist is writing a reply on this ticket.")
    expect(hans_page.locator("#collision-warning")).to_contain_text(
        "Sara Specialist also has this ticket open."
    )


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1920"])
def test_the_workspace_fits_a_phone_and_a_wide_screen(
    open_context,
    live_server,
    viewport,
    specialist_hantverk,
    manager,
    org_a,
    superuser_a,
    org_b,
    superuser_b,
):
    ticket = factories.make_ticket(org_a, superuser_a, title="Momsrapporten summerar fel")
    duplicate = factories.make_ticket(org_a, superuser_a, title="Samma momsfel")
    upload = SimpleUploadedFile("skarmbild.png", png_bytes(), content_type="image/png")
    actions.reply(duplicate, superuser_a, "Se skärmbilden", files=[upload])
    actions.mark_duplicate(duplicate, specialist_hantverk, ticket)
    actions.link_tickets(ticket, specialist_hantverk, factories.make_ticket(org_b, superuser_b))
    actions.reply(ticket, manager, "@sara.specialist titta på den här", internal=True)
    context = open_context(viewport=viewport, language="en")
    sign_in(context, specialist_hantverk, live_server)
    page = context.new_page()
    page.goto(reverse("agent:ticket", args=[ticket.number]))
    expect(page.get_by_role("heading", name="The customer at a glance")).to_be_visible()
    # The panel's facts arrive after the page (htmx), once the panel is scrolled into view.
    # By id at the moment of scrolling: on a wide screen htmx may already be swapping it.
    page.evaluate("document.getElementById('customer-glance').scrollIntoView()")
    expect(page.locator("#customer-glance")).to_contain_text("SuperUsers")
    expect(page.locator("#customer-glance")).to_contain_text("Latest tickets")
    expect(page.get_by_role("img", name="Preview of skarmbild.png")).to_be_visible()
    expect(page.locator("#notice-bell")).to_have_attribute("data-unread", "1")
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0
    page.goto(reverse("notices:list"))
    expect(page.get_by_role("button", name="Mark all as read")).to_be_visible()
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0
