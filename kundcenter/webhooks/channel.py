"""The webhook channel subscribes to what the domain records (kundcenter.outbox.events).

Two steps, both through the outbox:

1. Fan-out (transactional, one transaction with the removal of the outbox row): the
   topic's events are built once from the committed rows (kundcenter.webhooks.payloads),
   addressed to the endpoints that may get them (kundcenter.webhooks.endpoints.receiving
   and `gets`), and one `Delivery` plus one outbox row (topic `webhook`) is recorded per
   endpoint. Exactly once, like the mail's fan-out.
2. Delivery (not transactional): one signed POST (kundcenter.webhooks.sending). A 2xx
   answer delivers it; anything else is logged and raised as `DeliveryFailed`, so the
   outbox tries again with its back-off (30 s, 1, 2, 4 … minutes, at most hourly) until
   OUTBOX_GIVE_UP_HOURS. Each attempt is logged (`Attempt`) and, where the body carries
   personal data, noted in the processing log. An endpoint whose last
   WEBHOOK_PAUSE_AFTER_FAILURES attempts all failed, the first at least
   WEBHOOK_PAUSE_AFTER_HOURS ago, is paused and its owner told by mail.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kundcenter.lib.compiled import EXISTS, Compiled
from kundcenter.outbox.events import record_mail, subscribe
from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.webhooks import endpoints, payloads, sending
from kundcenter.webhooks.models import Attempt, Delivery, Endpoint

CHANNEL = "webhooks"


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx: tried again later with the outbox's back-off."""


def connect() -> None:
    """Subscribe to the domain's topics and to `webhook` (called from WebhooksConfig.ready)."""
    for topic in payloads.TOPICS:
        subscribe(topic, CHANNEL, partial(fan_out, topic), transactional=True, idle=unheard)
    subscribe(
        endpoints.DELIVER,
        CHANNEL,
        deliver,
        transient=(DeliveryFailed,),
        given_up=given_up,
    )


# --- 1. fan-out ------------------------------------------------------------------------------


# `receiving` for one customer, as EXISTS, built once per process (it runs after every
# registration; building it cost more than running it).
_RECEIVING_ONE = Compiled(lambda organization_id: endpoints.receiving({organization_id}), EXISTS)


def unheard(payload: dict) -> bool:
    """Whether no endpoint may get the events of a payload that names its customer (a
    registration's): one query, outside the outbox's transaction; then nothing is read or
    recorded for it."""
    hint = payload.get("organization_id")
    return hint is not None and not _RECEIVING_ONE.exists(int(hint))


def fan_out(topic: str, payload: dict, now=None) -> list[Delivery]:
    """Record one delivery per endpoint that gets each event `topic` means.

    A payload that names its customer (`organization_id`, a registration's) is checked
    against the endpoints first: when none may get that customer's events, as for most
    customers, the rows behind the event are not read at all.
    """
    hint = payload.get("organization_id")
    candidates = None
    if hint is not None:
        candidates = list(endpoints.receiving({hint}))
        if not candidates:
            return []
    events = payloads.events_for(topic, payload)
    if not events:
        return []
    orgs = {e.organization_id for e in events}
    if candidates is None or orgs != {hint}:
        candidates = list(endpoints.receiving(orgs))
    if not candidates:
        return []
    now = now or timezone.now()
    deliveries = []
    for event in events:
        chosen = [ep for ep in candidates if endpoints.gets(ep, event)]
        if not chosen:
            continue
        body = endpoints.body_text(payloads.envelope(event.type, event.data, now))
        message_id = endpoints.new_message_id()
        deliveries += [
            Delivery(
                endpoint=ep,
                event_type=event.type,
                message_id=message_id,
                ticket_number=event.ticket_number,
                body=body,
                people=event.people,
                created_at=now,
            )
            for ep in chosen
        ]
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        endpoints.queue(deliveries)
    return deliveries


# --- 2. delivery -----------------------------------------------------------------------------


