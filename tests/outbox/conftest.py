"""Fixtures for the outbox: a real SMTP server, mail recorded as a change would record it,
and a way to leave recorded rows undelivered (a broker that is down, a killed worker)."""

import pytest
from django.db import transaction

from kundcenter.outbox import events
from kundcenter.outbox.events import record_mail
from kundcenter.outbox.models import OutboxItem


def mail(to="kund@example.se", n=1, **extra):
    """A rendered mail as the mail channel records it (an `email` payload)."""
    return {
        "to": [to],
        "subject": f"[Ticket 2026-00000{n}] Test",
        "body": "Text",
        "html": "<p>Text</p>",
        "headers": {
            "Message-ID": f"<outbox-{n}@kundcenter.example>",
            "In-Reply-To": "<kc.2026-000001.root@kundcenter.example>",
        },
        **extra,
    }


@pytest.fixture
def send_mail(django_capture_on_commit_callbacks):
    """Record mail in a committed change: delivered at once after the commit."""

    def send(*payloads):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            rows = [row for payload in payloads for row in record_mail(payload)]
        return [OutboxItem.objects.filter(pk=row.pk).first() for row in rows]

    return send


@pytest.fixture
def waiting_mail(django_capture_on_commit_callbacks):
    """Record mail in a committed change whose hand-over never happened (the broker was
    down): the rows wait for the periodic job."""

    def record(*payloads):
        with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
            rows = [row for payload in payloads for row in record_mail(payload)]
        return [OutboxItem.objects.get(pk=row.pk) for row in rows]

    return record


@pytest.fixture
def listen():
    """Subscribe a test channel ("test") to a topic for the length of the test."""
    topics = []

    def subscribe(topic, handler, **options):
        topics.append(topic)
        return events.subscribe(topic, "test", handler, **options)

    yield subscribe
    for topic in topics:
        events._subscribers.get(topic, {}).pop("test", None)
