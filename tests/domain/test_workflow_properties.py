"""Random walks through the workflows: whatever anyone tries, the ticket stays consistent.

Each example registers a fresh ticket and lets random people try random things on it:
moves offered by `available_transitions`, arbitrary targets, early closes, replies,
internal notes and recategorising. After every step the invariants below must hold, and
a refused step must have changed nothing.
"""

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kundcenter.tickets import actions
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import TicketEvent
from kundcenter.tickets.workflows import Category, CloseReason, Status, workflow_for
from tests import factories
from tests.domain.helpers import snapshot

pytestmark = pytest.mark.django_db(transaction=False)

STEPS = ("offered", "offered", "offered", "offered", "transition", "close", "reply", "category")


def assert_consistent(ticket):
    ticket.refresh_from_db()
    states = workflow_for(ticket.category).states
    assert ticket.status in states or ticket.status in (Status.WAITING, Status.CLOSED)
    if ticket.status == Status.WAITING:
        assert ticket.resume_status in states
        assert ticket.resume_status not in (Status.WAITING, Status.CLOSED)
    else:
        assert ticket.resume_status == ""
    if ticket.status == Status.CLOSED:
        assert ticket.close_reason in CloseReason.values
        assert ticket.closed_at is not None
    else:
        assert (ticket.close_reason, ticket.closed_at) == ("", None)
    if ticket.category == Category.BUG:
        assert ticket.service_level in (1, 2, 3, 4, 5)
    else:
        assert ticket.service_level is None
    # The status events tell the whole story: a chain from New to the current status.
    chain = list(ticket.events.filter(kind=TicketEvent.Kind.STATUS).order_by("pk"))
    expected_old = Status.NEW
    for change in chain:
        assert change.old_value == expected_old
        assert change.new_value != change.old_value
        expected_old = change.new_value
    assert expected_old == ticket.status


def attempt(data, ticket, people):
    """One random thing a random person tries; returns a callable that does it."""
    step = data.draw(st.sampled_from(STEPS), label="what")
    offered = [
        (name, move["target"])
        for name, person in sorted(people.items())
        for move in actions.available_transitions(ticket, person)
    ]
    if step == "offered" and offered:
        # Mostly take moves the UI would offer, so walks get deep into the workflows.
        name, target = data.draw(st.sampled_from(offered), label="offered move")
        return lambda: actions.transition(ticket, people[name], target, reason="Nästa steg")
    user = people[data.draw(st.sampled_from(sorted(people)), label="who")]
    if step in ("offered", "transition"):
        target = data.draw(st.sampled_from([*Status.values, "nonsense"]), label="target")
        return lambda: actions.transition(ticket, user, target, reason="Prövar")
    if step == "close":
        code = data.draw(st.sampled_from([*CloseReason.values, "bogus"]), label="code")
        reason = data.draw(st.sampled_from(["", "Dubblett av tidigare ärende"]), label="reason")
        return lambda: actions.close(ticket, user, code, reason=reason)
    if step == "reply":
        internal = data.draw(st.booleans(), label="internal")
        body = data.draw(st.sampled_from(["", "Hej, här kommer mer information."]), label="body")
        return lambda: actions.reply(ticket, user, body, internal=internal)
    category = data.draw(st.sampled_from(Category.values), label="category")
    level = data.draw(st.sampled_from([None, 1, 3, 9]), label="level")
    return lambda: actions.change_category(
        ticket, user, category, reason="Omklassad", service_level=level
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), category=st.sampled_from(Category.values))
def test_any_sequence_of_actions_keeps_the_ticket_consistent(
    data,
    category,
    org_a,
    superuser_a,
    superuser_b,
    customer_user_a,
    specialist_hantverk,
    product_dev,
    consultant,
    manager,
):
    people = {
        "customer-superuser": superuser_a,
        "other-org-superuser": superuser_b,
        "plain-customer-user": customer_user_a,
        "specialist": specialist_hantverk,
        "product-department": product_dev,
        "consultant": consultant,
        "manager": manager,
    }
    ticket = factories.make_ticket(org_a, superuser_a, category=category)
    status_changes = 0
    for _step in range(data.draw(st.integers(1, 15), label="steps")):
        ticket.refresh_from_db()
        before = snapshot(ticket)
        try:
            attempt(data, ticket, people)()
        except ActionError as refused:
            assert refused.message
            assert snapshot(ticket) == before, "a refused action must change nothing"
        else:
            ticket.refresh_from_db()
            status_changes += ticket.status != before[0]["status"]
        assert_consistent(ticket)
        assert ticket.events.filter(kind=TicketEvent.Kind.STATUS).count() == status_changes
    event(f"walk ended in {ticket.status}")  # shown by --hypothesis-show-statistics