def deliver(payload: dict) -> None:
    """Send one delivery; DeliveryFailed for the outbox to try again."""
    delivery = (
        Delivery.objects.select_related("endpoint", "endpoint__owner")
        .filter(pk=payload.get("delivery_id"))
        .first()
    )
    if delivery is None:  # the endpoint was deleted meanwhile
        return
    endpoint = delivery.endpoint
    if not endpoints.may_receive(endpoint):
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SKIPPED)
        return
    now = timezone.now()
    headers = {
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": sending.sign(endpoint.secret, delivery.message_id, now, delivery.body),
    }
    answer = sending.post(endpoint.url, delivery.body, headers, public_only=not endpoint.for_staff)
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            at=now,
            status_code=answer.status_code,
            response_excerpt=answer.excerpt[:300],
            error=answer.error[:300],
            duration_ms=answer.duration_ms,
        )
        if answer.status_code is not None:
            _log_processing(delivery, endpoint, now)
        update = {"attempts": F("attempts") + 1, "last_status_code": answer.status_code}
        if answer.succeeded:
            Delivery.objects.filter(pk=delivery.pk).update(
                state=Delivery.State.DELIVERED, delivered_at=now, **update
            )
            Endpoint.objects.filter(pk=endpoint.pk).update(
                consecutive_failures=0, failing_since=None
            )
            return
        paused = _failed(endpoint, now)
        if paused:  # no more tries: the owner resumes and redelivers
            update["state"] = Delivery.State.FAILED
        Delivery.objects.filter(pk=delivery.pk).update(**update)
    if not paused:
        raise DeliveryFailed(answer.error or f"HTTP {answer.status_code}: {answer.excerpt[:100]}")


def given_up(payload: dict) -> None:
    """The outbox stopped trying (OUTBOX_GIVE_UP_HOURS): the delivery failed."""
    Delivery.objects.filter(pk=payload.get("delivery_id"), state=Delivery.State.PENDING).update(
        state=Delivery.State.FAILED
    )


def _log_processing(delivery: Delivery, endpoint: Endpoint, now) -> None:
    """The body reached a receiver: one processing-log entry per person it names."""
    if not delivery.people:
        return
    what = f"webhook {delivery.event_type} {delivery.ticket_number}".strip()
    ProcessingLogEntry.objects.bulk_create(
        ProcessingLogEntry(
            at=now,
            actor=None,
            client_name=f"webhook #{endpoint.pk}",
            subject_id=person,
            action=ProcessingLogEntry.Action.API,
            object_description=f"{what} → endpoint #{endpoint.pk}"[:255],
        )
        for person in delivery.people
    )


def _failed(endpoint: Endpoint, now) -> bool:
    """Count a failed attempt; pause the endpoint (and tell its owner) when it keeps
    failing. True if this attempt paused it."""
    Endpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1,
        failing_since=Coalesce(F("failing_since"), Value(now, output_field=DateTimeField())),
    )
    endpoint.refresh_from_db(fields=["consecutive_failures", "failing_since", "paused_at"])
    if endpoint.consecutive_failures < settings.WEBHOOK_PAUSE_AFTER_FAILURES:
        return False
    if now - endpoint.failing_since < timedelta(hours=settings.WEBHOOK_PAUSE_AFTER_HOURS):
        return False
    reason = (
        f"{endpoint.consecutive_failures} failed attempts since "
        f"{timezone.localtime(endpoint.failing_since):%Y-%m-%d %H:%M}"
    )
    if not Endpoint.objects.filter(pk=endpoint.pk, paused_at__isnull=True).update(
        paused_at=now, pause_reason=reason
    ):
        return True  # paused by a concurrent attempt, whose owner mail went
    endpoint.paused_at = now
    _tell_owner(endpoint)
    return True


def _tell_owner(endpoint: Endpoint) -> None:
    owner = endpoint.owner
    if not owner.is_active or not owner.email:
        return
    context = {
        "full_name": owner.full_name,
        "endpoint": endpoint,
        "failures": endpoint.consecutive_failures,
        "failing_since": timezone.localtime(endpoint.failing_since),
        "page_url": settings.SITE_URL + reverse("webhooks:detail", args=[endpoint.pk]),
        "vendor_name": settings.VENDOR_NAME,
    }
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        subject = render_to_string("webhooks/email/paused_subject.txt", context)
        body = render_to_string("webhooks/email/paused_email.txt", context)
    record_mail(
        {
            "to": [owner.email],
            "subject": " ".join(subject.split()),
            "body": body,
            "from_email": settings.DEFAULT_FROM_EMAIL,
        }
    )
