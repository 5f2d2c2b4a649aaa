"""Prometheus metrics: off by default (404); on, they show request latency by URL name
(never a path with a ticket number) and the database's figures; a token keeps them to the
scraper."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def test_metrics_are_off_by_default(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_show_latency_and_the_database_figures(settings, org_a, superuser_a):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = ""
    ticket = factories.make_ticket(org_a, superuser_a)
    client = Client()  # a new handler: the middleware is loaded with metrics on
    client.force_login(superuser_a)
    assert client.get(f"/arenden/{ticket.number}/").status_code == 200
    text = client.get("/metrics").content.decode()
    count = 'kundcenter_http_request_duration_seconds_count{method="GET",status="2xx",'
    assert count + 'view="portal:ticket"} 1.0' in text
    assert ticket.number not in text
    assert "kundcenter_tickets_open 1.0" in text
    assert "kundcenter_outbox_waiting" in text
    assert "kundcenter_sla_sweep_age_seconds -1.0" in text


def test_a_token_keeps_metrics_to_the_scraper(settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = "s3cret-scraper-token"
    client = Client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scraper-token")
    assert ok.status_code == 200 and b"kundcenter_tickets_open" in ok.content
