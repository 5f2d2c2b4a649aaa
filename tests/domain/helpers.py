"""Shared helpers for the domain tests: roles, snapshots and walking a workflow."""

from collections import deque

from kundcenter.tickets import actions, billing
from kundcenter.tickets.models import CostProposal, Message, Ticket, TicketEvent
from kundcenter.tickets.workflows import STAFF, WORKFLOWS, Actor, Status

C, S, P, K = Actor.CUSTOMER, Actor.SPECIALIST, Actor.PRODUCT, Actor.CONSULTANT

# role id -> (persona fixture, the workflow actors that person is on a ticket of org_a).
# Written out by hand, not taken from access.actor_kinds, so the tests check that code.
ROLES = {
    "customer-superuser": ("superuser_a", {C}),
    "other-org-superuser": ("superuser_b", set()),
    "plain-customer-user": ("customer_user_a", set()),
    "specialist": ("specialist_hantverk", {S}),
    "product-department": ("product_dev", {P}),
    "consultant": ("consultant", {K}),
    "manager": ("manager", {S, P, K}),
    "admin": ("admin_user", {S, P, K}),
}


def snapshot(ticket):
    """Everything an action could change about a ticket, read fresh from the database."""
    row = Ticket.objects.filter(pk=ticket.pk).values().get()
    events = list(TicketEvent.objects.filter(ticket_id=ticket.pk).values().order_by("pk"))
    messages = list(Message.objects.filter(ticket_id=ticket.pk).values().order_by("pk"))
    return row, events, messages


def path_to(category, target):
    """The shortest list of table transitions from New to `target`."""
    workflow = WORKFLOWS[category]
    queue = deque([(Status.NEW, [])])
    seen = {Status.NEW}
    while queue:
        status, path = queue.popleft()
        if status == target:
            return path
        for move in workflow.transitions_from(status):
            if move.target not in seen:
                seen.add(move.target)
                queue.append((move.target, [*path, move]))
    raise AssertionError(f"{target} is unreachable in {category}")


def walk_to(ticket, target, *, manager, customer):
    """Move `ticket` to `target` the way people would: staff moves by the manager,
    customer-only moves by the customer's SuperUser. An order gets its cost proposal
    written by the manager and answered by the customer, as billing requires."""
    for move in path_to(ticket.category, target):
        if move.target == Status.COST_PROPOSAL:
            billing.propose_cost(
                ticket, manager, description="Arbetet", pricing="fixed", fixed_price="12500"
            )
            ticket.refresh_from_db()
        elif move.source == Status.COST_PROPOSAL and not move.actors & STAFF:
            billing.decide_pending(ticket, customer, accept=move.target == Status.PLANNED)
            ticket.refresh_from_db()
        else:
            actor = manager if move.actors & STAFF else customer
            ticket = actions.transition(ticket, actor, move.target)
    return ticket


def meet_billing_rules(ticket, move):
    """Make billing's preconditions for `move` hold without taking it, so a bare
    `actions.transition` tests only the workflow table: a pending proposal before Cost
    proposal, the customer's answer recorded before they leave Cost proposal, an accepted
    proposal before billable work."""
    proposals = CostProposal.objects.filter(ticket=ticket)
    if move.target == Status.COST_PROPOSAL:
        CostProposal.objects.create(
            ticket=ticket, description="Arbetet", pricing="fixed", fixed_price=12500
        )
    elif move.source == Status.COST_PROPOSAL:
        answer = CostProposal.State.ACCEPTED
        if move.target == Status.CLOSED:
            answer = CostProposal.State.DECLINED
        proposals.filter(state=CostProposal.State.PENDING).update(state=answer)
