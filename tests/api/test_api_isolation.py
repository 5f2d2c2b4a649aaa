"""Another customer's ticket, attachment, event or webhook through the API: 404, exactly as
for a number that does not exist, whatever the operation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kundcenter.tickets import actions
from tests.api.helpers import as_person


@pytest.fixture
def other(superuser_a, ticket_a):
    """Customer A's ticket with a file and a history; the caller is customer B's SuperUser."""
    upload = SimpleUploadedFile("bild.txt", b"hemligt", content_type="text/plain")
    message = actions.reply(ticket_a, superuser_a, "Se filen.", files=[upload])
    return ticket_a, message.attachments.get(), ticket_a.events.order_by("pk").last()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/messages",
        "/events",
        "/attachments",
        "/sla",
        "/transitions",
        "/cost-proposals",
    ],
)
def test_another_customers_ticket_is_404(client, other, superuser_b, path):
    ticket, _file, _event = other
    response = client.get(f"/api/v1/tickets/{ticket.number}{path}", **as_person(superuser_b))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    missing = client.get(f"/api/v1/tickets/2026-999999{path}", **as_person(superuser_b))
    assert missing.json() == response.json()  # nothing tells that it exists


def test_another_customers_attachment_is_404(client, other, superuser_b):
    ticket, attachment, _event = other
    url = f"/api/v1/tickets/{ticket.number}/attachments/{attachment.pk}"
    assert client.get(url, **as_person(superuser_b)).status_code == 404


def test_an_attachment_named_under_ones_own_ticket_is_404(client, other, superuser_b, org_b):
    from tests import factories

    _ticket, attachment, _event = other
    mine = factories.make_ticket(org_b, superuser_b)
    url = f"/api/v1/tickets/{mine.number}/attachments/{attachment.pk}"
    assert client.get(url, **as_person(superuser_b)).status_code == 404


def test_another_customers_event_is_404(client, other, superuser_b):
    ticket, _file, event = other
    url = f"/api/v1/tickets/{ticket.number}/events/{event.pk}"
    assert client.get(url, **as_person(superuser_b)).status_code == 404


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/replies", {"body": "Hej"}),
        ("/notes", {"body": "Hej"}),
        ("/transitions", {"target": "closed"}),
    ],
)
def test_writing_to_another_customers_ticket_is_404(client, other, superuser_b, path, body):
    ticket, _file, _event = other
    response = client.post(
        f"/api/v1/tickets/{ticket.number}{path}",
        body,
        content_type="application/json",
        **as_person(superuser_b),
    )
    assert response.status_code == 404
    assert ticket.messages.count() == 1


def test_another_customers_page_is_404(client, org_a, superuser_b):
    response = client.get(f"/api/v1/customers/{org_a.org_number}", **as_person(superuser_b))
    assert response.status_code == 404


def test_an_internal_file_is_404_for_the_customer(
    client, superuser_a, ticket_a, specialist_hantverk
):
    upload = SimpleUploadedFile("intern.txt", b"internt", content_type="text/plain")
    note = actions.reply(
        ticket_a, specialist_hantverk, "Intern fil.", internal=True, files=[upload]
    )
    url = f"/api/v1/tickets/{ticket_a.number}/attachments/{note.attachments.get().pk}"
    assert client.get(url, **as_person(superuser_a)).status_code == 404
    assert client.get(url, **as_person(specialist_hantverk)).status_code == 200


def test_the_list_never_shows_another_customers_tickets(client, other, superuser_b):
    listed = client.get("/api/v1/tickets", **as_person(superuser_b)).json()
    assert listed["items"] == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("patch", ""),
        ("delete", ""),
        ("get", "/deliveries"),
        ("post", "/secret"),
        ("post", "/resume"),
        ("post", "/test"),
        ("post", "/deliveries/{delivery}/redeliver"),
    ],
)
def test_another_customers_webhook_is_404(client, superuser_a, org_a, superuser_b, method, path):
    """The matrix's webhook row: customer A's endpoint and delivery, asked by B's SuperUser
    (with the webhooks scope), answer exactly as an id that does not exist."""
    from kundcenter.webhooks import endpoints

    endpoint = endpoints.create_endpoint(
        superuser_a, organization=org_a, url="https://93.184.215.14/h", events=["ticket.created"]
    )
    delivery = endpoints.send_test(endpoint, superuser_a)
    headers = as_person(superuser_b, scopes=["webhooks"])
    call = getattr(client, method)
    kwargs = {"data": {}, "content_type": "application/json"} if method == "patch" else {}
    theirs = call(
        f"/api/v1/webhooks/{endpoint.pk}{path.format(delivery=delivery.pk)}", **kwargs, **headers
    )
    missing = call(f"/api/v1/webhooks/999999{path.format(delivery=999999)}", **kwargs, **headers)
    assert theirs.status_code == 404
    assert theirs.json() == missing.json()
    secret = endpoint.secret
    endpoint.refresh_from_db()  # still there, its secret unchanged
    assert endpoint.secret == secret
