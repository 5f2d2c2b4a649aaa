"""API lists cost the same number of queries for one row as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from kundcenter.tickets import actions
from tests import factories
from tests.api.helpers import as_person


def _count(client, url, headers):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **headers).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["superuser_a", "specialist_hantverk"])
def test_the_ticket_list_is_constant(client, org_a, superuser_a, request, persona):
    headers = as_person(request.getfixturevalue(persona))
    factories.make_ticket(org_a, superuser_a)
    one = _count(client, "/api/v1/tickets", headers)
    for _ in range(5):
        factories.make_ticket(org_a, superuser_a, category="bug")
    assert _count(client, "/api/v1/tickets", headers) == one


def test_messages_and_events_are_constant(client, superuser_a, ticket_a):
    headers = as_person(superuser_a)
    with override("en"):
        actions.reply(ticket_a, superuser_a, "Första")
    url = f"/api/v1/tickets/{ticket_a.number}"
    messages, events = (
        _count(client, f"{url}/messages", headers),
        _count(client, f"{url}/events", headers),
    )
    for n in range(4):
        actions.reply(ticket_a, superuser_a, f"Svar {n}")
    assert _count(client, f"{url}/messages", headers) == messages
    assert _count(client, f"{url}/events", headers) == events


def test_webhook_endpoints_and_deliveries_are_constant(client, superuser_a, org_a, settings):
    from kundcenter.webhooks import endpoints

    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    headers = as_person(superuser_a, scopes=["webhooks"])
    hook = endpoints.create_endpoint(
        superuser_a, organization=org_a, url="http://127.0.0.1:9/h", events=["ticket.created"]
    )
    endpoints.send_test(hook, superuser_a)
    url = f"/api/v1/webhooks/{hook.pk}/deliveries"
    listed, deliveries = _count(client, "/api/v1/webhooks", headers), _count(client, url, headers)
    for _ in range(4):
        endpoints.create_endpoint(
            superuser_a, organization=org_a, url="http://127.0.0.1:9/h", events=["ticket.created"]
        )
        endpoints.send_test(hook, superuser_a)
    assert _count(client, "/api/v1/webhooks", headers) == listed
    assert _count(client, url, headers) == deliveries
