"""A real Celery worker on the real Redis: a notification queued through the broker is
picked up by the worker and its mail delivered to a real SMTP server.

Redis is expected on 127.0.0.1:6379 (.ci/run starts it); without it the test is skipped
on a developer's machine and fails in CI. Each pytest-xdist worker uses its own Redis
database (5, 6, …), emptied before and after, so parallel runs never share a queue.
"""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from kundcenter.celery import app
from kundcenter.mail.models import OutboundMessage
from tests import factories

# serialized_rollback: the reference data (teams, industries…) is there whatever ran before.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def redis_url() -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"redis://127.0.0.1:6379/{5 + int(worker.removeprefix('gw') or 0)}"


@pytest.fixture
def redis():
    import redis as redis_client

    client = redis_client.Redis.from_url(redis_url(), socket_connect_timeout=2)
    try:
        client.ping()
    except redis_client.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379; .ci/run should start it")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def _close_db_connections(**kwargs):
    # The worker thread's own database connections, closed after each task so that
    # the test database can be dropped at the end of the run.
    connections.close_all()


@pytest.fixture
def worker(redis):
    """The app switched to the Redis broker, and a worker consuming from it in a thread."""
    changed = {
        "broker_url": redis_url(),
        "task_always_eager": False,
        # Leave pytest's logging alone.
        "worker_hijack_root_logger": False,
    }
    saved = {key: app.conf[key] for key in changed}
    app.conf.update(changed)
    app._after_fork()  # drop connection pools made for the old broker URL
    task_postrun.connect(_close_db_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        task_postrun.disconnect(_close_db_connections)
        app.conf.update(saved)
        app._after_fork()


def test_a_notification_goes_through_redis_to_the_worker_and_out_by_smtp(
    smtp, worker, redis, org_a, superuser_a, team_hantverk, specialist_hantverk
):
    team_hantverk.email = "hantverk@kundcenter.example"  # one mail per ticket to the team
    team_hantverk.save()
    # Outside a test transaction the action commits at once, and its on_commit hook
    # queues the notification on the broker; the worker builds and sends the mail.
    ticket = factories.make_ticket(org_a, superuser_a)

    [mail] = smtp.wait_for(superuser_a.email)
    [to_team] = smtp.wait_for(team_hantverk.email)
    assert mail["Subject"] == f"[Ärende {ticket.number}] {ticket.title}"
    assert mail.get_content_type() == "multipart/alternative"
    assert to_team["In-Reply-To"] == mail["Message-ID"]
    assert OutboundMessage.objects.filter(ticket=ticket).count() == 2
