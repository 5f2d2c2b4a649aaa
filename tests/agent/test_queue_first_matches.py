"""`queues.first_matches` (the queue's search over all statuses, or a team's open
tickets, on PostgreSQL) shows the same page as finding every match and sorting them,
whether the queue's first tickets hold enough matches (the fast half) or not (the other
half), on every page."""

import pytest
from django.db import connection

from kundcenter.tickets import queues
from kundcenter.tickets.models import Ticket
from tests import factories

pytestmark = pytest.mark.postgres_only

EVERY = {"status": queues.STATUS_ALL, "team": None, "sort": ""}


def numbers(page) -> list[str]:
    return [t.number for t in page.object_list]


def sorted_everything(user, filters, number, per_page) -> list[str]:
    tickets = queues.order_queue(
        queues.apply_filters(queues.base_queryset(user), filters, user), searching=True
    )
    return numbers(queues.paginate(tickets, number, per_page))


@pytest.mark.parametrize("head_rows", [3, 8, 50])
@pytest.mark.parametrize("team_open", [False, True])
def test_first_matches_show_the_page_sorting_every_match_shows(
    manager, org_a, superuser_a, monkeypatch, head_rows, team_open
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    for n in range(12):
        # Every third ticket is about the bank file; the others are not.
        title = "Bankfilen avvisas" if n % 3 == 0 else f"Fråga nummer {n}"
        ticket = factories.make_ticket(org_a, superuser_a, title=title, description="Text.")
        if n % 4 == 0:
            Ticket.objects.filter(pk=ticket.pk).update(status="closed", next_due_at=None)
    monkeypatch.setattr(queues, "HEAD_ROWS", head_rows)
    filters = EVERY
    if team_open:
        filters = {**EVERY, "status": queues.STATUS_OPEN, "team": ticket.team_id}
    assert queues._walks_head({**filters, "q": "bankfilen"})
    for text in ("bankfilen", "fråga", "xylofonstämning"):
        for number in (1, 2, 3):
            searched = {**filters, "q": text}
            page = queues.search_queue(manager, searched, number, 2)
            assert numbers(page) == sorted_everything(manager, searched, number, 2), (
                text,
                number,
            )
