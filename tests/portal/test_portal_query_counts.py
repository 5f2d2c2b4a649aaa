from django.urls import reverse

from kundcenter.tickets import actions
from tests import factories
from tests.portal import uploads


def _add_tickets(org, reporter, specialist, count):
    for i in range(count):
        ticket = factories.make_ticket(org, reporter, title=f"Fråga {i}")
        actions.reply(ticket, specialist, f"Svar {i}")


def test_the_ticket_list_needs_the_same_queries_for_3_or_33_tickets(
    client, org_a, superuser_a, specialist_hantverk, django_assert_num_queries
):
    _add_tickets(org_a, superuser_a, specialist_hantverk, 3)
    client.force_login(superuser_a)
    url = reverse("portal:list")
    client.get(url)  # warm the per-process caches (opening hours, phone wait, news) first
    # The session, the data generation a kept page is checked by (kundcenter.lib.page_cache),
    # the user, their memberships and the page of tickets: the second-factor check is
    # remembered in the session, the phone wait and the news per process
    # (kundcenter.lib.memo), and a list that fits on one page is not counted
    # (kundcenter.lib.paging).
    with django_assert_num_queries(5):
        client.get(url)
    # Opened again with nothing changed: the kept page (tests/portal/test_kept_pages.py).
    with django_assert_num_queries(2):
        client.get(url)
    _add_tickets(org_a, superuser_a, specialist_hantverk, 30)
    # A longer list is counted once, for its page numbers; more rows cost nothing more.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["page"]) == 25
    assert "Page 1 of 2" in response.content.decode()
    with django_assert_num_queries(6):
        response = client.get(url, {"page": 2})
    assert len(response.context["page"]) == 8


def test_the_ticket_page_needs_the_same_queries_for_3_or_33_messages(
    client, ticket_a, superuser_a, specialist_hantverk, django_assert_max_num_queries
):
    def add_messages(count):
        for i in range(count):
            actions.reply(ticket_a, specialist_hantverk, f"Svar {i}", files=[uploads.png()])
            actions.reply(ticket_a, specialist_hantverk, f"Intern {i}", internal=True)
            actions.reply(ticket_a, superuser_a, f"Kundens svar {i}")

    add_messages(1)
    client.force_login(superuser_a)
    url = reverse("portal:ticket", args=[ticket_a.number])
    client.get(url)  # warm the per-process caches (opening hours) first
    # 14: the cost proposals and the billable time (2) and the access grants (1) included.
    # Issue 13's links (merged duplicates, related tickets) are read only when the ticket
    # has some (tests/workspace/test_related_links.py shows them).
    with django_assert_max_num_queries(15) as few:  # +1: two-factor check
        client.get(url)
    add_messages(11)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Kundens svar") == 12
