"""Deliveries carry personal data: each attempt that reached a receiver is in the
processing log; an erased person's endpoints go; an export lists them without the secret;
old deliveries are deleted."""

import json
from datetime import timedelta

from django.utils import timezone

from kundcenter.privacy import erasure
from kundcenter.privacy.export import export_json
from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.privacy.subject import personal_data
from kundcenter.webhooks.models import Delivery, Endpoint
from kundcenter.webhooks.tasks import forget_old_deliveries
from tests import factories


def test_each_delivery_attempt_is_in_the_processing_log(
    receiver, committed, endpoint_a, org_a, superuser_a
):
    ticket = committed(lambda: factories.make_ticket(org_a, superuser_a))
    entries = ProcessingLogEntry.objects.filter(client_name=f"webhook #{endpoint_a.pk}")
    assert list(entries.values_list("subject_id", "action")) == [(superuser_a.pk, "api")]
    entry = entries.get()
    assert ticket.number in entry.object_description
    # No name or address in the log (kundcenter.privacy.log).
    assert superuser_a.full_name not in entry.object_description
    assert superuser_a.email not in entry.object_description


def test_the_body_names_people_but_holds_no_email_address(
    receiver, committed, endpoint_a, org_a, superuser_a
):
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    body = receiver.requests[0]["body"].decode()
    assert superuser_a.full_name in body and superuser_a.email not in body
    assert json.loads(body)["data"]["ticket"]["reporter"] == {
        "id": superuser_a.pk,
        "name": superuser_a.full_name,
        "staff": False,
    }


def test_an_export_lists_the_persons_endpoints_without_the_secret(endpoint_a, superuser_a):
    document = export_json(personal_data(user=superuser_a))
    text = json.dumps(document, ensure_ascii=False)
    assert endpoint_a.url in text
    assert endpoint_a.secret not in text


def test_erasing_a_person_removes_their_endpoints_and_deliveries(
    receiver, committed, endpoint_a, org_a, superuser_a, manager
):
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    assert Delivery.objects.exists()
    erasure.erase_person(by=manager, user=superuser_a)
    assert not Endpoint.objects.exists() and not Delivery.objects.exists()


def test_old_deliveries_are_deleted(receiver, committed, endpoint_a, org_a, superuser_a, settings):
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    settings.WEBHOOK_KEEP_DAYS = 30
    assert forget_old_deliveries(timezone.now() + timedelta(days=29)) == 0
    assert forget_old_deliveries(timezone.now() + timedelta(days=31)) == 1
    assert not Delivery.objects.exists()


def test_erasure_rewrites_the_persons_name_in_deliveries_kept_for_others(
    receiver, committed, staff_endpoint, org_a, superuser_a, manager
):
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    delivery = Delivery.objects.get(endpoint=staff_endpoint)
    assert superuser_a.full_name in delivery.body
    erasure.erase_person(by=manager, user=superuser_a)
    delivery.refresh_from_db()
    assert superuser_a.full_name not in delivery.body
    assert json.loads(delivery.body)["data"]["ticket"]["reporter"]["name"] == (
        erasure.ANONYMOUS_NAME
    )
