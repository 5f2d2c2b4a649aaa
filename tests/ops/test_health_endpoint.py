"""The health endpoint: 200 when everything Kundcenter needs is well, 503 naming the
check that is not (database down, Redis down, a stuck outbox, a stopped SLA sweep)."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from kundcenter.ops import heartbeat
from kundcenter.outbox.models import OutboxItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def swept():
    heartbeat.record("sla_sweep")


def _checks(response):
    return {name: check["ok"] for name, check in response.json()["checks"].items()}


def test_health_is_ok_when_everything_answers(client, swept, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    response = client.get("/health/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ok"
    assert _checks(response) == {
        "database": True,
        "redis": True,
        "storage": True,
        "outbox": True,
        "sla_sweep": True,
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_fails_when_redis_is_down(client, swept, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/health/")
    assert response.status_code == 503
    assert _checks(response)["redis"] is False
    assert _checks(response)["database"] is True
    web = client.get("/health/web/")
    assert web.status_code == 503


def test_health_fails_when_the_database_is_down(client, swept, monkeypatch):
    from django.db import connection

    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    checks = _checks(response)
    assert checks["database"] is False
    assert checks["outbox"] is False and checks["sla_sweep"] is False
    # Nothing about the failure is told to whoever asks.
    assert "refused" not in response.content.decode()


def test_health_fails_when_the_sla_sweep_has_stopped(client, settings):
    settings.HEALTH_SWEEP_MAX_AGE_SECONDS = 600
    heartbeat.record("sla_sweep", now=timezone.now() - timedelta(minutes=11))
    response = client.get("/health/")
    assert response.status_code == 503
    assert _checks(response)["sla_sweep"] is False
    # The load balancer's probe does not care: this host can still serve.
    assert client.get("/health/web/").status_code == 200


def test_health_fails_while_the_outbox_is_stuck(client, swept, settings):
    settings.HEALTH_OUTBOX_MAX_AGE_SECONDS = 900
    OutboxItem.objects.create(
        topic="email",
        channel="email",
        created_at=timezone.now() - timedelta(minutes=20),
    )
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["outbox"]["waiting"] == 1
    assert _checks(response)["outbox"] is False


def test_the_sla_sweep_job_records_its_run(settings):
    from kundcenter.sla.tasks import sla_sweep

    sla_sweep.delay()
    run = heartbeat.last_run("sla_sweep")
    assert run is not None and run.succeeded
    assert timezone.now() - run.finished_at < timedelta(minutes=1)


def test_every_response_carries_a_request_id(client):
    response = client.get("/health/web/", HTTP_X_REQUEST_ID="lb-1234567890")
    assert response["X-Request-ID"] == "lb-1234567890"
    fresh = client.get("/health/web/", HTTP_X_REQUEST_ID="<script>")
    assert len(fresh["X-Request-ID"]) == 32 and fresh["X-Request-ID"] != "<script>"


def test_health_fails_when_the_database_server_is_unreachable(tmp_path):
    """For real, in a process of its own whose database server does not answer (nothing
    listens on port 1): both health addresses answer 503 naming the database."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "full = Client().get('/health/')\n"
        "web = Client().get('/health/web/')\n"
        "checks = {k: v['ok'] for k, v in full.json()['checks'].items()}\n"
        "print(json.dumps([full.status_code, web.status_code, checks]))\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "CACHE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="kundcenter.settings",
        DEBUG="1",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/kundcenter",
        KUNDCENTER_VAR_DIR=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    full, web, checks = json.loads(done.stdout.strip().splitlines()[-1])
    assert (full, web) == (503, 503)
    assert checks["database"] is False
