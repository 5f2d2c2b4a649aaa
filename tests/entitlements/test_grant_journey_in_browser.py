"""In a real browser: a SuperUser grants support access on the customer page, the API says
yes; the SuperUser revokes it, the API says no at once."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kundcenter.accounts.entitlements import is_friday
from tests.api.helpers import api_client, bearer
from tests.browser import conftest as browser_fixtures
from tests.browser.helpers import main_nav, sign_in, speak_english

# The browser tests' Chromium, live server and contexts, used from this folder.
browser = browser_fixtures.browser
live_server = browser_fixtures.live_server
open_context = browser_fixtures.open_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _erp_asks(token, org):
    """The vendor's ERP asks Kundcenter whether support may log in now."""
    url = reverse("api-v1:access", args=[org.org_number])
    return Client().get(url, {"audience": "support"}, **bearer(token)).json()


def test_grant_then_revoke_is_seen_by_the_api_at_once(
    open_context, live_server, org_a, superuser_a
):
    speak_english(superuser_a)
    _client, token = api_client("Affärssystemet")
    assert _erp_asks(token, org_a)["allowed"] is False

    context = open_context(language="en")
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    page.goto(reverse("home"))
    main_nav(page).get_by_role("link", name="My organisation").click()

    access = page.locator("#access")
    access.get_by_text("Grant support access").click()
    access.get_by_label("Service & Kvalitet").check()
    if is_friday(timezone.now()):
        access.get_by_label("24 hours").check()
    access.get_by_label("Note (optional)").fill("Felsök momsrapporten")
    access.get_by_role("button", name="Grant access").click()

    expect(page.locator("ul.messages")).to_contain_text("may log in to your setup until")
    expect(access.get_by_role("cell", name="Felsök momsrapporten")).to_be_visible()
    answer = _erp_asks(token, org_a)
    assert answer["allowed"] is True and answer["until"]

    access.get_by_role("button", name="Revoke the access for Service & Kvalitet").click()
    expect(page.locator("ul.messages")).to_contain_text("Access for Service & Kvalitet has ended.")
    assert _erp_asks(token, org_a) == {
        "customer": org_a.org_number,
        "audience": "support",
        "allowed": False,
        "until": None,
    }
    audit = page.locator("#audit")
    expect(audit).to_contain_text("Access revoked")
    expect(audit).to_contain_text("Affärssystemet")  # its checks were recorded
