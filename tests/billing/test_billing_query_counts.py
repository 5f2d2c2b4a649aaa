"""The ticket pages read proposals and time entries in a constant number of queries."""

from kundcenter.tickets import billing
from tests.billing.helpers import agent_url, portal_url, propose


def _add(order, staff, superuser, count):
    for i in range(count):
        billing.record_time(order, staff, minutes=10 + i, billable=True, reason="order")
        billing.record_time(order, staff, minutes=5, note=f"Intern {i}")
        propose(order, staff, fixed_price=str(100 + i))
        billing.decide_pending(order, superuser, accept=False, on_decline="return")


def test_the_agent_page_needs_the_same_queries_for_3_or_30_entries(
    client, planned_order, specialist_hantverk, superuser_a, django_assert_max_num_queries
):
    # Declined and returned proposals bring the order back to support's lane.
    _add(planned_order, specialist_hantverk, superuser_a, 3)
    client.force_login(specialist_hantverk)
    url = agent_url(planned_order)
    client.get(url)  # warm the per-process caches first
    # +2 (issue 13): colleagues on the ticket, its tags (links only when it has some; the
    # customer at a glance loads after the page).
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    _add(planned_order, specialist_hantverk, superuser_a, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Intern ") == 30


def test_the_portal_page_needs_the_same_queries_for_3_or_30_entries(
    client, planned_order, consultant, superuser_a, django_assert_max_num_queries
):
    _add(planned_order, consultant, superuser_a, 3)
    client.force_login(superuser_a)
    url = portal_url(planned_order)
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    _add(planned_order, consultant, superuser_a, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Declined") >= 30
