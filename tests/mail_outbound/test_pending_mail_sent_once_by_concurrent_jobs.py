"""Two runs of retry_pending_mail at once (two schedulers, or a scheduler beside a worker's
beat) send every kept mail exactly once: each mail is claimed with a conditional UPDATE."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from kundcenter.mail import outbox
from kundcenter.mail.models import PendingMail

N = 30


# transaction=True: each thread's claims really commit, as two schedulers' would.
# serialized_rollback=True: the flush afterwards must not lose the seeded teams and terms.
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_each_mail_once_on_postgresql(smtp):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    now = timezone.now()
    for n in range(N):
        PendingMail.objects.create(
            key=f"race-{n}@kundcenter.example",
            recipient=f"kund{n}@example.se",
            subject=f"Mail {n}",
            payload={
                "to": [f"kund{n}@example.se"],
                "subject": f"Mail {n}",
                "body": "Text",
                "headers": {"Message-ID": f"<race-{n}@kundcenter.example>"},
            },
            created_at=now,
            next_attempt_at=now,
        )
    barrier = threading.Barrier(2)
    results, errors = [], []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait(timeout=30)
            result = outbox.send_due(now=now)
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
    assert sum(result.sent for result in results) == N
    for n in range(N):
        assert len(smtp.to(f"kund{n}@example.se")) == 1, n  # once, never twice
    assert len(smtp.messages) == N
    assert not PendingMail.objects.exists()
