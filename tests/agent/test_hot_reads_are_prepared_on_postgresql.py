"""On PostgreSQL a statement a connection keeps running is prepared: parsed and planned
for the connection's life instead of at every request (settings, DATABASE_PREPARE_THRESHOLD).
Planning the ticket page's read of the ticket (ten tables, four EXISTS) cost PostgreSQL
more than running it; a settings change that loses the preparing fails here."""

import pytest
from django.db import connection
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.postgres_only


@pytest.fixture(autouse=True)
def _postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_ticket_pages_read_is_prepared_once_it_repeats(
    client, specialist_hantverk, org_a, superuser_a
):
    tickets = [factories.make_ticket(org_a, superuser_a, title=f"Fråga {i}") for i in range(4)]
    client.force_login(specialist_hantverk)
    assert not any('AS "has_links"' in sql for sql in prepared_statements())
    for ticket in tickets:  # other tickets: the same statement with other values
        response = client.get(reverse("agent:ticket", args=[ticket.number]))
        assert response.status_code == 200
        assert ticket.title in response.content.decode()
    ticket_reads = [sql for sql in prepared_statements() if 'AS "has_links"' in sql]
    assert len(ticket_reads) == 1
    assert "$1" in ticket_reads[0]  # bound by the server: one plan for every number


def test_a_statement_run_once_is_not_prepared(client, specialist_hantverk, org_a, superuser_a):
    ticket = factories.make_ticket(org_a, superuser_a)
    client.force_login(specialist_hantverk)
    assert client.get(reverse("agent:ticket", args=[ticket.number])).status_code == 200
    assert not any('AS "has_links"' in sql for sql in prepared_statements())


def test_a_search_is_planned_with_its_words_every_time(
    client, specialist_hantverk, org_a, superuser_a
):
    """A generic plan cannot know how rare a word is (a word nothing holds walked the
    team's open tickets, 70 ms instead of 19 at 100,000 tickets): searches are never
    prepared, however often they run."""
    factories.make_ticket(org_a, superuser_a, title="Momsrapporten saknas")
    client.force_login(specialist_hantverk)
    for word in ("moms", "xylofon", "moms", "xylofon", "moms"):
        assert client.get(reverse("agent:queue"), {"q": word}).status_code == 200
    prepared = prepared_statements()
    assert prepared  # the queue's other statements are
    assert not any("to_tsquery" in sql for sql in prepared)
    assert not any(" LIKE " in sql for sql in prepared)
