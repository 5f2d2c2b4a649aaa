"""An endpoint that keeps failing is paused and its owner told; resuming starts again."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from kundcenter.webhooks.models import Delivery, Endpoint
from tests import factories
from tests.conftest import login


def _fail_three_times(receiver, committed, run_outbox, org_a, superuser_a):
    receiver.status = 500
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    now = timezone.now()
    run_outbox(now + timedelta(seconds=31))
    run_outbox(now + timedelta(minutes=3))


def test_an_endpoint_failing_for_long_enough_is_paused_and_its_owner_told(
    settings, receiver, committed, run_outbox, endpoint_a, org_a, superuser_a
):
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 3
    settings.WEBHOOK_PAUSE_AFTER_HOURS = 0
    mail.outbox.clear()
    _fail_three_times(receiver, committed, run_outbox, org_a, superuser_a)
    endpoint_a.refresh_from_db()
    assert endpoint_a.is_paused
    assert endpoint_a.consecutive_failures == 3
    told = [m for m in mail.outbox if m.to == [superuser_a.email] and "Webhook" in m.subject]
    assert len(told) == 1
    # Anna reads Swedish (her language): the mail is in Swedish, and names the address.
    assert told[0].subject.startswith("Webhook pausad")
    assert endpoint_a.url in told[0].body
    assert f"/webhooks/{endpoint_a.pk}/" in told[0].body
    # No more tries, and nothing new is sent to it while paused.
    assert Delivery.objects.get().state == Delivery.State.FAILED
    sent = len(receiver.requests)
    receiver.status = 200
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    run_outbox(timezone.now() + timedelta(hours=2))
    assert len(receiver.requests) == sent == 3


def test_failures_within_the_window_do_not_pause(
    settings, receiver, committed, run_outbox, endpoint_a, org_a, superuser_a
):
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 3
    settings.WEBHOOK_PAUSE_AFTER_HOURS = 24
    _fail_three_times(receiver, committed, run_outbox, org_a, superuser_a)
    endpoint_a.refresh_from_db()
    assert not endpoint_a.is_paused and endpoint_a.consecutive_failures == 3
    # One success resets the count.
    receiver.status = 200
    run_outbox(timezone.now() + timedelta(minutes=10))
    endpoint_a.refresh_from_db()
    assert endpoint_a.consecutive_failures == 0 and endpoint_a.failing_since is None


def test_the_owner_resumes_and_redelivers_from_the_page(
    settings,
    client,
    receiver,
    committed,
    run_outbox,
    endpoint_a,
    org_a,
    superuser_a,
    django_capture_on_commit_callbacks,
):
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 3
    settings.WEBHOOK_PAUSE_AFTER_HOURS = 0
    _fail_three_times(receiver, committed, run_outbox, org_a, superuser_a)
    login(client, superuser_a)
    page = client.get(f"/webhooks/{endpoint_a.pk}/").content.decode()
    assert "Paused" in page
    receiver.status = 200
    client.post(f"/webhooks/{endpoint_a.pk}/ateruppta/")
    endpoint = Endpoint.objects.get(pk=endpoint_a.pk)
    assert not endpoint.is_paused and endpoint.consecutive_failures == 0
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/webhooks/{endpoint_a.pk}/leveranser/{delivery.pk}/skicka-igen/")
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.DELIVERED
    assert receiver.requests[-1]["headers"]["webhook-id"] == delivery.message_id
