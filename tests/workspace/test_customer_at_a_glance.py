"""The customer at a glance on every agent ticket page, in a constant number of queries.

The page asks for the panel (htmx) once it scrolls into view; whoever may not see the
ticket gets a 404 from the panel's URL, as from the page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.entitlements import grant_access
from tests import factories

pytestmark = pytest.mark.django_db


def _glance(page: str) -> str:
    start = page.index('id="customer-glance"')
    return page[start : page.index("</section>", start)]


def _glance_of(client, ticket) -> str:
    return _glance(client.get(reverse("agent:glance", args=[ticket.number])).content.decode())


def test_the_ticket_page_loads_the_glance_after_itself(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    page = client.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    placeholder = _glance(page)
    assert "The customer at a glance" in placeholder
    assert f'hx-get="{reverse("agent:glance", args=[ticket_a.number])}"' in placeholder
    assert 'hx-trigger="intersect once"' in placeholder
    # Without JavaScript the customer page is one click away.
    assert f'href="/konto/kund/{ticket_a.organization_id}/"' in placeholder
    assert "Trainings:" not in placeholder


def test_the_glance_is_404_to_whoever_may_not_see_the_ticket(
    client, superuser_a, superuser_b, product_dev, consultant, ticket_a
):
    url = reverse("agent:glance", args=[ticket_a.number])
    for person in (superuser_a, superuser_b, product_dev, consultant):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 404, person
        assert ticket_a.organization.name not in response.content.decode()
    client.logout()
    assert client.get(url).status_code in (302, 404)


def test_the_glance_shows_the_customer_the_specialist_needs(
    client, specialist_hantverk, org_a, superuser_a, ticket_a
):
    earlier = factories.make_ticket(org_a, superuser_a, title="Tidigare fråga om lön")
    grant = grant_access(org_a, superuser_a, "support")
    client.force_login(specialist_hantverk)
    glance = _glance_of(client, ticket_a)
    assert f'href="/konto/kund/{org_a.pk}/"' in glance
    assert "Bygg" in glance  # industry
    assert "Hantverkare" in glance  # the team serving it
    assert org_a.licences.first().number in glance
    assert "Ekonomi" in glance and "Lön" in glance
    assert "Anna Berg" in glance
    assert "Trainings:" in glance and "2025-01-15" in glance
    assert "In good standing" in glance
    assert timezone.localtime(grant.expires_at).strftime("%Y-%m-%d %H:%M") in glance
    assert earlier.number in glance
    assert ticket_a.number not in glance  # the latest *other* tickets


def test_the_glance_shows_an_overdue_customer(client, specialist_hantverk, superuser_a, ticket_a):
    org = ticket_a.organization
    org.payment_standing = "overdue"
    org.save(update_fields=["payment_standing"])
    client.force_login(specialist_hantverk)
    glance = _glance_of(client, ticket_a)
    assert "Overdue payment" in glance


def test_the_glance_costs_the_same_queries_for_a_big_customer(
    client, specialist_hantverk, org_a, superuser_a, ticket_a, django_assert_max_num_queries
):
    client.force_login(specialist_hantverk)
    url = reverse("agent:glance", args=[ticket_a.number])
    client.get(url)
    # Session, user, two-factor, the ticket, then licences, SuperUsers, their trainings,
    # grants in force and the latest tickets; the session's save.
    with django_assert_max_num_queries(13) as few:
        client.get(url)
    for i in range(3):
        factories.make_superuser(org_a, f"su{i}@byggmontage.se", f"Super {i}")
        factories.make_ticket(org_a, superuser_a, title=f"Fler {i}")
    factories.add_module(org_a, "order")
    grant_access(org_a, factories.make_superuser(org_a, "su9@byggmontage.se", "Super 9"), "support")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Super 2" in _glance(page)
