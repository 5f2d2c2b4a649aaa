"""Support is given only while the customer has no overdue payment, and says so clearly."""

import pytest

from kundcenter.accounts.models import Organization
from kundcenter.tickets import actions
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Category, CloseReason, Status
from tests import factories
from tests.domain.helpers import snapshot, walk_to

BILLING = "ekonomi@leverantoren.example"


@pytest.fixture(autouse=True)
def _billing_contact(settings):
    settings.VENDOR_BILLING_EMAIL = BILLING


def set_standing(org, standing):
    org.payment_standing = standing
    org.save(update_fields=["payment_standing"])


def fresh(ticket):
    return Ticket.objects.select_related("organization").get(pk=ticket.pk)


def assert_overdue_message(message, org):
    assert "overdue payment" in message
    assert BILLING in message
    assert org.name in message


@pytest.fixture
def validation_bug(bug_a, manager, superuser_a):
    return walk_to(bug_a, Status.VALIDATION, manager=manager, customer=superuser_a)


@pytest.fixture
def proposed_order(org_a, superuser_a, manager):
    order = factories.make_ticket(org_a, superuser_a, category=Category.ORDER)
    return walk_to(order, Status.COST_PROPOSAL, manager=manager, customer=superuser_a)


def test_overdue_customer_cannot_register_and_is_told_why(org_a, superuser_a):
    set_standing(org_a, Organization.PaymentStanding.OVERDUE)
    with pytest.raises(ActionError) as refused:
        factories.make_ticket(org_a, superuser_a)
    assert_overdue_message(refused.value.message, org_a)
    assert not Ticket.objects.exists()


def test_staff_cannot_log_a_phone_ticket_for_an_overdue_customer(
    org_a, superuser_a, specialist_hantverk
):
    set_standing(org_a, Organization.PaymentStanding.OVERDUE)
    with pytest.raises(ActionError) as refused:
        factories.make_ticket(org_a, superuser_a, registered_by=specialist_hantverk)
    assert_overdue_message(refused.value.message, org_a)


def test_overdue_customer_cannot_reply(ticket_a, org_a, superuser_a):
    set_standing(org_a, Organization.PaymentStanding.OVERDUE)
    ticket = fresh(ticket_a)
    before = snapshot(ticket)
    with pytest.raises(ActionError) as refused:
        actions.reply(ticket, superuser_a, "Hallå?")
    assert_overdue_message(refused.value.message, org_a)
    assert snapshot(ticket) == before


@pytest.mark.parametrize(
    ("fixture", "target"),
    [
        pytest.param("validation_bug", Status.CLOSED, id="confirm-fix"),
        pytest.param("validation_bug", Status.IN_PROGRESS, id="reject-fix"),
        pytest.param("proposed_order", Status.PLANNED, id="accept-proposal"),
        pytest.param("proposed_order", Status.CLOSED, id="decline-proposal"),
    ],
)
def test_overdue_customer_transition_is_refused(request, org_a, superuser_a, fixture, target):
    ticket = request.getfixturevalue(fixture)
    set_standing(org_a, Organization.PaymentStanding.OVERDUE)
    ticket = fresh(ticket)
    before = snapshot(ticket)
    with pytest.raises(ActionError) as refused:
        actions.transition(ticket, superuser_a, target)
    assert_overdue_message(refused.value.message, org_a)
    assert snapshot(ticket) == before


def test_staff_can_still_work_an_overdue_customers_ticket(ticket_a, org_a, specialist_hantverk):
    set_standing(org_a, Organization.PaymentStanding.OVERDUE)
    ticket = fresh(ticket_a)
    ticket = actions.transition(ticket, specialist_hantverk, Status.IN_PROGRESS)
    actions.reply(ticket, specialist_hantverk, "Vi har pausat ärendet tills fakturan är betald.")
    actions.reply(ticket, specialist_hantverk, "Kund spärrad", internal=True)
    ticket = actions.transition(ticket, specialist_hantverk, Status.WAITING)
    ticket = actions.close(ticket, specialist_hantverk, CloseReason.DECLINED, reason="Obetalt")
    assert fresh(ticket).status == Status.CLOSED


def test_overdue_customer_may_still_withdraw(ticket_a, org_a, superuser_a):
    # Withdrawing asks for no support; refusing it would only keep a dead ticket open.
    set_standing(org_a, Organization.PaymentStanding.OVERDUE)
    ticket = actions.close(fresh(ticket_a), superuser_a, CloseReason.WITHDRAWN)
    assert fresh(ticket).close_reason == CloseReason.WITHDRAWN


def test_support_opens_again_once_paid(ticket_a, org_a, superuser_a):
    set_standing(org_a, Organization.PaymentStanding.OVERDUE)
    with pytest.raises(ActionError):
        actions.reply(fresh(ticket_a), superuser_a, "Hallå?")
    set_standing(org_a, Organization.PaymentStanding.GOOD)
    actions.reply(fresh(ticket_a), superuser_a, "Nu är fakturan betald.")
    assert factories.make_ticket(org_a, superuser_a).status == Status.NEW


def test_another_customers_overdue_payment_does_not_block(ticket_a, org_b, superuser_a):
    set_standing(org_b, Organization.PaymentStanding.OVERDUE)
    actions.reply(fresh(ticket_a), superuser_a, "Allt väl här.")
