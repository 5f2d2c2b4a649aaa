"""Registering, changing and inspecting endpoints on the pages: SuperUsers from their
customer page, the support manager from the agent menu; the secret is shown once."""

from standardwebhooks import Webhook

from kundcenter.webhooks.models import Endpoint
from tests import factories
from tests.conftest import login


def _register(client, receiver, org=None, events=("ticket.created", "ticket.replied")):
    data = {"url": receiver.url, "description": "Vårt affärssystem", "events": list(events)}
    data["active"] = "on"
    if org is not None:
        data["organization"] = org.pk
    return client.post("/webhooks/" if org is None else f"/webhooks/kund/{org.pk}/", data)


def test_a_superuser_registers_an_endpoint_and_sees_the_secret_once(
    client, receiver, superuser_a, org_a
):
    login(client, superuser_a)
    assert "/webhooks/kund/" in client.get(f"/konto/kund/{org_a.pk}/").content.decode()
    response = _register(client, receiver, org_a)
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/webhooks/{endpoint.pk}/"
    assert endpoint.owner == superuser_a and endpoint.organization == org_a
    assert not endpoint.for_staff
    assert endpoint.events == ["ticket.created", "ticket.replied"]
    first = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret in first
    second = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret not in second


def test_a_customer_cannot_choose_staff_only_events(client, receiver, superuser_a, org_a):
    login(client, superuser_a)
    response = _register(client, receiver, org_a, events=["survey.answered"])
    assert response.status_code == 200
    assert not Endpoint.objects.exists()
    assert 'value="survey.answered"' not in response.content.decode()  # not offered


def test_bad_input_is_a_clear_message_not_a_500(client, superuser_a, org_a, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    login(client, superuser_a)
    for url in ["file:///etc/passwd", "http://127.0.0.1/x", "inte en adress", "https://"]:
        response = client.post(
            f"/webhooks/kund/{org_a.pk}/",
            {"url": url, "events": ["ticket.created"], "organization": org_a.pk},
        )
        assert response.status_code == 200
        assert "has-error" in response.content.decode() or "banner bad" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_rotating_the_secret_shows_the_new_one_once_and_signs_with_it(
    client, receiver, committed, endpoint_a, superuser_a, org_a, django_capture_on_commit_callbacks
):
    old = endpoint_a.secret
    login(client, superuser_a)
    client.post(f"/webhooks/{endpoint_a.pk}/ny-hemlighet/")
    endpoint_a.refresh_from_db()
    assert endpoint_a.secret != old
    assert endpoint_a.secret in client.get(f"/webhooks/{endpoint_a.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/webhooks/{endpoint_a.pk}/testa/")
    request = receiver.requests[-1]
    assert Webhook(endpoint_a.secret).verify(request["body"], request["headers"])["type"] == (
        "webhook.test"
    )


def test_the_manager_registers_a_staff_endpoint_for_every_customer(
    client, receiver, committed, manager, org_a, org_b, superuser_a, superuser_b
):
    login(client, manager)
    assert 'href="/webhooks/"' in client.get("/agent/").content.decode()
    response = _register(client, receiver)
    assert response.status_code == 302
    endpoint = Endpoint.objects.get()
    assert endpoint.for_staff and endpoint.organization is None
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    committed(lambda: factories.make_ticket(org_b, superuser_b))
    assert receiver.types() == ["ticket.created", "ticket.created"]


def test_the_pages_do_a_constant_number_of_queries(
    client,
    receiver,
    committed,
    endpoint_a,
    superuser_a,
    org_a,
    manager,
    django_assert_max_num_queries,
):
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    login(client, superuser_a)
    with django_assert_max_num_queries(30) as few:
        client.get(f"/webhooks/{endpoint_a.pk}/")
    for _n in range(3):
        committed(lambda: factories.make_ticket(org_a, superuser_a))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/webhooks/{endpoint_a.pk}/")
    login(client, manager)
    with django_assert_max_num_queries(30) as few:
        client.get("/webhooks/")
    from kundcenter.webhooks import endpoints

    for _n in range(3):
        endpoints.create_endpoint(
            superuser_a, organization=org_a, url=receiver.url, events=["ticket.created"]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/webhooks/")


def test_the_pages_are_in_swedish_first(client, settings, receiver, endpoint_a, superuser_a):
    settings.LANGUAGE_CODE = "sv"
    login(client, superuser_a)
    listing = client.get("/webhooks/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Registrera en mottagare" in listing and "Ärendet avslutat" in listing
    detail = client.get(f"/webhooks/{endpoint_a.pk}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Skicka en testhändelse" in detail and "Ny signeringshemlighet" in detail
