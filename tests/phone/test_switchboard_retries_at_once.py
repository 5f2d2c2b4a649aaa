"""The switchboard retrying a call while its first report is still being written: several
reports of one external_id at the same moment make one call, and all get that call.

Each thread has its own database connection, like concurrent API requests; PostgreSQL is
where this matters (the unique constraint settles the race inside get_or_create).
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from kundcenter.tickets import phone
from kundcenter.tickets.models import PhoneCall

THREADS = 6
concurrent_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@concurrent_db
def test_simultaneous_reports_of_one_call_make_one_row():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    started_at = timezone.now() - timedelta(minutes=10)
    barrier = threading.Barrier(THREADS)
    results, errors = [], []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait(timeout=30)
            call, created = phone.record_switchboard_call(
                external_id="vx-race", started_at=started_at, waited_seconds=42
            )
            with lock:
                results.append((call.pk, created))
        except Exception as exc:  # collected and reported by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert PhoneCall.objects.count() == 1
    assert {pk for pk, _created in results} == {PhoneCall.objects.get().pk}
    assert sum(created for _pk, created in results) == 1
