"""The brochure: "Telefonnummer erhålles när du överlämnas till våra Produktspecialister
efter implementationens och utbildningens slutgörande". The support phone number is shown
to staff and to the people of customers marked as handed over to support, never on
anonymous pages or to customers still being implemented."""

import pytest
from django.urls import reverse

from kundcenter.accounts.models import CustomerEvent

PAGES = ["home", "contact", "opening_hours", "accounts:login", "accounts:register"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_pages_never_show_the_number(client, db, settings, name):
    html = client.get(reverse(name)).content.decode()
    assert settings.VENDOR_SUPPORT_PHONE not in html


def test_a_customer_not_yet_handed_over_does_not_see_it(client, superuser_a, settings):
    client.force_login(superuser_a)
    for url in (reverse("portal:list"), reverse("contact"), reverse("home")):
        assert settings.VENDOR_SUPPORT_PHONE not in client.get(url).content.decode()
    assert (
        "handed over to our product specialists" in client.get(reverse("contact")).content.decode()
    )


def test_staff_hand_the_customer_over_and_its_people_see_the_number(
    client, org_a, superuser_a, customer_user_a, specialist_hantverk, settings
):
    client.force_login(specialist_hantverk)
    page = client.get(reverse("accounts:organization_detail", args=[org_a.pk])).content.decode()
    assert "Mark as handed over to support" in page
    client.post(reverse("accounts:handed_over", args=[org_a.pk]), {"handed_over": "1"})
    org_a.refresh_from_db()
    assert org_a.handed_over_to_support
    assert CustomerEvent.objects.filter(
        organization=org_a, kind=CustomerEvent.Kind.HANDED_OVER
    ).exists()
    for person in (superuser_a, customer_user_a):
        client.force_login(person)
        assert settings.VENDOR_SUPPORT_PHONE in client.get(reverse("contact")).content.decode()
    client.logout()
    assert settings.VENDOR_SUPPORT_PHONE not in client.get(reverse("contact")).content.decode()


def test_customers_cannot_hand_themselves_over(client, org_a, superuser_a):
    client.force_login(superuser_a)
    response = client.post(reverse("accounts:handed_over", args=[org_a.pk]), {"handed_over": "1"})
    assert response.status_code in (302, 404)
    org_a.refresh_from_db()
    assert not org_a.handed_over_to_support
