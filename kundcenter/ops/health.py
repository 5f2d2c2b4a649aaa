"""The health endpoint: what a load balancer and monitoring ask of each web host.

`/health/` checks everything Kundcenter needs to do its work and answers 200 when all of
it is well, 503 when anything is not, with one JSON object naming each check:

- database: a query answers;
- redis: the broker and cache answer PING (only when REDIS_URL is set);
- storage: a file can be written to and deleted from the media storage;
- outbox: nothing has waited longer than HEALTH_OUTBOX_MAX_AGE_SECONDS (the worker or the
  mail server is stuck), nothing given up in the last day;
- sla_sweep: the SLA sweep finished within HEALTH_SWEEP_MAX_AGE_SECONDS (beat or the
  scheduler runs).

`/health/web/` checks only what this web host itself needs (database, redis, storage):
the load balancer's probe, so a stopped worker never takes every web host out of
rotation. Answers name no errors, hosts or versions; operators read the log.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

log = logging.getLogger(__name__)


def ping_redis(url: str, timeout: float = 2.0) -> str:
    """'' when Redis at `url` answers PING, else a short description of the failure."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # any failure means not reachable; say which kind
        return type(exc).__name__
    return ""


def _timed(fn):
    started = time.perf_counter()
    try:
        detail = fn() or {}
        ok = detail.pop("ok", True)
    except Exception as exc:  # a check that raises has failed; the log says why
        log.warning("health check %s failed: %r", fn.__name__, exc)
        ok, detail = False, {}
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1), **detail}


def check_database():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis():
    problem = ping_redis(settings.REDIS_URL)
    if problem:
        log.warning("health check redis failed: %s", problem)
    return {"ok": not problem}


def check_storage():
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def check_outbox(now):
    from django.db.models import Min

    from kundcenter.outbox.models import OutboxItem

    waiting = OutboxItem.objects.filter(gave_up_at__isnull=True)
    oldest = waiting.aggregate(oldest=Min("created_at"))["oldest"]
    age = (now - oldest).total_seconds() if oldest else 0
    given_up = OutboxItem.objects.filter(gave_up_at__gte=now - timedelta(days=1)).count()
    return {
        "ok": age <= settings.HEALTH_OUTBOX_MAX_AGE_SECONDS and given_up == 0,
        "waiting": waiting.count(),
        "oldest_seconds": round(age),
        "given_up_last_day": given_up,
    }


def check_sla_sweep(now):
    from kundcenter.ops.heartbeat import last_run

    run = last_run("sla_sweep")
    if run is None:
        return {"ok": False, "age_seconds": None}
    age = (now - run.finished_at).total_seconds()
    return {
        "ok": run.succeeded and age <= settings.HEALTH_SWEEP_MAX_AGE_SECONDS,
        "age_seconds": round(age),
    }


def report(*, web_only: bool = False) -> dict:
    """Every check's result and the overall verdict."""
    now = timezone.now()
    checks = {"database": _timed(check_database)}
    if settings.REDIS_URL:
        checks["redis"] = _timed(check_redis)
    checks["storage"] = _timed(check_storage)
    if not web_only and checks["database"]["ok"]:

        def outbox():
            return check_outbox(now)

        def sla_sweep():
            return check_sla_sweep(now)

        checks["outbox"] = _timed(outbox)
        checks["sla_sweep"] = _timed(sla_sweep)
    elif not web_only:
        checks["outbox"] = checks["sla_sweep"] = {"ok": False, "ms": 0}
    healthy = all(check["ok"] for check in checks.values())
    return {"status": "ok" if healthy else "fail", "checks": checks}
