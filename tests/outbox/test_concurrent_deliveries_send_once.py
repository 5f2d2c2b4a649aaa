"""Two deliveries at once (two schedulers, a scheduler beside a worker, a worker beside the
hand-over after a commit) send every mail exactly once: each row is claimed with a
conditional UPDATE before it is delivered."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from kundcenter.outbox import delivery
from kundcenter.outbox.events import record
from kundcenter.outbox.models import OutboxItem

N = 30


# transaction=True: each thread's claims really commit, as two schedulers' would.
# serialized_rollback=True: the flush afterwards must not lose the seeded teams and terms.
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_each_mail_once_on_postgresql(smtp):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    now = timezone.now()
    OutboxItem.objects.bulk_create(
        OutboxItem(
            topic="email",
            channel="mail",
            recipient=f"kund{n}@example.se",
            summary=f"Mail {n}",
            payload={
                "to": [f"kund{n}@example.se"],
                "subject": f"Mail {n}",
                "body": "Text",
                "headers": {"Message-ID": f"<race-{n}@kundcenter.example>"},
            },
            created_at=now,
            next_attempt_at=now,
        )
        for n in range(N)
    )
    barrier = threading.Barrier(2)
    results, errors = [], []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait(timeout=30)
            result = delivery.deliver_due(now=now)
            with lock:
                results.append(result)
        except Exception as exc:  # collected and reported by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sum(result.delivered for result in results) == N
    for n in range(N):
        assert len(smtp.to(f"kund{n}@example.se")) == 1, n  # once, never twice
    assert len(smtp.messages) == N
    assert not OutboxItem.objects.exists()


@pytest.mark.django_db
def test_a_run_that_starts_while_another_delivers_skips_its_row(
    listen, django_capture_on_commit_callbacks
):
    """Any database: a second run that starts while the first is still delivering a row
    (here: from inside the first run's delivery) does not deliver it again."""
    delivered, second_runs = [], []

    def handler(payload):
        delivered.append(payload["n"])
        if len(delivered) == 1:
            second_runs.append(delivery.deliver())

    listen("test_slow_delivery", handler)
    with django_capture_on_commit_callbacks(execute=False):
        record("test_slow_delivery", {"n": 1})
        record("test_slow_delivery", {"n": 2})

    first = delivery.deliver()

    assert sorted(delivered) == [1, 2]  # each once, never twice
    assert first.delivered + second_runs[0].delivered == 2
    assert not OutboxItem.objects.exists()
