"""The language menu in the header switches the whole interface and stays on the page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import main_nav, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_switching_to_english_and_back(open_context, live_server, superuser_a):
    # A Swedish browser and no language cookie: the site's default, Swedish.
    context = open_context()
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    page.goto(reverse("portal:list"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "sv")

    # The menu is found by id: its label is itself being translated.
    page.locator("#language-switch").select_option("en")
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}{reverse('portal:list')}")
    nav = main_nav(page)
    expect(nav.get_by_role("link", name="Our tickets")).to_be_visible()
    expect(nav.get_by_role("link", name="New ticket")).to_be_visible()

    # The choice sticks on the next page.
    nav.get_by_role("link", name="New ticket").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('portal:new')}")
    expect(html).to_have_attribute("lang", "en")

    page.locator("#language-switch").select_option("sv")
    expect(html).to_have_attribute("lang", "sv")
    expect(page).to_have_url(f"{live_server.url}{reverse('portal:new')}")
