"""Ticket numbers stay unique and gap-free when many registrations happen at once.

Each thread has its own database connection, like concurrent web requests. PostgreSQL is
where this matters in production (the counter row is locked by its UPDATE until commit);
SQLite serialises writers with IMMEDIATE transactions and a busy timeout, tested too.
"""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from kundcenter.tickets.models import Ticket, TicketCounter
from tests import factories

THREADS = 8
PER_THREAD = 10
WHEN = datetime(2026, 5, 4, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))

# transaction=True: every registration really commits, so the threads see each other.
# serialized_rollback=True: the flush afterwards must not lose the seeded teams and modules.
concurrent_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def register_at_once(org, reporter):
    """Register THREADS × PER_THREAD tickets from THREADS threads started together."""
    barrier = threading.Barrier(THREADS)
    numbers, errors = [], []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait(timeout=30)
            for _ in range(PER_THREAD):
                ticket = factories.make_ticket(org, reporter, now=WHEN)
                with lock:
                    numbers.append(ticket.number)
        except Exception as exc:  # collected and reported by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a registration hung"
    return numbers, errors


def assert_unique_and_contiguous(numbers, errors):
    assert errors == []
    total = THREADS * PER_THREAD
    assert len(numbers) == total
    assert sorted(numbers) == [f"2026-{n:06d}" for n in range(1, total + 1)]
    assert Ticket.objects.count() == total
    assert TicketCounter.objects.get(year=2026).last == total


@concurrent_db
def test_concurrent_registrations_get_unique_contiguous_numbers_on_postgresql(org_a, superuser_a):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    assert_unique_and_contiguous(*register_at_once(org_a, superuser_a))


@concurrent_db
def test_concurrent_registrations_for_a_new_year_create_the_counter_once(org_a, superuser_a):
    # No counter row yet: several threads try to create it at the same moment.
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    assert not TicketCounter.objects.exists()
    assert_unique_and_contiguous(*register_at_once(org_a, superuser_a))


@concurrent_db
def test_concurrent_registrations_get_unique_contiguous_numbers_on_sqlite(org_a, superuser_a):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant")
    if connection.is_in_memory_db():
        # Shared-cache in-memory databases lock per table and ignore the busy timeout, so
        # they say nothing about the file database with WAL that we run in production.
        pytest.skip("needs a file-backed SQLite test database (DATABASES TEST NAME)")
    assert_unique_and_contiguous(*register_at_once(org_a, superuser_a))
