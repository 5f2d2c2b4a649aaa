"""A customer searches Frågor och Svar as people type: a typo is answered with
"Menade du …" one click away, and a split compound finds the article; the header's box
finds an answer that lives only in an academy video, labelled so."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.academy.models import Video
from kundcenter.accounts.models import Module
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

    page.get_by_role("main").get_by_role("searchbox").fill("kreditera fakutran")
    page.get_by_role("main").get_by_role("button", name="Sök").click()
    offer = page.get_by_test_id("kb-did-you-mean")
    expect(offer).to_contain_text("Menade du")
    offer.get_by_role("link", name="kreditera fakturan").click()
    expect(page.get_by_role("main").get_by_role("searchbox")).to_have_value("kreditera fakturan")
    expect(page.get_by_role("main").get_by_role("link", name=KREDIT)).to_be_visible()

    page.get_by_role("main").get_by_role("searchbox").fill("lev reskontra")
    page.get_by_role("main").get_by_role("button", name="Sök").click()
    expect(page.locator(".kb-results").get_by_role("link").first).to_have_text(BANK)


def test_the_header_box_finds_an_answer_that_lives_in_a_video(
    open_context, live_server, superuser_a
):
    Video.objects.create(
        module=Module.objects.get(slug="lon"),
        title="Friskvård i lönen",
        length=dt.timedelta(minutes=3),
        url="https://video.example/fv",
        transcript="Så lägger du upp friskvårdsbidraget som en skattefri förmån.",
    )
    context = open_context()
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    page.goto(reverse("portal:list"))

    page.get_by_role("banner").get_by_role("searchbox").fill("friskvårdsbidrag")
    page.get_by_role("banner").get_by_role("searchbox").press("Enter")

    hit = page.get_by_role("main").locator(".kb-results li").first
    expect(hit.get_by_test_id("site-result-label")).to_have_text("Video")
    hit.get_by_role("link", name="Friskvård i lönen").click()
    expect(page.get_by_role("heading", name="Friskvård i lönen")).to_be_visible()
