"""The four category workflows as one declarative table.

Each category lists its states in order and the transitions between them: who may take
each one and what it needs, and the states where the next move is the customer's: there
the SLA clock is paused. Two generic moves apply to every open ticket: waiting for the
customer (which pauses the clock too) and closing early with a reason. The table is
data; `kundcenter.tickets.actions.transition` is the only code that applies it.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    SUPPORT = "support", _("Support question")
    BUG = "bug", _("Software bug")
    REQUEST = "request", _("Feature request")
    ORDER = "order", _("Order")


class Status(models.TextChoices):
    NEW = "new", pgettext_lazy("ticket status", "New")
    ESCALATED = "escalated", pgettext_lazy("ticket status", "Escalated")
    RECEIVED = "received", pgettext_lazy("ticket status", "Received")
    PRODUCT_COUNCIL = "council", pgettext_lazy("ticket status", "Product council")
    COST_PROPOSAL = "proposal", pgettext_lazy("ticket status", "Cost proposal")
    PLANNED = "planned", pgettext_lazy("ticket status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("ticket status", "In progress")
    DELIVERED = "delivered", pgettext_lazy("ticket status", "Delivered")
    VALIDATION = "validation", pgettext_lazy("ticket status", "Validation")
    WAITING = "waiting", pgettext_lazy("ticket status", "Waiting for customer")
    CLOSED = "closed", pgettext_lazy("ticket status", "Closed")


class Lane(models.TextChoices):
    """The process chart's swim lanes below the customer's."""

    SUPPORT = "support", _("Service & Kvalitet")
    PRODUCT = "product", _("Product department")
    CONSULTANT = "consultant", _("Consultants")


class CloseReason(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Duplicate")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Actor(models.TextChoices):
    """Who takes a transition. Managers and admins may take every staff transition."""

    CUSTOMER = "customer", _("Customer SuperUser")
    SPECIALIST = "specialist", _("Product specialist")
    PRODUCT = "product", _("Product department")
    CONSULTANT = "consultant", _("Consultant")


STAFF = frozenset({Actor.SPECIALIST, Actor.PRODUCT, Actor.CONSULTANT})


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    actors: frozenset
    label: str
    requires_service_level: bool = False
    close_reason: str = ""
    # Which lane the ticket sits in afterwards; None keeps the current lane.
    lane: str | None = None
    # Some transitions are the customer's answer; they read differently in the UI.
    customer_label: str = ""


@dataclass(frozen=True)
class Workflow:
    category: str
    states: tuple
    transitions: tuple = field(default_factory=tuple)
    # States where the ball is with the customer (testing a fix, answering a cost
    # proposal, confirming a delivery): the SLA clock stands still there.
    customer_turn: frozenset = frozenset()

    def transitions_from(self, status: str):
        return [t for t in self.transitions if t.source == status]


def label_of(choices, value):
    """The label of `value` among `choices` (Status, Category, …) as a lazy translation, so
    it reads in the language active when it is shown; `value` itself when it is none of
    them (an old or unknown value, an empty one)."""
    try:
        return choices(value).label
    except ValueError:
        return value


def T(source, target, actors, label, **kw):  # noqa: N802 - reads as a table row
    return Transition(source, target, frozenset(actors), label, **kw)


S, C, P, K = Actor.SPECIALIST, Actor.CUSTOMER, Actor.PRODUCT, Actor.CONSULTANT

WORKFLOWS = {
    Category.SUPPORT: Workflow(
        Category.SUPPORT,
        (Status.NEW, Status.IN_PROGRESS, Status.CLOSED),
        (
            T(Status.NEW, Status.IN_PROGRESS, {S}, _("Start work")),
            T(
                Status.IN_PROGRESS,
                Status.CLOSED,
                {S},
                _("Close as answered"),
                close_reason="resolved",
            ),
        ),
    ),
    Category.BUG: Workflow(
        Category.BUG,
        (
            Status.NEW,
            Status.ESCALATED,
            Status.IN_PROGRESS,
            Status.DELIVERED,
            Status.VALIDATION,
            Status.CLOSED,
        ),
        (
            T(
                Status.NEW,
                Status.ESCALATED,
                {S},
                _("Escalate to the product department"),
                requires_service_level=True,
                lane=Lane.PRODUCT,
            ),
            T(Status.ESCALATED, Status.IN_PROGRESS, {P, S}, _("Start the fix")),
            T(Status.IN_PROGRESS, Status.DELIVERED, {P}, _("Mark the fix delivered")),
            T(
                Status.DELIVERED,
                Status.VALIDATION,
                {S, P},
                _("Ask the customer to validate"),
                lane=Lane.SUPPORT,
            ),
            T(
                Status.VALIDATION,
                Status.CLOSED,
                {C, S},
                _("Confirm the fix"),
                close_reason="resolved",
                customer_label=_("The fix works: close the ticket"),
            ),
            T(
                Status.VALIDATION,
                Status.IN_PROGRESS,
                {C, S},
                _("Reject the fix"),
                lane=Lane.PRODUCT,
                customer_label=_("The fix does not work"),
            ),
        ),
        customer_turn=frozenset({Status.VALIDATION}),
    ),
    Category.REQUEST: Workflow(
        Category.REQUEST,
        (
            Status.NEW,
            Status.RECEIVED,
            Status.PRODUCT_COUNCIL,
            Status.PLANNED,
            Status.DELIVERED,
            Status.CLOSED,
        ),
        (
            T(Status.NEW, Status.RECEIVED, {S}, _("Acknowledge receipt")),
            T(
                Status.RECEIVED,
                Status.PRODUCT_COUNCIL,
                {S, P},
                _("Take to the product council"),
                lane=Lane.PRODUCT,
            ),
            T(Status.PRODUCT_COUNCIL, Status.PLANNED, {P}, _("Plan it")),
            T(Status.PLANNED, Status.DELIVERED, {P}, _("Mark delivered")),
            T(
                Status.DELIVERED,
                Status.CLOSED,
                {S, P},
                _("Close as delivered"),
                close_reason="resolved",
                lane=Lane.SUPPORT,
            ),
        ),
    ),
    Category.ORDER: Workflow(
        Category.ORDER,
        (
            Status.NEW,
            Status.RECEIVED,
            Status.COST_PROPOSAL,
            Status.PLANNED,
            Status.IN_PROGRESS,
            Status.DELIVERED,
            Status.CLOSED,
        ),
        (
            T(Status.NEW, Status.RECEIVED, {S, K}, _("Acknowledge receipt"), lane=Lane.CONSULTANT),
            T(Status.RECEIVED, Status.COST_PROPOSAL, {K, S}, _("Send the cost proposal")),
            T(
                Status.COST_PROPOSAL,
                Status.PLANNED,
                {C},
                _("Accept the cost proposal"),
                customer_label=_("Accept the cost proposal"),
            ),
            T(
                Status.COST_PROPOSAL,
                Status.CLOSED,
                {C},
                _("Decline the cost proposal"),
                close_reason="declined",
                customer_label=_("Decline the cost proposal"),
            ),
            T(Status.PLANNED, Status.IN_PROGRESS, {K}, _("Start the work")),
            T(Status.IN_PROGRESS, Status.DELIVERED, {K}, _("Mark delivered")),
            T(
                Status.DELIVERED,
                Status.CLOSED,
                {K, S, C},
                _("Close as delivered"),
                close_reason="resolved",
                customer_label=_("Confirm the delivery"),
            ),
        ),
        customer_turn=frozenset({Status.COST_PROPOSAL, Status.DELIVERED}),
    ),
}

# Generic moves, open to every category.
WAIT_ACTORS = STAFF
CLOSE_EARLY_ACTORS = STAFF
CUSTOMER_CLOSE_REASONS = (CloseReason.WITHDRAWN,)
EARLY_CLOSE_REASONS = (CloseReason.DECLINED, CloseReason.DUPLICATE, CloseReason.WITHDRAWN)

# A customer's reply to a closed ticket, within settings.TICKET_REOPEN_DAYS of closing,
# reopens it (kundcenter.tickets.actions.reply). Where it goes depends on how it closed:
# - resolved: back to the last state where the move is support's, so the ticket lands in
#   a queue and can be closed again through the table: a support question to In progress
#   (the specialist answers and closes), a bug to Delivered (support asks the customer to
#   validate again; never Validation, which would pause the clock on the customer's own
#   reply), a feature request to Delivered, an order to In progress (the consultants; its
#   Delivered is the customer's turn);
# - withdrawn by the customer: to New, so it is triaged again (and billable work still
#   needs a cost proposal);
# - declined: never; a decision was made (a cost proposal or a request declined), and
#   anything further is a new ticket;
# - duplicate: never; the reply belongs on the surviving ticket.
REOPEN_TO = {
    CloseReason.RESOLVED: {
        Category.SUPPORT: Status.IN_PROGRESS,
        Category.BUG: Status.DELIVERED,
        Category.REQUEST: Status.DELIVERED,
        Category.ORDER: Status.IN_PROGRESS,
    },
    CloseReason.WITHDRAWN: dict.fromkeys(Category, Status.NEW),
}


def reopen_status(category: str, close_reason: str) -> str | None:
    """The status a closed ticket reopens to on a customer reply; None: it does not."""
    return REOPEN_TO.get(close_reason, {}).get(category)


# A support question may become one of these, keeping its history.
CONVERSIONS = {Category.SUPPORT: (Category.BUG, Category.ORDER)}


def workflow_for(category: str) -> Workflow:
    return WORKFLOWS[category]


def pauses_clock(category: str, status: str) -> bool:
    """Whether the SLA clock stands still in `status`: the next move is the customer's.

    (A cost proposal waiting for the customer's answer pauses it too, in any status: that
    is a proposal's state, not a workflow state; see `actions.follow_clock`.)
    """
    return status == Status.WAITING or status in WORKFLOWS[category].customer_turn


def find_transition(category: str, source: str, target: str) -> Transition | None:
    for t in WORKFLOWS[category].transitions:
        if t.source == source and t.target == target:
            return t
    return None


def progress(category: str, status: str, resume_status: str = "") -> list[dict]:
    """The workflow's states with done/current flags, for the progress bar."""
    states = WORKFLOWS[category].states
    current = resume_status if status == Status.WAITING else status
    index = states.index(current) if current in states else 0
    return [
        {
            "value": s,
            "label": Status(s).label,
            "done": i < index or status == Status.CLOSED,
            "current": i == index and status != Status.CLOSED,
        }
        for i, s in enumerate(states)
    ]
