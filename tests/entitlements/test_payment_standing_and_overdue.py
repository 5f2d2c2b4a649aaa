"""Payment standing: staff set it from the customer page; while overdue there are no new
tickets and no replies, with a banner saying why and whom to contact; a level 1 bug may
still be registered when the admin setting OVERDUE_ALLOWS_LEVEL1_BUGS says so."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.entitlements import set_payment_standing
from kundcenter.accounts.models import CustomerEvent, Module, Organization
from kundcenter.lib.errors import ActionError
from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket

PAUSED = "Support is paused for Bygg &amp; Montage Norrland AB because of an overdue payment."


@pytest.fixture
def overdue_a(org_a, superuser_a, manager):
    return set_payment_standing(org_a, "overdue", note="Faktura 1234", actor=manager)


def _register(org, reporter, category="bug", level=1):
    return actions.register_ticket(
        reporter=reporter,
        organization=org,
        category=category,
        title="Lönekörningen startar inte",
        description="Inget går att köra.",
        module=Module.objects.get(slug="lon"),
        service_level=level,
    )


def test_staff_set_overdue_from_the_customer_page_and_it_is_recorded(client, org_a, manager):
    client.force_login(manager)
    response = client.post(
        reverse("accounts:payment_standing", args=[org_a.pk]),
        {"standing": "overdue", "note": "Faktura 1234 obetald", "as_of": "2026-03-01"},
        follow=True,
    )
    assert "Overdue payment" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.is_overdue and org_a.payment_note == "Faktura 1234 obetald"
    assert f"{timezone.localtime(org_a.payment_changed_at):%Y-%m-%d}" == "2026-03-01"
    event = CustomerEvent.objects.get(kind=CustomerEvent.Kind.PAYMENT)
    assert event.actor == manager
    assert event.detail == (
        "In good standing → Overdue payment from 2026-03-01. Faktura 1234 obetald"
    )


def test_back_in_good_standing(org_a, overdue_a, manager):
    set_payment_standing(org_a, "good", note="Betald", actor=manager)
    org_a.refresh_from_db()
    assert not org_a.is_overdue
    assert CustomerEvent.objects.filter(kind=CustomerEvent.Kind.PAYMENT).count() == 2


@pytest.mark.parametrize("who", ["superuser_a", "customer_user_a", "superuser_b"])
def test_customers_cannot_reach_the_payment_form(client, request, org_a, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("accounts:payment_standing", args=[org_a.pk])
    assert client.post(url, {"standing": "overdue"}).status_code == 404
    org_a.refresh_from_db()
    assert not org_a.is_overdue


def test_a_customer_cannot_set_the_standing_through_the_action(org_a, superuser_a):
    refused = "Only support staff can change a customer's payment standing"
    with pytest.raises(ActionError, match=refused):
        set_payment_standing(org_a, "good", actor=superuser_a)


def test_a_nonsense_standing_is_refused(org_a, manager):
    with pytest.raises(ActionError, match="Payment standing is 'good' or 'overdue'"):
        set_payment_standing(org_a, "maybe", actor=manager)


def test_overdue_blocks_new_tickets_and_replies(org_a, superuser_a, ticket_a, overdue_a):
    with pytest.raises(ActionError, match="because of an overdue payment"):
        _register(org_a, superuser_a, category="support", level=None)
    with pytest.raises(ActionError, match="ekonomi@kundcenter.example"):
        actions.reply(ticket_a, superuser_a, "Hej igen")


def test_the_portal_says_why_and_whom_to_contact(client, superuser_a, ticket_a, overdue_a):
    client.force_login(superuser_a)
    for url in (
        reverse("portal:list"),
        reverse("portal:new"),
        reverse("portal:ticket", args=[ticket_a.number]),
    ):
        html = client.get(url).content.decode()
        assert PAUSED in html and "ekonomi@kundcenter.example" in html, url


def test_the_customer_page_names_the_billing_contact(client, org_a, superuser_a, overdue_a):
    client.force_login(superuser_a)
    html = client.get(reverse("accounts:organization_detail", args=[org_a.pk])).content.decode()
    assert "Overdue payment" in html and "mailto:ekonomi@kundcenter.example" in html
    assert "Faktura 1234" in html  # why: in the audit trail the SuperUsers read


def test_a_level_1_bug_is_refused_while_overdue_by_default(org_a, superuser_a, overdue_a):
    with pytest.raises(ActionError, match="because of an overdue payment"):
        _register(org_a, superuser_a, level=1)


def test_the_setting_lets_a_level_1_bug_through_and_nothing_else(
    settings, org_a, superuser_a, overdue_a
):
    settings.OVERDUE_ALLOWS_LEVEL1_BUGS = True
    ticket = _register(org_a, superuser_a, level=1)
    assert ticket.service_level == 1
    for category, level in (("bug", 2), ("support", None), ("order", None)):
        with pytest.raises(ActionError, match="because of an overdue payment"):
            _register(org_a, superuser_a, category=category, level=level)
    assert Ticket.objects.count() == 1


def test_the_setting_does_not_help_a_plain_member(settings, org_a, customer_user_a, overdue_a):
    settings.OVERDUE_ALLOWS_LEVEL1_BUGS = True
    with pytest.raises(ActionError, match="Only your organisation's SuperUsers"):
        _register(org_a, customer_user_a, level=1)


def test_with_the_setting_the_portal_form_opens_and_says_level_1_only(
    client, settings, org_a, superuser_a, overdue_a
):
    settings.OVERDUE_ALLOWS_LEVEL1_BUGS = True
    client.force_login(superuser_a)
    html = client.get(reverse("portal:new")).content.decode()
    assert PAUSED in html
    assert "A level 1 software bug (the service cannot start) can still be registered." in html
    response = client.post(
        reverse("portal:new"),
        {
            "module": Module.objects.get(slug="lon").pk,
            "category": "bug",
            "service_level": "1",
            "title": "Lönekörningen startar inte",
            "description": "Inget går att köra.",
        },
    )
    assert response.status_code == 302
    assert Ticket.objects.get().service_level == 1


def test_the_setting_is_off_unless_the_environment_says_so():
    from django.conf import settings

    assert settings.OVERDUE_ALLOWS_LEVEL1_BUGS is False
    assert Organization.PaymentStanding.OVERDUE == "overdue"
