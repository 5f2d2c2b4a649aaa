"""A customer types a question into the new-ticket form, sees a suggested article and
opens it; the opening is recorded for the deflection figures."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kundcenter.accounts.models import Module
from kundcenter.demo.articles import load_demo_articles
from kundcenter.knowledge.models import SuggestionLog
from tests.browser.helpers import sign_in
from tests.knowledge.helpers import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTICLE = "Fakturor som inte går att skicka via e-faktura"


def test_a_customer_sees_a_suggestion_while_typing_and_opens_it(
    open_context, live_server, superuser_a
):
    load_demo_articles()
    context = open_context(language="en")
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    page.goto(reverse("portal:new"))

    page.get_by_label("Title").press_sequentially("Fakturor skickas inte", delay=20)
    suggestion = page.locator("#kb-suggestions").get_by_role("link", name=ARTICLE)
    expect(suggestion).to_be_visible()

    with context.expect_page() as opened:
        suggestion.click()
    article_page = opened.value
    expect(article_page.get_by_role("heading", name=ARTICLE)).to_be_visible()
    # The form keeps what was typed: the article opened in its own tab.
    expect(page.get_by_label("Title")).to_have_value("Fakturor skickas inte")

    log = SuggestionLog.objects.get()
    assert log.user == superuser_a
    assert log.opened_article.title == ARTICLE
    assert page.locator("input[name=kb_log]").input_value() == str(log.pk)


def test_the_suggestions_follow_the_module_chosen(open_context, live_server, superuser_a):
    context = open_context(language="en")
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    page.goto(reverse("portal:new"))
    module_field = page.get_by_label("Module")
    names = [
        name.strip()
        for name in module_field.locator("option").all_inner_texts()
        if name.strip() and name.strip() != "Choose a module"
    ][:2]
    assert len(names) == 2, "the customer needs two modules for this test"
    for name in names:
        make_article(
            f"Fel belopp i {name}", "Fel belopp visas.", module=Module.objects.get(name=name).slug
        )

    page.get_by_label("Title").press_sequentially("fel belopp", delay=20)
    first = page.locator("#kb-suggestions li").first
    for name in (names[0], names[1], names[0]):
        module_field.select_option(label=name)
        expect(first).to_contain_text(f"Fel belopp i {name}")
