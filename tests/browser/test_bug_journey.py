"""The main journey in a real browser: a SuperUser registers a software bug with a
screenshot, a specialist of the customer's team answers and escalates it, and the
SuperUser sees the answer, the new status and can download the screenshot."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import TICKET_NUMBER, log_in, log_out, main_nav, png_bytes, speak_english

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; the flush after each test must keep the
    # seeded teams, industries and modules.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Lönekörningen kraschar vid export"
DESCRIPTION = "Exporten till banken avbryts med felkod 500.\nHänder varje gång sedan i tisdags."
REPLY = "Tack! Vi har återskapat felet och lämnar det till produktavdelningen."


def register_bug(page, screenshot):
    main_nav(page).get_by_role("link", name="New ticket").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("portal:new")) + "$"))
    page.get_by_label("Module").select_option(label="Lön")
    page.get_by_label("Software bug").check()
    page.get_by_label("2 – business considerably hampered").check()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_label("Attachments").set_input_files(str(screenshot))
    page.get_by_role("button", name="Register the ticket").click()

    message = page.locator("ul.messages")
    expect(message).to_contain_text(TICKET_NUMBER)
    number = TICKET_NUMBER.search(message.inner_text()).group()
    expect(page).to_have_url(re.compile(re.escape(reverse("portal:ticket", args=[number]))))
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("link", name="skarmbild.png")).to_be_visible()
    return number


def answer_and_escalate(page, number):
    # The new bug is in the specialist's default queue...
    expect(page).to_have_url(re.compile(re.escape(reverse("agent:queue"))))
    expect(page.get_by_role("link", name=number)).to_be_visible()
    # ...and searching its number goes straight to it.
    page.get_by_label("Search").fill(number)
    page.get_by_label("Search").press("Enter")
    # Enter fires both the form's htmx "change" and "submit" triggers; each answers with
    # a redirect to the ticket, so the first navigation may be aborted by the second.
    expect(page).to_have_url(re.compile(re.escape(reverse("agent:ticket", args=[number]))))
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)

    page.get_by_label("Public reply").check()
    page.get_by_label("Message").fill(REPLY)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("ol.conversation")).to_contain_text(REPLY)

    next_step = page.locator("section", has=page.get_by_role("heading", name="Next step"))
    next_step.get_by_role("button", name="Escalate to the product department").click()
    expect(page.locator(".badge.status-escalated").first).to_have_text("Escalated")
    expect(page.locator("ul.messages")).to_be_visible()


def test_superuser_registers_bug_specialist_escalates_superuser_sees_it(
    page, superuser_a, specialist_hantverk, tmp_path
):
    speak_english(superuser_a, specialist_hantverk)
    screenshot = tmp_path / "skarmbild.png"
    screenshot.write_bytes(png_bytes())

    log_in(page, superuser_a)
    number = register_bug(page, screenshot)
    log_out(page)

    log_in(page, specialist_hantverk)
    answer_and_escalate(page, number)
    log_out(page)

    log_in(page, superuser_a)
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    conversation = page.locator("ol.conversation")
    expect(conversation).to_contain_text(REPLY)
    expect(conversation).to_contain_text(specialist_hantverk.full_name)
    expect(page.locator(".badge.status-escalated").first).to_have_text("Escalated")

    link = page.get_by_role("link", name="skarmbild.png")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "skarmbild.png"
    assert Path(download.path()).read_bytes() == png_bytes()

    # The same link, fetched with the SuperUser's session: a download, never a page.
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"
