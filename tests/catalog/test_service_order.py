"""Ordering a service: SuperUsers get an Order ticket, everyone else is told why not."""

from django.urls import reverse

from kundcenter.tickets.models import Channel, Ticket
from tests.catalog.helpers import make_service


def test_superuser_order_creates_an_order_ticket(client, org_a, superuser_a):
    service = make_service(module="ekonomi")
    client.force_login(superuser_a)

    response = client.post(
        reverse("catalog:service", args=[service.slug]),
        {"organization": org_a.pk, "details": "Vår nya logotyp ska in på fakturan före 1 maj."},
        follow=True,
    )

    ticket = Ticket.objects.get()
    assert f"Your order is registered as ticket {ticket.number}" in response.content.decode()
    assert ticket.category == "order"
    assert ticket.title == "Order: Anpassning av fakturamall"
    assert "Vår nya logotyp ska in på fakturan före 1 maj." in ticket.description
    assert "Fast pris 4 500 kr" in ticket.description
    assert ticket.organization == org_a
    assert ticket.reporter == superuser_a
    assert ticket.status == "new"
    assert ticket.channel == Channel.CATALOG == "catalog"


def test_catalog_order_shows_its_channel_to_staff(client, org_a, superuser_a, consultant):
    service = make_service()
    client.force_login(superuser_a)
    client.post(
        reverse("catalog:service", args=[service.slug]),
        {"organization": org_a.pk, "details": "Logotypen på fakturan, tack."},
    )
    ticket = Ticket.objects.get()

    client.force_login(consultant)
    page = client.get(reverse("agent:ticket", args=[ticket.number])).content.decode()
    assert "Service catalog" in page


def test_order_ticket_lands_in_the_consultants_queue(client, org_a, superuser_a, consultant):
    service = make_service()
    client.force_login(superuser_a)
    client.post(
        reverse("catalog:service", args=[service.slug]),
        {"organization": org_a.pk, "details": "Logotypen på fakturan, tack."},
    )
    ticket = Ticket.objects.get()
    assert ticket.lane == "consultant"

    client.force_login(consultant)
    queue = client.get(reverse("agent:queue")).content.decode()

    assert ticket.number in queue
    assert "Order: Anpassning av fakturamall" in queue


def test_plain_user_sees_why_and_cannot_order(client, superuser_a, customer_user_a):
    service = make_service()
    client.force_login(customer_user_a)

    page = client.get(reverse("catalog:service", args=[service.slug])).content.decode()
    assert "Only your organisation&#x27;s SuperUsers can contact support" in page
    assert "Anna Berg" in page
    assert "Send order" not in page

    client.post(reverse("catalog:service", args=[service.slug]), {"details": "Snälla"})
    assert not Ticket.objects.exists()


def test_person_without_a_customer_is_told_why(client, db):
    from tests.factories import make_user

    service = make_service()
    client.force_login(make_user())

    page = client.get(reverse("catalog:service", args=[service.slug])).content.decode()

    assert "not linked to a customer yet" in page


def test_order_without_details_keeps_the_form(client, org_a, superuser_a):
    service = make_service()
    client.force_login(superuser_a)

    response = client.post(
        reverse("catalog:service", args=[service.slug]), {"organization": org_a.pk, "details": ""}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Ticket.objects.exists()


def test_catalog_lists_services_by_group(client, customer_user_a):
    make_service()
    make_service("Lönehantering som tjänst", group="payroll")
    client.force_login(customer_user_a)

    page = client.get(reverse("catalog:services")).content.decode()

    assert "Micro services" in page and "Payroll outsourcing" in page
    assert "Lönehantering som tjänst" in page


def test_staff_see_the_service_without_an_order_form(client, consultant):
    service = make_service()
    client.force_login(consultant)

    page = client.get(reverse("catalog:service", args=[service.slug])).content.decode()

    assert "Send order" not in page
    assert "the order becomes an Order ticket" in page


def test_an_order_keeps_the_services_module_even_unlicensed(client, org_a, superuser_a):
    # org_a licenses Ekonomi and Lön; ordering a Projekt service is how one buys into it.
    service = make_service(name="Införande av Projekt", module="projekt")
    client.force_login(superuser_a)
    client.post(
        reverse("catalog:service", args=[service.slug]),
        {"organization": org_a.pk, "details": "Vi vill komma igång med projektmodulen."},
    )
    ticket = Ticket.objects.get()
    assert ticket.module.slug == "projekt"
