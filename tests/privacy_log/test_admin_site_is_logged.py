"""Opening, changing or searching people in the Django admin site is processing of their
data like any other page: it goes into the processing log."""

from django.urls import reverse

from kundcenter.privacy.models import ProcessingLogEntry


def test_opening_a_person_in_the_admin_is_logged(client, admin_user, superuser_a):
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_change", args=[superuser_a.pk]))
    assert response.status_code == 200
    entry = ProcessingLogEntry.objects.get(subject=superuser_a)
    assert entry.actor == admin_user and entry.action == "read"
    assert entry.object_description == "admin: person"


def test_changing_a_person_in_the_admin_is_logged_as_a_change(client, admin_user, superuser_a):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[superuser_a.pk])
    client.post(url, {"email": "not-an-address"})  # refused form: still a change attempt
    assert ProcessingLogEntry.objects.filter(
        subject=superuser_a, actor=admin_user, action="change"
    ).exists()


def test_searching_people_in_the_admin_is_logged_without_the_terms(client, admin_user, superuser_a):
    client.force_login(admin_user)
    client.get(reverse("admin:accounts_user_changelist"), {"q": superuser_a.full_name})
    entry = ProcessingLogEntry.objects.get(action="search")
    assert entry.object_description == "search: admin people by q, results: 1"
    assert superuser_a.full_name not in entry.object_description
    assert "q=" not in entry.path
