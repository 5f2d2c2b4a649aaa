"""The webhooks' periodic job: deliveries (bodies with personal data) are not kept for ever."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone


def forget_old_deliveries(now=None) -> int:
    """Delete deliveries (with their attempts) older than WEBHOOK_KEEP_DAYS that are not
    waiting; returns how many."""
    from kundcenter.webhooks.models import Delivery

    cutoff = (now or timezone.now()) - timedelta(days=settings.WEBHOOK_KEEP_DAYS)
    old = Delivery.objects.filter(created_at__lt=cutoff).exclude(state=Delivery.State.PENDING)
    return old.delete()[1].get("webhooks.Delivery", 0)


@shared_task(name="kundcenter.webhooks.tasks.forget_webhook_deliveries")
def forget_webhook_deliveries() -> int:
    return forget_old_deliveries()
