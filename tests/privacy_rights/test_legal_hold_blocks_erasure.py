"""A legal hold on the person or on their customer blocks erasure, with its reason."""

import pytest
from django.urls import reverse

from kundcenter.lib.errors import ActionError
from kundcenter.privacy.erasure import erase_person
from kundcenter.privacy.models import LegalHold
from kundcenter.privacy.requests import register_request


def test_hold_on_the_person_blocks_with_reason(person, manager):
    LegalHold.objects.create(user=person, reason="Tvist om faktura 1234", set_by=manager)
    with pytest.raises(ActionError, match="Tvist om faktura 1234"):
        erase_person(by=manager, user=person)
    person.refresh_from_db()
    assert person.is_active and person.full_name == "Greta Exempelsson"


def test_hold_on_the_customer_blocks(person, org_a, manager):
    LegalHold.objects.create(organization=org_a, reason="Polisutredning", set_by=manager)
    with pytest.raises(ActionError, match=f"{org_a.name}.*Polisutredning"):
        erase_person(by=manager, user=person)


def test_released_hold_does_not_block(person, manager):
    LegalHold.objects.create(user=person, reason="Gammal", set_by=manager, active=False)
    erase_person(by=manager, user=person)
    person.refresh_from_db()
    assert not person.is_active


def test_only_managers_and_admins_erase(person, specialist_hantverk, superuser_a):
    for who in (specialist_hantverk, superuser_a):
        with pytest.raises(ActionError):
            erase_person(by=who, user=person)


def test_request_page_shows_the_hold_and_erasing_is_refused(client, person, manager):
    LegalHold.objects.create(user=person, reason="Tvist om faktura 1234", set_by=manager)
    dsr = register_request(by=manager, kind="erasure", email=person.email)
    client.force_login(manager)
    page = client.get(reverse("privacy:request_detail", args=[dsr.pk])).content.decode()
    assert "Tvist om faktura 1234" in page
    response = client.post(
        reverse("privacy:request_erase", args=[dsr.pk]), {"confirm": "erase"}, follow=True
    )
    assert "Tvist om faktura 1234" in response.content.decode()
    person.refresh_from_db()
    assert person.is_active


def test_erasure_through_the_request_page(client, person, manager):
    dsr = register_request(by=manager, kind="erasure", email=person.email)
    client.force_login(manager)
    # Without the confirmation box nothing happens.
    client.post(reverse("privacy:request_erase", args=[dsr.pk]))
    person.refresh_from_db()
    assert person.is_active
    client.post(reverse("privacy:request_erase", args=[dsr.pk]), {"confirm": "erase"})
    person.refresh_from_db()
    dsr.refresh_from_db()
    assert not person.is_active and dsr.status == "done"
