"""The queue with its clocks needs the same queries for 3 or 33 tickets: the clock reads
only ticket columns and the cached calendar."""

from django.urls import reverse

from kundcenter.sla import clock
from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Status
from tests import factories


def _fill(org, reporter, staff, count):
    """Tickets in every clock state: running, soon, late, paused, handled."""
    for i in range(count):
        kind = i % 4
        if kind == 0:
            ticket = factories.make_ticket(org, reporter, title=f"Fråga {i}")
        else:
            ticket = factories.make_ticket(
                org, reporter, category="bug", service_level=kind, title=f"Fel {i}"
            )
        if i % 3 == 1:
            actions.transition(ticket, staff, Status.WAITING)
        elif i % 3 == 2:
            actions.reply(ticket, staff, f"Svar {i}")


def _with_clock():
    """How many tickets have a clock to show (a handled question has no target left)."""
    return sum(clock.state(t) is not None for t in Ticket.objects.all())


def test_queue_queries_do_not_grow_with_clocks(
    client, django_assert_max_num_queries, specialist_hantverk, org_a, superuser_a, settings
):
    settings.TICKETS_PER_PAGE = 50
    client.force_login(specialist_hantverk)
    _fill(org_a, superuser_a, specialist_hantverk, 3)
    client.get(reverse("agent:queue"))  # warm the per-process caches (calendar, terms)
    # +1: two-factor device; +1 each: the person's saved views, the tags of the rows shown.
    with django_assert_max_num_queries(13) as few:
        response = client.get(reverse("agent:queue"))
    assert response.content.decode().count('class="sla-clock') == _with_clock()
    _fill(org_a, superuser_a, specialist_hantverk, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("agent:queue"))
    html = response.content.decode()
    assert html.count('class="ticket-number"') == 33
    assert html.count('class="sla-clock') == _with_clock() > 20
