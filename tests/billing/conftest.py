import pytest
from django.conf import settings

from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Category, Status
from tests import factories
from tests.billing.helpers import propose


@pytest.fixture
def client(client):
    """Pages in English unless a test asks for Swedish."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def order(org_a, superuser_a, specialist_hantverk):
    """An order the specialist has acknowledged: Received, in the consultants' lane."""
    ticket = factories.make_ticket(
        org_a,
        superuser_a,
        category=Category.ORDER,
        title="Ny fakturamall",
        description="Vi vill ha en ny fakturamall med vår logotyp.",
    )
    return actions.transition(ticket, specialist_hantverk, Status.RECEIVED)


@pytest.fixture
def proposed_order(order, consultant):
    """An order whose cost proposal (12 500 kr fixed) waits for the customer."""
    propose(order, consultant)
    order.refresh_from_db()
    return order


@pytest.fixture
def planned_order(proposed_order, superuser_a):
    from kundcenter.tickets import billing

    billing.decide_pending(proposed_order, superuser_a, accept=True)
    proposed_order.refresh_from_db()
    return proposed_order
