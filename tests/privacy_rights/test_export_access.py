"""Only the person, or a manager or administrator handling a request, gets an export."""

import json

import pytest
from django.urls import reverse

from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.privacy.requests import register_request


@pytest.fixture
def request_about_b(superuser_b, manager):
    return register_request(by=manager, kind="export", email=superuser_b.email)


def test_my_export_is_only_mine(client, customer_user_a, superuser_b):
    client.force_login(customer_user_a)
    doc = json.loads(b"".join(client.get(reverse("privacy:my_export")).streaming_content))
    assert doc["subject"]["user_id"] == customer_user_a.pk
    assert superuser_b.email not in json.dumps(doc)


@pytest.mark.parametrize("persona", ["customer_user_a", "superuser_a", "specialist_hantverk"])
def test_others_reaching_a_request_export_get_404(client, request, persona, request_about_b):
    client.force_login(request.getfixturevalue(persona))
    for name in ("privacy:request_export", "privacy:request_detail"):
        assert client.get(reverse(name, args=[request_about_b.pk])).status_code == 404
    assert client.get(reverse("privacy:requests")).status_code == 404


def test_manager_downloads_export_for_a_request_and_it_is_logged(
    client, manager, superuser_b, request_about_b
):
    client.force_login(manager)
    response = client.get(reverse("privacy:request_export", args=[request_about_b.pk]))
    doc = json.loads(b"".join(response.streaming_content))
    assert doc["subject"]["user_id"] == superuser_b.pk
    assert ProcessingLogEntry.objects.filter(
        actor=manager, subject=superuser_b, action="export"
    ).exists()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("privacy:my_export"))
    assert response.status_code == 302
