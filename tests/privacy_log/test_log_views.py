"""A person sees who processed their data; managers search the log per person or staff
member; customers and specialists get a 404 on the staff search."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.privacy.models import ProcessingLogEntry
from tests import factories
from tests.conftest import login


@pytest.fixture
def read_by_specialist(client, specialist_hantverk, ticket_a):
    login(client, specialist_hantverk)
    client.get(reverse("agent:ticket", args=[ticket_a.number]))
    client.logout()
    return ProcessingLogEntry.objects.get()


def test_person_sees_who_processed_their_data(client, superuser_a, read_by_specialist):
    login(client, superuser_a)
    response = client.get(reverse("privacy:my_log"))
    assert response.status_code == 200
    text = response.content.decode()
    assert read_by_specialist.actor.get_full_name() in text
    assert read_by_specialist.object_description in text


def test_person_does_not_see_others_entries(client, superuser_b, read_by_specialist):
    login(client, superuser_b)
    response = client.get(reverse("privacy:my_log"))
    assert read_by_specialist.object_description not in response.content.decode()


def test_profile_links_to_my_log(client, superuser_a):
    login(client, superuser_a)
    response = client.get(reverse("accounts:profile"))
    assert reverse("privacy:my_log") in response.content.decode()


def test_manager_searches_by_subject(client, manager, superuser_a, read_by_specialist):
    login(client, manager)
    response = client.get(reverse("privacy:log_search"), {"subject": superuser_a.email.upper()})
    assert response.status_code == 200
    assert read_by_specialist.object_description in response.content.decode()
    response = client.get(reverse("privacy:log_search"), {"subject": "nobody@example.com"})
    assert read_by_specialist.object_description not in response.content.decode()


def test_manager_searches_by_staff_member(
    client, manager, specialist_hantverk, specialist_handel, read_by_specialist
):
    login(client, manager)
    url = reverse("privacy:log_search")
    response = client.get(url, {"actor": specialist_hantverk.pk})
    assert read_by_specialist.object_description in response.content.decode()
    response = client.get(url, {"actor": specialist_handel.pk})
    assert read_by_specialist.object_description not in response.content.decode()


@pytest.mark.parametrize("persona", ["superuser_a", "customer_user_a", "specialist_hantverk"])
def test_staff_log_search_is_404_for_others(client, request, persona, db):
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("privacy:log_search")).status_code == 404


def test_log_pages_need_the_same_queries_however_many_entries(
    client, manager, specialist_hantverk, superuser_a, org_a, django_assert_max_num_queries
):
    def add_entries(count):
        people = [factories.make_user() for _ in range(count)]
        for person in people:
            factories.add_member(person, org_a)
        ProcessingLogEntry.objects.bulk_create(
            ProcessingLogEntry(
                at=timezone.now(), actor=specialist_hantverk, subject=p, action="read"
            )
            for p in [superuser_a, *people]
        )

    login(client, manager)
    url = reverse("privacy:log_search")
    add_entries(2)
    with django_assert_max_num_queries(50) as few:
        assert client.get(url, {"actor": specialist_hantverk.pk}).status_code == 200
    add_entries(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"actor": specialist_hantverk.pk})
    login(client, superuser_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("privacy:my_log")).status_code == 200


def test_my_log_names_what_was_processed_in_swedish(
    client, superuser_a, specialist_hantverk, ticket_a
):
    """Not "ticket 2026-000001" or "customer page #1" on a Swedish page."""
    from django.conf import settings as django_settings

    client.force_login(specialist_hantverk)
    client.get(reverse("agent:ticket", args=[ticket_a.number]))
    client.get(reverse("accounts:organization_detail", args=[ticket_a.organization_id]))
    client.force_login(superuser_a)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "sv"
    html = client.get(reverse("privacy:my_log")).content.decode()
    assert f"ärende {ticket_a.number}" in html
    assert f"ticket {ticket_a.number}" not in html
    assert "customer page" not in html
