"""The issue's must-show: a real receiver, the signature verified with the Standard
Webhooks library, retries after 500, exactly one delivery per event once it answers 200,
and redelivery from the endpoint's page."""

from datetime import timedelta

from django.utils import timezone
from standardwebhooks import Webhook

from kundcenter.outbox.models import OutboxItem
from kundcenter.tickets import actions
from kundcenter.webhooks.models import Delivery
from tests import factories
from tests.conftest import login


def test_signed_retried_after_500_delivered_once_and_redelivered(
    client,
    receiver,
    committed,
    run_outbox,
    endpoint_a,
    superuser_a,
    org_a,
    django_capture_on_commit_callbacks,
):
    receiver.planned.extend([500, 500])
    ticket = committed(lambda: factories.make_ticket(org_a, superuser_a))

    # First attempt right after the commit: 500, so it waits for the next try.
    assert len(receiver.requests) == 1
    first = receiver.requests[0]
    body = Webhook(endpoint_a.secret).verify(first["body"], first["headers"])
    assert body["type"] == "ticket.created"
    assert body["data"]["ticket"]["number"] == ticket.number
    assert body["data"]["ticket"]["organization"]["id"] == org_a.pk
    assert OutboxItem.objects.filter(topic="webhook").count() == 1

    # Not due yet: nothing is sent.
    now = timezone.now()
    run_outbox(now)
    assert len(receiver.requests) == 1
    # After the back-off (30 s) it is tried again: 500 again; then (1 min later) 200.
    run_outbox(now + timedelta(seconds=31))
    assert len(receiver.requests) == 2
    run_outbox(now + timedelta(minutes=3))
    assert len(receiver.requests) == 3
    delivery = Delivery.objects.get(endpoint=endpoint_a)
    assert delivery.state == Delivery.State.DELIVERED
    assert delivery.attempts == 3
    assert list(
        delivery.attempt_log.order_by("at", "id").values_list("status_code", flat=True)
    ) == [
        500,
        500,
        200,
    ]
    # Every attempt is the same message (one webhook-id), each newly signed and verifying.
    ids = {r["headers"]["webhook-id"] for r in receiver.requests}
    assert ids == {delivery.message_id}
    for request in receiver.requests:
        Webhook(endpoint_a.secret).verify(request["body"], request["headers"])

    # Delivered: nothing waits, and later runs send nothing more.
    assert not OutboxItem.objects.filter(topic="webhook").exists()
    run_outbox(now + timedelta(hours=3))
    assert len(receiver.requests) == 3

    # Redelivery from the endpoint's page: sent once more, same id, signature verifies.
    login(client, superuser_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/webhooks/{endpoint_a.pk}/leveranser/{delivery.pk}/skicka-igen/")
    assert response.status_code == 302
    assert len(receiver.requests) == 4
    again = receiver.requests[-1]
    assert again["headers"]["webhook-id"] == delivery.message_id
    assert Webhook(endpoint_a.secret).verify(again["body"], again["headers"])["type"] == (
        "ticket.created"
    )
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.DELIVERED and delivery.attempts == 4


def test_each_event_is_delivered_exactly_once_per_endpoint(
    receiver, committed, endpoint_a, staff_endpoint, superuser_a, org_a, specialist_hantverk
):
    ticket = committed(lambda: factories.make_ticket(org_a, superuser_a))
    committed(lambda: actions.reply(ticket, specialist_hantverk, "Vi tittar på det."))
    committed(lambda: actions.reply(ticket, superuser_a, "Tack!"))
    customer = [r for r in receiver.requests if "staff" not in r["path"]]
    staff = [r for r in receiver.requests if "staff" in r["path"]]
    for requests in (customer, staff):
        types = [r["body"] for r in requests]
        assert len(types) == len(set(types)) == 3
    assert sorted(r["headers"]["webhook-id"] for r in customer) == sorted(
        r["headers"]["webhook-id"] for r in staff
    )
    assert Delivery.objects.filter(state=Delivery.State.DELIVERED).count() == 6


def test_the_admin_sends_a_delivery_again(
    client,
    admin_user,
    receiver,
    committed,
    endpoint_a,
    superuser_a,
    org_a,
    django_capture_on_commit_callbacks,
):
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    delivery = Delivery.objects.get(endpoint=endpoint_a)
    login(client, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/webhooks/delivery/",
            {"action": "send_again", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    assert len(receiver.requests) == 2
    assert receiver.requests[1]["headers"]["webhook-id"] == delivery.message_id
