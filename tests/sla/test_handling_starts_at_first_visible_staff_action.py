"""Handling starts at the first staff action the customer can see: confirming receipt, a
public reply, a cost proposal, any workflow move or early close by staff. Internal notes,
hand-overs and the customer's own actions do not start it. One rule
(`actions.visible_staff_action`), checked here per category.

Registered Monday 9 March 2026 08:00 (an ordinary week, default opening hours).
"""

import pytest

from kundcenter.tickets import actions, billing
from kundcenter.tickets.workflows import Category, Lane, Status
from tests import factories
from tests.billing.helpers import propose
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db

REGISTERED = at(2026, 3, 9, 8)
STAFF_AT = at(2026, 3, 9, 9)


def make(org, reporter, category):
    level = 3 if category == Category.BUG else None
    return factories.make_ticket(
        org, reporter, category=category, service_level=level, now=REGISTERED
    )


def started(ticket):
    ticket.refresh_from_db()
    return ticket.handling_started_at


@pytest.mark.parametrize("category", list(Category))
def test_a_public_staff_reply_starts_handling(category, org_a, superuser_a, specialist_hantverk):
    ticket = make(org_a, superuser_a, category)
    actions.reply(ticket, specialist_hantverk, "Vi tittar på det.", now=STAFF_AT)
    assert started(ticket) == STAFF_AT


@pytest.mark.parametrize("category", list(Category))
def test_an_internal_note_or_the_customers_reply_does_not(
    category, org_a, superuser_a, specialist_hantverk
):
    ticket = make(org_a, superuser_a, category)
    actions.reply(ticket, specialist_hantverk, "Kolla loggen.", internal=True, now=STAFF_AT)
    actions.reply(ticket, superuser_a, "Någon där?", now=STAFF_AT)
    actions.hand_over(ticket, specialist_hantverk, Lane.CONSULTANT, now=STAFF_AT)  # internal
    assert started(ticket) is None


@pytest.mark.parametrize(
    ("category", "target"),
    [
        (Category.SUPPORT, Status.IN_PROGRESS),  # starting work
        (Category.BUG, Status.ESCALATED),  # escalating to the product department
        (Category.REQUEST, Status.RECEIVED),  # confirming receipt
        (Category.ORDER, Status.RECEIVED),  # confirming receipt
    ],
)
def test_the_first_staff_move_starts_handling(
    category, target, org_a, superuser_a, specialist_hantverk
):
    ticket = make(org_a, superuser_a, category)
    actions.transition(ticket, specialist_hantverk, target, now=STAFF_AT)
    assert started(ticket) == STAFF_AT


@pytest.mark.parametrize("category", list(Category))
def test_asking_the_customer_to_wait_starts_handling(
    category, org_a, superuser_a, specialist_hantverk
):
    ticket = make(org_a, superuser_a, category)
    actions.transition(ticket, specialist_hantverk, Status.WAITING, now=STAFF_AT)
    assert started(ticket) == STAFF_AT


def test_a_cost_proposal_starts_handling(org_a, superuser_a, consultant):
    order = make(org_a, superuser_a, Category.ORDER)
    propose(order, consultant, now=STAFF_AT)
    assert started(order) == STAFF_AT


def test_an_order_received_proposed_and_accepted_reads_as_handled_from_receipt(
    org_a, superuser_a, specialist_hantverk, consultant
):
    """The issue's case: it used to read "Handling started: not yet"."""
    order = make(org_a, superuser_a, Category.ORDER)
    actions.transition(order, specialist_hantverk, Status.RECEIVED, now=STAFF_AT)
    proposal = propose(order, consultant, now=at(2026, 3, 9, 10))
    billing.decide_proposal(proposal, superuser_a, accept=True, now=at(2026, 3, 9, 11))
    assert started(order) == STAFF_AT
    order.refresh_from_db()
    assert order.response_breached_at is None


def test_a_staff_close_of_a_never_handled_ticket_counts_when_it_happens(
    org_a, superuser_a, specialist_hantverk
):
    ticket = make(org_a, superuser_a, Category.SUPPORT)
    actions.close(ticket, specialist_hantverk, "duplicate", reason="Dubblett", now=STAFF_AT)
    assert started(ticket) == STAFF_AT


def test_the_customer_withdrawing_does_not_start_handling(org_a, superuser_a):
    ticket = make(org_a, superuser_a, Category.SUPPORT)
    actions.close(ticket, superuser_a, "withdrawn", now=STAFF_AT)
    assert started(ticket) is None


def test_a_late_first_action_records_the_response_breach(org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(
        org_a, superuser_a, category="bug", service_level=1, now=REGISTERED
    )  # handling due 10:00
    actions.transition(ticket, specialist_hantverk, Status.ESCALATED, now=at(2026, 3, 9, 11))
    ticket.refresh_from_db()
    assert ticket.handling_started_at == at(2026, 3, 9, 11)
    assert ticket.response_breached_at == at(2026, 3, 9, 10)
