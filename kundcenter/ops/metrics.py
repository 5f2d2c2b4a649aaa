"""Prometheus metrics at /metrics (METRICS_ENABLED; off by default).

- `kundcenter_http_request_duration_seconds` (histogram): every request's time, labelled
  by URL name (never the path: it holds ticket numbers), method and status class.
- Read from the database at each scrape: tickets open, open tickets past a target
  (handling or resolution), outbox rows waiting and the oldest one's age, seconds since
  the SLA sweep last finished.

Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR to an empty folder
writable by them (prometheus_client's multiprocess mode), so the histogram adds up every
worker's requests. With METRICS_TOKEN set, the scraper must send
`Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hmac
import os
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

REQUEST_SECONDS = Histogram(
    "kundcenter_http_request_duration_seconds",
    "Time to answer a request, by URL name, method and status class.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class MetricsMiddleware:
    def __init__(self, get_response):
        if not settings.METRICS_ENABLED:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else "unmatched"
        REQUEST_SECONDS.labels(view, request.method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


class DatabaseFigures:
    """What the database says at scrape time (a handful of indexed counts)."""

    def collect(self):
        from django.db.models import Min, Q
        from django.utils import timezone

        from kundcenter.ops.heartbeat import last_run
        from kundcenter.outbox.models import OutboxItem
        from kundcenter.tickets.models import Ticket

        now = timezone.now()
        open_tickets = Ticket.objects.open()
        yield GaugeMetricFamily(
            "kundcenter_tickets_open", "Tickets not closed.", value=open_tickets.count()
        )
        late = open_tickets.filter(
            Q(response_breached_at__isnull=False) | Q(resolution_breached_at__isnull=False)
        ).count()
        yield GaugeMetricFamily(
            "kundcenter_tickets_open_breached",
            "Open tickets that missed their handling or resolution target.",
            value=late,
        )
        waiting = OutboxItem.objects.filter(gave_up_at__isnull=True)
        yield GaugeMetricFamily(
            "kundcenter_outbox_waiting", "Outbox rows not yet delivered.", value=waiting.count()
        )
        oldest = waiting.aggregate(oldest=Min("created_at"))["oldest"]
        yield GaugeMetricFamily(
            "kundcenter_outbox_oldest_seconds",
            "Age of the oldest outbox row waiting (0: none).",
            value=(now - oldest).total_seconds() if oldest else 0,
        )
        run = last_run("sla_sweep")
        yield GaugeMetricFamily(
            "kundcenter_sla_sweep_age_seconds",
            "Seconds since the SLA sweep last finished (-1: never).",
            value=(now - run.finished_at).total_seconds() if run else -1,
        )


_DATABASE = CollectorRegistry()
_DATABASE.register(DatabaseFigures())


def exposition() -> bytes:
    """The metrics in Prometheus's text format: this process's (or, in multiprocess mode,
    every worker's) request histogram, then the database's figures."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    return generate_latest(requests) + generate_latest(_DATABASE)


def metrics_view(request):
    if not settings.METRICS_ENABLED:
        raise Http404
    token = settings.METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(sent.encode(), token.encode()):
            return HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
