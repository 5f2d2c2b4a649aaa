"""A new ticket that fails validation comes back with an error and everything the person
gave: the text, the choices and the chosen files (kept on the server), with the cursor in
the first field to correct. A bug starts at the standard level 5."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.accounts.models import Module
from kundcenter.tickets.models import Ticket
from tests.browser.helpers import png_bytes, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Semesterlönen räknas fel"
DESCRIPTION = "Semesterlönen för timanställda blir 12 % i stället för 13 %.\nSe bifogad lönespec."


def test_a_bug_without_a_title_keeps_what_was_typed_and_the_files(
    open_context, live_server, superuser_a
):
    context = open_context(language="en")
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    page.goto(reverse("portal:new"))

    page.get_by_label("Module").select_option(label="Lön")
    page.get_by_label("Software bug").check()
    # The standard level is chosen until the customer says more.
    expect(page.locator('input[name="service_level"][value="5"]')).to_be_checked()
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_label("Attachments").set_input_files(
        [{"name": "lonespec.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="Register the ticket").click()

    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Title")).to_be_focused()
    expect(page.get_by_label("Description")).to_have_value(DESCRIPTION)
    expect(page.get_by_label("Software bug")).to_be_checked()
    expect(page.get_by_label("Module")).to_have_value(str(Module.objects.get(slug="lon").pk))
    expect(page.get_by_text("Files already attached")).to_be_visible()
    expect(page.get_by_text("Remove lonespec.png")).to_be_visible()
    assert not Ticket.objects.exists()

    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("button", name="Register the ticket").click()
    page.wait_for_url("**/arenden/*-*/")
    ticket = Ticket.objects.get()
    assert ticket.title == TITLE
    assert ticket.service_level == 5
    assert [a.filename for a in ticket.attachments.all()] == ["lonespec.png"]
    assert ticket.attachments.get().file.read() == png_bytes()
