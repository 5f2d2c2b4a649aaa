"""Idempotency-Key on creates: the same key and body answer the first result and create
nothing more; the same key with another body is a 422 problem."""

import threading

import pytest
from django.db import connection
from django.test import Client

from kundcenter.tickets.models import Message, Ticket
from tests.api.helpers import as_person

NEW = {"category": "support", "module": "ekonomi", "title": "Fråga", "description": "Hur?"}


def _post(client, url, data, headers, key):
    return client.post(
        url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **headers
    )


def test_the_same_key_and_body_register_one_ticket(client, org_a, superuser_a):
    headers = as_person(superuser_a)
    first = _post(client, "/api/v1/tickets", NEW, headers, "order-4711")
    again = _post(client, "/api/v1/tickets", NEW, headers, "order-4711")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(client, org_a, superuser_a):
    headers = as_person(superuser_a)
    _post(client, "/api/v1/tickets", NEW, headers, "order-4711")
    response = _post(client, "/api/v1/tickets", {**NEW, "title": "Annan"}, headers, "order-4711")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "different request" in response.json()["detail"]
    assert Ticket.objects.count() == 1


def test_another_key_makes_another_ticket(client, org_a, superuser_a):
    headers = as_person(superuser_a)
    _post(client, "/api/v1/tickets", NEW, headers, "a")
    _post(client, "/api/v1/tickets", NEW, headers, "b")
    assert Ticket.objects.count() == 2


def test_keys_are_each_tokens_own(client, org_a, superuser_a):
    _post(client, "/api/v1/tickets", NEW, as_person(superuser_a), "k")
    _post(client, "/api/v1/tickets", NEW, as_person(superuser_a), "k")
    assert Ticket.objects.count() == 2


def test_replies_honour_the_key(client, superuser_a, ticket_a):
    headers = as_person(superuser_a)
    url = f"/api/v1/tickets/{ticket_a.number}/replies"
    _post(client, url, {"body": "Hej"}, headers, "r1")
    _post(client, url, {"body": "Hej"}, headers, "r1")
    assert Message.objects.count() == 1


def test_a_refused_create_is_not_remembered(client, org_a, superuser_a):
    headers = as_person(superuser_a)
    bad = _post(client, "/api/v1/tickets", {**NEW, "category": "bug"}, headers, "x")
    assert bad.status_code == 422
    good = _post(
        client, "/api/v1/tickets", {**NEW, "category": "bug"} | {"service_level": 3}, headers, "y"
    )
    assert good.status_code == 201


def test_an_overlong_key_is_a_problem(client, org_a, superuser_a):
    response = _post(client, "/api/v1/tickets", NEW, as_person(superuser_a), "k" * 201)
    assert response.status_code == 422


def test_an_upload_with_the_same_key_is_stored_once(client, superuser_a, ticket_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    headers = as_person(superuser_a)

    def upload():
        return client.post(
            f"/api/v1/tickets/{ticket_a.number}/attachments",
            {"body": "Loggen", "files": [SimpleUploadedFile("a.txt", b"rad", "text/plain")]},
            HTTP_IDEMPOTENCY_KEY="file-1",
            **headers,
        )

    first, again = upload(), upload()
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert ticket_a.attachments.count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_with_one_key_at_the_same_moment_register_one_ticket(org_a, superuser_a):
    """The key's row is written before the ticket, in the same transaction: the second
    request waits on it and replays the first answer."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    headers = as_person(superuser_a)
    barrier = threading.Barrier(4)
    answers, lock = [], threading.Lock()

    def post():
        try:
            barrier.wait(timeout=30)
            response = _post(Client(), "/api/v1/tickets", NEW, headers, "order-race")
            with lock:
                answers.append((response.status_code, response.json()["number"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 4
    assert {status for status, _number in answers} == {201}
    assert len({number for _status, number in answers}) == 1
    assert Ticket.objects.count() == 1
