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
