"""Demo and benchmark data never reach a mailbox (issue 11): `load_demo`, `seed_bench`,
`bench_pages`, `bench_reports` and `bench_mail` run beside a real Celery worker on Redis
(whose beat runs the SLA sweep and the outbox job every second) with a real SMTP server,
and nothing is sent, by the commands or by the worker afterwards. A registration made
afterwards by a real visitor is mailed by the same worker, so the silence is the data's,
not a broken set-up.
"""

import time

import pytest

from tests.faults.helpers import body_text, celery_worker_args, site_env, wait_until

NEW_VISITOR = "ny.besokare@example.se"
# Long enough for the worker's beat to run the SLA sweep and the outbox job a few times.
QUIET_SECONDS = 6


@pytest.fixture
def env(site_db, var_dir, sink, redis):
    return site_env(
        site_db.url,
        var_dir,
        smtp_port=sink.port,
        REDIS_URL=redis.url,
        OUTBOX_INTERVAL_SECONDS=1,
        SLA_SWEEP_INTERVAL_SECONDS=1,
    )


def test_demo_and_benchmark_data_send_no_mail_through_a_real_worker(
    site_db, sink, processes, env, tmp_path
):
    processes.start("worker", celery_worker_args(tmp_path / "beat"), env)

    processes.manage(env, "load_demo", timeout=300)
    processes.manage(env, "seed_bench", "--tickets", "300", "--customers", "10", timeout=300)
    processes.manage(env, "bench_pages", "--iterations", "1", "--warmup", "0", timeout=300)
    processes.manage(env, "bench_reports", "--iterations", "1", "--warmup", "0", timeout=300)
    processes.manage(env, "bench_mail", "--count", "10", "--pipe-count", "1", "--no-imap",
                     timeout=300)  # fmt: skip
    time.sleep(QUIET_SECONDS)

    assert sink.messages == [], [(m["To"], m["Subject"], body_text(m)[:600]) for m in sink.messages]
    # Demo tickets with breached service levels, bench tickets, refused bench mail: the
    # worker had work, and none of it became mail.
    assert site_db.scalar("SELECT COUNT(*) FROM tickets_ticket") > 300

    # The control: a real person registering now is mailed by the same worker.
    processes.script(
        "register",
        env,
        f"""
        from kundcenter.accounts.registration import request_registration

        request_registration(
            email={NEW_VISITOR!r}, full_name="Ny Besökare", password="Sommar-Regn-2026!x"
        )
        """,
    )
    wait_until(lambda: sink.to(NEW_VISITOR), 60, "the confirmation mail", processes.logs)
    [confirmation] = sink.to(NEW_VISITOR)
    assert "/konto/" in body_text(confirmation)
    assert len(sink.messages) == 1
