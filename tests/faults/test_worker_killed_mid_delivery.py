"""A worker killed (kill -9) while it sends a mail (issue 11): the mail server had not
taken the mail yet, and the outbox row the worker claimed waits out its lease
(OUTBOX_LEASE_SECONDS), then a new worker's beat or the periodic job sends it, once.

The SMTP sink holds the first conversation in RCPT, so the worker is killed mid-send.
"""

import time

import pytest

from tests.faults.helpers import (
    PYTHON,
    SETTLE_SECONDS,
    SUPERUSER,
    body_text,
    celery_worker_args,
    site_env,
    wait_until,
)

LEASE_SECONDS = 2


@pytest.fixture
def env(site_db, var_dir, sink, redis):
    return site_env(
        site_db.url,
        var_dir,
        smtp_port=sink.port,
        REDIS_URL=redis.url,
        OUTBOX_LEASE_SECONDS=LEASE_SECONDS,
        OUTBOX_INTERVAL_SECONDS=1,
    )


def kill_the_worker_while_it_sends(site_db, sink, processes, env, tmp_path):
    """A password reset for the SuperUser goes to a worker, which is killed while the
    mail server holds the reset mail's conversation."""
    sink.inbox.stall_next_rcpt = True
    worker = processes.start("worker", celery_worker_args(tmp_path / "beat-1"), env)
    processes.script(
        "request_password_reset",
        env,
        f"""
        from kundcenter.accounts.registration import request_password_reset

        request_password_reset({SUPERUSER!r})
        """,
    )
    wait_until(sink.inbox.stalled.is_set, 60, "the worker to start sending", processes.logs)
    worker.kill()
    # Claimed (one attempt) and not delivered: the row waits for the lease to end.
    assert site_db.outbox() == [("email", SUPERUSER, 1)]
    assert sink.messages == []


def assert_the_reset_mail_arrived_once(site_db, sink):
    [reset] = sink.to(SUPERUSER)
    assert "/konto/aterstall/" in body_text(reset)
    assert len(sink.messages) == 1
    assert site_db.outbox() == []


def test_a_new_worker_sends_the_mail_once(site_db, sink, processes, env, tmp_path):
    kill_the_worker_while_it_sends(site_db, sink, processes, env, tmp_path)

    processes.start("worker-2", celery_worker_args(tmp_path / "beat-2"), env)

    wait_until(lambda: sink.to(SUPERUSER), 60, "the reset mail", processes.logs)
    time.sleep(SETTLE_SECONDS)  # a second copy would arrive now
    assert_the_reset_mail_arrived_once(site_db, sink)


def test_the_periodic_job_sends_the_mail_once_after_the_lease(
    site_db, sink, processes, env, tmp_path
):
    kill_the_worker_while_it_sends(site_db, sink, processes, env, tmp_path)

    # What a site without a worker runs; its runs before the lease ends find nothing due.
    processes.start("run_scheduler", [PYTHON, "manage.py", "run_scheduler"], env)

    wait_until(lambda: sink.to(SUPERUSER), 60, "the reset mail", processes.logs)
    time.sleep(SETTLE_SECONDS)  # a second copy would arrive now
    assert_the_reset_mail_arrived_once(site_db, sink)
