"""A visitor registers in a real browser, follows the link in the confirmation mail and
lands on the page for joining their organisation, logged in."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.accounts.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Fjallbacka-Regn-2026"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/konto/registrera/bekrafta/[^/\s]+/)")


def test_a_visitor_registers_confirms_by_mail_and_asks_to_join(page):
    page.goto(reverse("accounts:register"))
    page.get_by_label("Name").fill("Lisa Nyberg")
    page.get_by_label("E-mail address").fill("lisa.nyberg@example.se")
    page.get_by_label(re.compile(r"^Password\W*$")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Register").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:register_sent")) + "$"))
    expect(
        page.get_by_text(
            "We've sent a message to lisa.nyberg@example.se. Follow the link in it to finish "
            "creating your account."
        )
    ).to_be_visible()
    assert not User.objects.get(email="lisa.nyberg@example.se").is_active

    [message] = mail.outbox
    page.goto(CONFIRM_LINK.search(message.body).group(1))
    # The link asks for the password chosen, so nobody else's registration can be opened.
    expect(page.get_by_role("heading", name="Finish creating your account")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Open my account").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:join")) + "$"))
    expect(page.get_by_text("Welcome! Your account is ready.")).to_be_visible()
    expect(page.get_by_label("Organisationsnummer")).to_be_visible()
    assert User.objects.get(email="lisa.nyberg@example.se").is_active
