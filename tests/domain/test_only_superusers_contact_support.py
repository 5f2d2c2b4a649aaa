"""Only a customer's SuperUsers contact support; others are told who their SuperUsers are."""

import pytest

from kundcenter.accounts.models import Membership
from kundcenter.tickets import actions, billing
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Category, CloseReason, Status
from tests import factories
from tests.domain.helpers import snapshot


def register(reporter, org, **kw):
    return factories.make_ticket(org, reporter, **kw)


def test_superuser_may_register_a_ticket(org_a, superuser_a):
    ticket = register(superuser_a, org_a)
    assert ticket.reporter == superuser_a and ticket.status == Status.NEW


def test_plain_user_registration_is_refused_naming_the_superusers(
    org_a, superuser_a, customer_user_a
):
    factories.make_superuser(org_a, "bo.adam@byggmontage.se", "Bo Adamsson")
    with pytest.raises(ActionError) as refused:
        register(customer_user_a, org_a)
    message = refused.value.message
    assert "Only your organisation's SuperUsers can contact support" in message
    assert "Anna Berg, Bo Adamsson" in message
    assert not Ticket.objects.exists()


def test_registration_without_any_superuser_says_none_appointed(org_a, customer_user_a):
    with pytest.raises(ActionError, match="has not appointed any yet"):
        register(customer_user_a, org_a)


def test_inactive_superuser_is_not_named(org_a, superuser_a, customer_user_a):
    gone = factories.make_superuser(org_a, "gone@byggmontage.se", "Gunnar Slutat")
    gone.is_active = False  # left the company; an inactive account cannot contact support
    gone.save(update_fields=["is_active"])
    with pytest.raises(ActionError) as refused:
        register(customer_user_a, org_a)
    assert "Anna Berg" in refused.value.message
    assert "Gunnar Slutat" not in refused.value.message


def test_inactive_superuser_cannot_register(org_a, superuser_a):
    superuser_a.is_active = False
    superuser_a.save(update_fields=["is_active"])
    with pytest.raises(ActionError):
        register(superuser_a, org_a)


def test_superuser_of_another_customer_cannot_register_for_it(org_a, superuser_a, superuser_b):
    with pytest.raises(ActionError, match="Anna Berg"):
        register(superuser_b, org_a)
    assert not Ticket.objects.exists()


def test_staff_cannot_register_on_behalf_of_a_plain_user(
    org_a, superuser_a, customer_user_a, specialist_hantverk
):
    with pytest.raises(ActionError, match="SuperUsers"):
        register(customer_user_a, org_a, registered_by=specialist_hantverk)
    ticket = register(superuser_a, org_a, registered_by=specialist_hantverk, channel="phone")
    assert ticket.events.get(kind="created").actor == specialist_hantverk


def test_customer_cannot_register_on_behalf_of_someone(org_a, superuser_a):
    other = factories.make_superuser(org_a)
    with pytest.raises(ActionError, match="support staff"):
        register(superuser_a, org_a, registered_by=other)


@pytest.mark.parametrize("internal", [False, True], ids=["reply", "internal-note"])
def test_plain_user_reply_is_refused(ticket_a, customer_user_a, internal):
    before = snapshot(ticket_a)
    with pytest.raises(ActionError):
        actions.reply(ticket_a, customer_user_a, "Jag undrar också", internal=internal)
    assert snapshot(ticket_a) == before


def test_plain_user_reply_names_the_superusers(ticket_a, customer_user_a):
    with pytest.raises(ActionError, match="Your SuperUsers are: Anna Berg"):
        actions.reply(ticket_a, customer_user_a, "Jag undrar också")


def test_demoted_reporter_can_no_longer_reply(ticket_a, superuser_a):
    Membership.objects.filter(user=superuser_a).update(role=Membership.Role.USER)
    superuser_a = type(superuser_a).objects.get(pk=superuser_a.pk)  # fresh membership cache
    before = snapshot(ticket_a)
    with pytest.raises(ActionError, match="SuperUsers"):
        actions.reply(ticket_a, superuser_a, "Hej igen")
    assert snapshot(ticket_a) == before


def test_plain_user_cannot_take_customer_steps(org_a, superuser_a, customer_user_a, manager):
    order = register(superuser_a, org_a, category=Category.ORDER)
    order = actions.transition(order, manager, Status.RECEIVED)
    billing.propose_cost(
        order, manager, description="Ny rapport", pricing="fixed", fixed_price=9800
    )
    order.refresh_from_db()
    before = snapshot(order)
    for attempt in (
        lambda: actions.transition(order, customer_user_a, Status.PLANNED),
        lambda: actions.transition(order, customer_user_a, Status.CLOSED),
        lambda: actions.close(order, customer_user_a, CloseReason.WITHDRAWN),
    ):
        with pytest.raises(ActionError):
            attempt()
        assert snapshot(order) == before
    assert actions.available_transitions(order, customer_user_a) == []
