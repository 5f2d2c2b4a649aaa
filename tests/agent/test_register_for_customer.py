"""Staff register a phone call as a ticket on behalf of a customer's SuperUser."""

from django.urls import reverse

from kundcenter.accounts.models import Module
from kundcenter.tickets.models import Channel, Ticket, TicketEvent
from tests import factories

URL = reverse("agent:register")


def _data(org, reporter, **extra):
    return {
        "customer": org.org_number,
        "reporter": reporter.pk,
        "module": Module.objects.get(slug="lon").pk,
        "category": "support",
        "service_level": "",
        "title": "Ringde om semesterlön",
        "description": "Kunden undrar hur semesterlönen räknas.",
        **extra,
    }


def test_lookup_lists_only_the_customers_superusers(
    client, specialist_hantverk, org_a, superuser_a, customer_user_a, superuser_b
):
    client.force_login(specialist_hantverk)
    html = client.get(URL, {"customer": org_a.org_number.replace("-", "")}).content.decode()
    assert superuser_a.email in html
    assert customer_user_a.email not in html and superuser_b.email not in html


def test_unknown_org_number_is_explained(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    html = client.get(URL, {"customer": "5560000000"}).content.decode()
    assert 'class="errorlist' in html
    assert 'name="title"' not in html


def test_phone_ticket_is_registered_for_the_caller(
    client, specialist_hantverk, org_a, superuser_a, django_capture_on_commit_callbacks
):
    client.force_login(specialist_hantverk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data(org_a, superuser_a))
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agent:ticket", args=[ticket.number])
    assert ticket.channel == Channel.PHONE and ticket.reporter == superuser_a
    assert ticket.organization == org_a and ticket.module.slug == "lon"
    created = ticket.events.get(kind=TicketEvent.Kind.CREATED)
    assert created.actor == specialist_hantverk


def test_bug_without_level_is_refused_keeping_the_text(
    client, specialist_hantverk, org_a, superuser_a
):
    client.force_login(specialist_hantverk)
    response = client.post(URL, _data(org_a, superuser_a, category="bug"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "service level" in html and "Kunden undrar hur semesterlönen räknas." in html
    assert not Ticket.objects.exists()


def test_overdue_customer_is_refused(client, specialist_hantverk, org_a, superuser_a):
    org_a.payment_standing = "overdue"
    org_a.save(update_fields=["payment_standing"])
    client.force_login(specialist_hantverk)
    response = client.post(URL, _data(org_a, superuser_a))
    assert "overdue payment" in response.content.decode()
    assert not Ticket.objects.exists()


def test_reporter_must_be_a_superuser_of_that_customer(
    client, specialist_hantverk, org_a, superuser_b
):
    client.force_login(specialist_hantverk)
    response = client.post(URL, _data(org_a, superuser_b))
    assert response.status_code == 200
    assert not Ticket.objects.exists()


def test_customers_cannot_register_for_others(client, superuser_a, org_a):
    client.force_login(superuser_a)
    assert client.get(URL).status_code == 404
    assert client.post(URL, _data(org_a, superuser_a)).status_code == 404
    assert not Ticket.objects.exists()


def test_the_customer_is_found_by_name(client, specialist_hantverk, org_a, superuser_a):
    client.force_login(specialist_hantverk)
    html = client.get(URL, {"customer": "montage norr"}).content.decode()
    assert 'name="title"' in html
    assert org_a.org_number in html


def test_several_names_matching_are_listed_to_choose_from(client, specialist_hantverk, db):
    first = factories.make_org("Norrlands Bygg AB")
    second = factories.make_org("Norrlands El AB")
    client.force_login(specialist_hantverk)
    html = client.get(URL, {"customer": "norrlands"}).content.decode()
    assert 'name="title"' not in html
    assert first.name in html and second.name in html


def test_only_the_customers_licensed_modules_are_offered(
    client, specialist_hantverk, org_a, superuser_a
):
    client.force_login(specialist_hantverk)
    html = client.get(URL, {"customer": org_a.org_number}).content.decode()
    module_select = html.split('name="module"', 1)[1].split("</select>", 1)[0]
    assert "Ekonomi" in module_select and "Lön" in module_select
    assert "Projekt" not in module_select
