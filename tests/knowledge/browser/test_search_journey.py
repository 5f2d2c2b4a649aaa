"""A customer searches Frågor och Svar as people type: a typo is answered with
"Menade du …" one click away, and a split compound finds the article."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.demo.articles import load_demo_articles
from tests.browser.helpers import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BANK = "Bankavstämning: så matchar du bankfilen mot reskontran"
KREDIT = "Kreditera en faktura"


def test_a_typo_offers_did_you_mean_and_a_split_compound_finds_the_article(
    open_context, live_server, superuser_a
):
    load_demo_articles()
    context = open_context()
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    page.goto(reverse("knowledge:index"))

    page.get_by_role("searchbox").fill("kreditera fakutran")
    page.get_by_role("button", name="Sök").click()
    offer = page.get_by_test_id("kb-did-you-mean")
    expect(offer).to_contain_text("Menade du")
    offer.get_by_role("link", name="kreditera fakturan").click()
    expect(page.get_by_role("searchbox")).to_have_value("kreditera fakturan")
    expect(page.get_by_role("link", name=KREDIT)).to_be_visible()

    page.get_by_role("searchbox").fill("lev reskontra")
    page.get_by_role("button", name="Sök").click()
    expect(page.locator(".kb-results").get_by_role("link").first).to_have_text(BANK)
