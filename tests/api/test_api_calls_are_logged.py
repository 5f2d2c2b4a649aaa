"""Every API call is in the processing log: a person's token under the person and the
token's name, a client under its name."""

from kundcenter.privacy.models import ProcessingLogEntry
from tests.api.helpers import as_person


def test_a_personal_token_call_is_logged_under_its_person(client, superuser_a, ticket_a):
    client.get(f"/api/v1/tickets/{ticket_a.number}", **as_person(superuser_a))
    entry = ProcessingLogEntry.objects.get(action="api")
    assert entry.actor_id == superuser_a.pk
    assert entry.object_description == f"GET /api/v1/tickets/{ticket_a.number}"
    assert entry.client_name.startswith("token ")  # never the person's name


def test_a_refused_call_of_a_known_token_is_logged_too(client, superuser_b, ticket_a):
    client.get(f"/api/v1/tickets/{ticket_a.number}", **as_person(superuser_b))
    assert ProcessingLogEntry.objects.filter(action="api", actor=superuser_b).exists()
