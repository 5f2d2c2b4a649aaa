"""Granting access from the customer page and from a ticket page; staff see the grants in
force and their expiry on the ticket and customer pages."""

import pytest
from django.urls import reverse

from kundcenter.accounts.models import SupportAccessGrant
from tests import factories
from tests.entitlements.helpers import at, freeze, grant_now

THURSDAY = at(2026, 3, 26, 15)
FRIDAY = at(2026, 3, 20, 10)


def _grant_url(org):
    return reverse("accounts:grant_access", args=[org.pk])


def _customer_page(client, user, org):
    client.force_login(user)
    return client.get(reverse("accounts:organization_detail", args=[org.pk])).content.decode()


def test_the_hours_choice_shows_only_on_a_friday(client, monkeypatch, org_a, superuser_a):
    freeze(monkeypatch, THURSDAY)
    html = _customer_page(client, superuser_a, org_a)
    assert "for 8 business hours from now" in html and 'name="hours"' not in html
    freeze(monkeypatch, FRIDAY)
    html = _customer_page(client, superuser_a, org_a)
    assert "today is a Friday, so choose 24 or 72 hours" in html
    assert 'name="hours" value="24"' in html and 'name="hours" value="72"' in html


def test_a_superuser_grants_8_business_hours_from_the_customer_page(
    client, monkeypatch, org_a, superuser_a
):
    freeze(monkeypatch, THURSDAY)
    client.force_login(superuser_a)
    response = client.post(
        _grant_url(org_a), {"audience": "support", "note": "Momsrapporten"}, follow=True
    )
    html = response.content.decode()
    assert "Service &amp; Kvalitet may log in to your setup until 2026-03-27 16:00." in html
    grant = SupportAccessGrant.objects.get()
    assert grant.expires_at == at(2026, 3, 27, 16) and grant.note == "Momsrapporten"


def test_a_friday_grant_without_a_choice_is_refused_keeping_the_note(
    client, monkeypatch, org_a, superuser_a
):
    freeze(monkeypatch, FRIDAY)
    client.force_login(superuser_a)
    response = client.post(_grant_url(org_a), {"audience": "support", "note": "Lönekörning"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "On a Friday, choose whether access lasts 24 or 72 hours." in html
    assert 'value="Lönekörning"' in html
    assert not SupportAccessGrant.objects.exists()


@pytest.mark.parametrize(
    ("hours", "until"), [("24", "2026-03-21 10:00"), ("72", "2026-03-23 10:00")]
)
def test_a_friday_grant_of_24_or_72_hours(client, monkeypatch, org_a, superuser_a, hours, until):
    freeze(monkeypatch, FRIDAY)
    client.force_login(superuser_a)
    response = client.post(_grant_url(org_a), {"audience": "support", "hours": hours}, follow=True)
    assert f"until {until}." in response.content.decode()


def test_consultants_from_the_customer_page_need_the_order(client, org_a, superuser_a, ticket_a):
    order = factories.make_ticket(org_a, superuser_a, category="order", title="Ny momskod")
    client.force_login(superuser_a)
    html = client.post(_grant_url(org_a), {"audience": "consultant"}).content.decode()
    assert "choose its order ticket" in html
    client.post(_grant_url(org_a), {"audience": "consultant", "ticket": order.number})
    assert SupportAccessGrant.objects.get().ticket == order


def test_a_superuser_grants_from_a_ticket_page_and_returns_to_it(client, org_a, superuser_a):
    order = factories.make_ticket(org_a, superuser_a, category="order", title="Ny momskod")
    client.force_login(superuser_a)
    page = reverse("portal:ticket", args=[order.number])
    html = client.get(page).content.decode()
    assert "Grant support access" in html and f'name="from_ticket" value="{order.number}"' in html
    response = client.post(
        _grant_url(org_a),
        {
            "audience": "consultant",
            "ticket": order.number,
            "from_ticket": order.number,
            "next": page,
        },
    )
    assert response.status_code == 302 and response["Location"] == page
    assert SupportAccessGrant.objects.get().ticket == order


def test_staff_see_grants_and_expiry_on_the_ticket_and_customer_pages(
    client, org_a, superuser_a, ticket_a, specialist_hantverk
):
    grant = grant_now(org_a, superuser_a, ticket=ticket_a, note="Felsök momsen")
    until = f"{grant.expires_at.astimezone(at(2026, 1, 1).tzinfo):%Y-%m-%d %H:%M}"
    client.force_login(specialist_hantverk)
    for url in (
        reverse("agent:ticket", args=[ticket_a.number]),
        reverse("accounts:organization_detail", args=[org_a.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Support access to the setup" in html, url
        assert until in html and "Felsök momsen" in html and "Anna Berg" in html, url
        assert "Grant support access" not in html  # the customer grants, not staff


def test_no_grants_says_the_vendor_cannot_log_in(client, ticket_a, specialist_hantverk):
    client.force_login(specialist_hantverk)
    html = client.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    assert "No access granted now: the vendor cannot log in" in html


@pytest.mark.parametrize("who", ["superuser_b", "customer_user_a", "specialist_hantverk"])
def test_others_cannot_grant_for_the_customer(client, request, org_a, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(_grant_url(org_a), {"audience": "support", "hours": "24"})
    assert response.status_code == 404
    assert not SupportAccessGrant.objects.exists()


def test_another_customers_ticket_on_the_grant_form_is_not_found(
    client, org_a, org_b, superuser_a, superuser_b
):
    ticket_b = factories.make_ticket(org_b, superuser_b, category="order")
    client.force_login(superuser_a)
    response = client.post(
        _grant_url(org_a), {"audience": "consultant", "from_ticket": ticket_b.number}
    )
    assert response.status_code == 404
    response = client.post(_grant_url(org_a), {"audience": "consultant", "ticket": ticket_b.number})
    assert "Select a valid choice" in response.content.decode()
    assert not SupportAccessGrant.objects.exists()


def test_the_ticket_pages_need_the_same_queries_with_more_grants(
    client, org_a, superuser_a, ticket_a, specialist_hantverk, django_assert_max_num_queries
):
    grant_now(org_a, superuser_a, ticket=ticket_a)
    for user, url in (
        (superuser_a, reverse("portal:ticket", args=[ticket_a.number])),
        (specialist_hantverk, reverse("agent:ticket", args=[ticket_a.number])),
    ):
        client.force_login(user)
        client.get(url)  # warm the per-process caches first
        with django_assert_max_num_queries(30) as few:
            client.get(url)
        for _i in range(5):
            grant_now(org_a, superuser_a, ticket=ticket_a)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(url)
