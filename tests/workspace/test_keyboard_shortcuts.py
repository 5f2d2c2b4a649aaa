"""Keyboard shortcuts: a static script on staff pages (no inline script) and a help
overlay listing every key. What the keys do is tested in a real browser
(tests/browser/test_agent_workspace_keys_and_presence.py)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_pages_load_the_shortcuts_and_list_them_in_the_help(
    client, specialist_hantverk, ticket_a
):
    client.force_login(specialist_hantverk)
    for url in (reverse("agent:queue"), reverse("agent:ticket", args=[ticket_a.number])):
        page = client.get(url).content.decode()
        assert 'src="/static/js/agent.js"' in page
        help_box = page[page.index('id="shortcuts-help"') :]
        for key in ("j", "k", "r", "n", "a", "?"):
            assert f"<kbd>{key}</kbd>" in help_box
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script


def test_the_ticket_page_has_what_the_shortcuts_act_on(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    page = client.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    assert 'id="reply-form"' in page
    assert 'id="assign-me-form"' in page
    assert 'value="internal"' in page and 'value="public"' in page


def test_customers_get_no_shortcuts(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    page = client.get(reverse("portal:ticket", args=[ticket_a.number])).content.decode()
    assert "agent.js" not in page
    assert 'id="shortcuts-help"' not in page
