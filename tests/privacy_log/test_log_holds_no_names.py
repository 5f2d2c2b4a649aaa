"""The processing log stores no name and no e-mail address: people are accounts, or a
keyed hash of the address for someone without an account; what was processed is named
without personal data; the path keeps no query string. The pages show names and
addresses by reading the accounts, and find people by account or by a typed address."""

import hashlib

from django.db import models
from django.urls import reverse

from kundcenter.privacy import log
from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.privacy.requests import register_request
from tests import factories
from tests.conftest import login

ADDRESS = "anna.utan.konto@example.se"


def _stored_text(entry) -> str:
    """Everything the row holds as text, column by column."""
    return " ".join(
        str(getattr(entry, f.attname) or "")
        for f in ProcessingLogEntry._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.GenericIPAddressField)
    ).lower()


def test_searching_for_an_address_or_name_stores_neither(
    client, manager, org_a, superuser_a, ticket_a
):
    login(client, manager)
    client.get(reverse("agent:queue"), {"q": superuser_a.email})
    client.get(reverse("agent:queue"), {"customer": superuser_a.full_name})
    client.get(reverse("accounts:organization"), {"q": superuser_a.email})
    entries = list(ProcessingLogEntry.objects.filter(action="search"))
    assert len(entries) == 3
    for entry in entries:
        text = _stored_text(entry)
        assert superuser_a.email.lower() not in text
        assert superuser_a.full_name.lower() not in text
        assert "?" not in entry.path
    assert {e.object_description for e in entries} == {
        "search: queue by q, results: 0",
        "search: queue by customer, results: 0",
        "search: customers, results: 0",
    }


def test_a_customer_page_is_named_by_its_id_not_its_name(client, manager, org_a, superuser_a):
    login(client, manager)
    client.get(reverse("accounts:organization_detail", args=[org_a.pk]))
    entry = ProcessingLogEntry.objects.get(subject=superuser_a)
    assert entry.object_description == f"customer page #{org_a.pk}"
    assert org_a.name.lower() not in _stored_text(entry)


def test_a_person_without_an_account_is_a_keyed_hash_of_their_address(client, manager, db):
    dsr = register_request(by=manager, kind="export", email=ADDRESS.upper())
    login(client, manager)
    client.get(reverse("privacy:request_detail", args=[dsr.pk]))
    entry = ProcessingLogEntry.objects.get()
    assert entry.subject is None
    assert entry.subject_key == log.address_key(ADDRESS)
    # Keyed: the plain hash of the address, which anyone could compute, is not it.
    assert entry.subject_key != hashlib.sha256(ADDRESS.encode()).hexdigest()
    assert ADDRESS not in _stored_text(entry) and "anna" not in _stored_text(entry)


def test_manager_finds_a_person_without_an_account_by_typing_the_address(client, manager, db):
    dsr = register_request(by=manager, kind="export", email=ADDRESS)
    login(client, manager)
    client.get(reverse("privacy:request_export", args=[dsr.pk]))
    page = client.get(reverse("privacy:log_search"), {"subject": f" {ADDRESS.upper()} "})
    html = page.content.decode()
    assert f"data protection request no. {dsr.pk}" in html and "Person without an account" in html
    html = client.get(reverse("privacy:log_search"), {"subject": "annan@example.se"})
    assert f"request {dsr.pk}" not in html.content.decode()


def test_the_person_sees_entries_from_before_they_had_an_account(client, manager, db):
    dsr = register_request(by=manager, kind="export", email=ADDRESS)
    login(client, manager)
    client.get(reverse("privacy:request_detail", args=[dsr.pk]))
    person = factories.make_user(ADDRESS, name="Anna Utan")
    login(client, person)
    html = client.get(reverse("privacy:my_log")).content.decode()
    assert f"data protection request no. {dsr.pk}" in html and manager.get_full_name() in html


def test_names_are_read_from_the_accounts_when_shown(
    client, manager, specialist_hantverk, superuser_a, ticket_a
):
    login(client, specialist_hantverk)
    client.get(reverse("agent:ticket", args=[ticket_a.number]))
    specialist_hantverk.full_name = "Sara Nytt-Namn"
    specialist_hantverk.save(update_fields=["full_name"])
    superuser_a.full_name = "Anna Rättad"
    superuser_a.save(update_fields=["full_name"])
    login(client, manager)
    html = client.get(
        reverse("privacy:log_search"), {"actor": specialist_hantverk.pk}
    ).content.decode()
    assert "Sara Nytt-Namn" in html and "Anna Rättad" in html


def test_choosing_a_person_in_the_results_shows_only_their_entries(
    client, manager, org_a, superuser_a, customer_user_a
):
    login(client, manager)
    client.get(reverse("accounts:organization_detail", args=[org_a.pk]))  # both members
    url = reverse("privacy:log_search")
    html = client.get(url, {"actor": manager.pk}).content.decode()
    assert f"person={superuser_a.pk}" in html  # the link that chooses the person
    html = client.get(url, {"person": superuser_a.pk}).content.decode()
    assert superuser_a.email in html and customer_user_a.email not in html


def test_entries_hashed_with_a_rotated_key_are_still_found(settings, manager, db):
    settings.SECRET_KEY = "the-old-key-" + "x" * 40
    dsr = register_request(by=manager, kind="export", email=ADDRESS)
    old = log.record_entry(actor=manager, action="read", subject=dsr.email)

    def found():
        return list(ProcessingLogEntry.objects.filter(log.about_address(ADDRESS)))

    settings.SECRET_KEY = "the-new-key-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = ["the-old-key-" + "x" * 40]
    assert found() == [old]
    settings.SECRET_KEY_FALLBACKS = []
    assert found() == []  # once the old key is dropped, the older hashes match nothing
