"""A registration names its customer in its outbox row, so the webhook fan-out of a
customer nobody listens to (most customers) reads no ticket: one query for the endpoints,
and the events of customers that have endpoints still go out (issue 15)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kundcenter.outbox import delivery as outbox_delivery
from kundcenter.outbox.models import OutboxItem
from kundcenter.webhooks import channel
from kundcenter.webhooks.models import Delivery
from tests import factories


def test_no_endpoint_for_the_customer_means_one_query_and_no_delivery(org_a, superuser_a):
    ticket = factories.make_ticket(org_a, superuser_a)
    row = OutboxItem.objects.get(topic="ticket_registered", channel=channel.CHANNEL)
    assert row.payload == {"ticket_id": ticket.pk, "organization_id": org_a.pk}
    with CaptureQueriesContext(connection) as captured:
        assert channel.fan_out("ticket_registered", row.payload) == []
    assert len(captured) == 1
    assert "tickets_ticket" not in captured[0]["sql"]


def test_the_customers_own_and_staff_endpoints_still_get_the_registration(
    receiver, committed, endpoint_a, staff_endpoint, org_a, org_b, superuser_a, superuser_b
):
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    assert Delivery.objects.filter(endpoint=endpoint_a, event_type="ticket.created").count() == 1
    committed(lambda: factories.make_ticket(org_b, superuser_b))
    assert Delivery.objects.filter(endpoint=endpoint_a).count() == 1  # not org_b's
    assert (
        Delivery.objects.filter(endpoint=staff_endpoint, event_type="ticket.created").count() == 2
    )
    # An older row without the customer (recorded before it rode along) still fans out.
    ticket = factories.make_ticket(org_a, superuser_a)
    made = channel.fan_out("ticket_registered", {"ticket_id": ticket.pk})
    assert {d.endpoint_id for d in made} == {endpoint_a.pk, staff_endpoint.pk}


def test_the_outbox_removes_an_unheard_registration_without_a_transaction(org_a, superuser_a):
    """Delivering the webhook row of a customer without endpoints: read the row, ask for
    endpoints, delete it (nothing is delivered, so no claim); no transaction, no ticket
    read."""
    factories.make_ticket(org_a, superuser_a)
    row = OutboxItem.objects.get(topic="ticket_registered", channel=channel.CHANNEL)
    with CaptureQueriesContext(connection) as captured:
        result = outbox_delivery.deliver(ids=[row.pk])
    assert result.delivered == 1
    assert not OutboxItem.objects.filter(pk=row.pk).exists()
    run = [q["sql"] for q in captured.captured_queries]
    assert len(run) == 3, "\n".join(run)
    assert not [sql for sql in run if "SAVEPOINT" in sql or "tickets_ticket" in sql]
    assert not [sql for sql in run if sql.lstrip().upper().startswith("UPDATE")]


def test_an_unheard_row_another_run_claimed_is_left_to_it(org_a, superuser_a):
    """The unclaimed DELETE keeps the attempts as read: a row claimed meanwhile by
    another run is not removed under it."""
    factories.make_ticket(org_a, superuser_a)
    row = OutboxItem.objects.get(topic="ticket_registered", channel=channel.CHANNEL)
    OutboxItem.objects.filter(pk=row.pk).update(attempts=1)  # the other run's claim
    assert not outbox_delivery._idle_removed(row)
    assert OutboxItem.objects.filter(pk=row.pk).exists()
