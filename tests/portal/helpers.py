"""Getting tickets into a state through the same actions staff use."""

from django.utils.html import escape

from kundcenter.tickets import actions, billing
from kundcenter.tickets.workflows import Status
from tests import factories

# As it appears in a page (the apostrophe is escaped).
ONLY_SUPERUSERS = escape("Only your organisation's SuperUsers can contact support")


def order_with_cost_proposal(org, reporter, specialist):
    """An order whose cost proposal (12 500 kr) waits for the customer's answer."""
    ticket = factories.make_ticket(org, reporter, category="order", title="Ny rapportlayout")
    ticket = actions.transition(ticket, specialist, Status.RECEIVED)
    billing.propose_cost(
        ticket,
        specialist,
        description="Ny rapportlayout enligt bifogad skiss.",
        pricing="fixed",
        fixed_price="12500",
    )
    ticket.refresh_from_db()
    return ticket


def bug_in_validation(bug, specialist, product_dev):
    ticket = actions.transition(bug, specialist, Status.ESCALATED)
    ticket = actions.transition(ticket, product_dev, Status.IN_PROGRESS)
    ticket = actions.transition(ticket, product_dev, Status.DELIVERED)
    return actions.transition(ticket, specialist, Status.VALIDATION)
