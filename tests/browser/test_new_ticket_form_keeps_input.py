"""A new ticket that fails validation comes back with an error and everything typed."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.accounts.models import Module
from kundcenter.tickets.models import Ticket
from tests.browser.helpers import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Semesterlönen räknas fel"
DESCRIPTION = "Semesterlönen för timanställda blir 12 % i stället för 13 %.\nSe bifogad lönespec."


def test_bug_without_service_level_keeps_what_was_typed(open_context, live_server, superuser_a):
    context = open_context(language="en")
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    page.goto(reverse("portal:new"))

    page.get_by_label("Module").select_option(label="Lön")
    page.get_by_label("Software bug").check()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_role("button", name="Register the ticket").click()

    expect(page.get_by_text("A software bug needs a service level (1–5).")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    expect(page.get_by_label("Description")).to_have_value(DESCRIPTION)
    expect(page.get_by_label("Software bug")).to_be_checked()
    expect(page.get_by_label("Module")).to_have_value(str(Module.objects.get(slug="lon").pk))
    assert not Ticket.objects.exists()
