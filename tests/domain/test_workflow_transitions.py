"""Every workflow transition, for every role: allowed ones apply fully, refused ones not at all.

The expectations come from the declarative table in workflows.WORKFLOWS and a hand-written
map from role to workflow actor (tests/domain/helpers.ROLES), so a change to the table is
tested automatically and a change to who-is-what is caught here.
"""

import pytest

from kundcenter.tickets import actions
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import Message, TicketEvent
from kundcenter.tickets.workflows import (
    CONVERSIONS,
    WORKFLOWS,
    Category,
    CloseReason,
    Lane,
    Status,
)
from tests import factories
from tests.domain.helpers import ROLES, meet_billing_rules, snapshot, walk_to

Kind = TicketEvent.Kind

TABLE = [
    pytest.param(category, move, id=f"{category}:{move.source}->{move.target}")
    for category, workflow in WORKFLOWS.items()
    for move in workflow.transitions
]


@pytest.fixture
def people(
    superuser_a,
    superuser_b,
    customer_user_a,
    specialist_hantverk,
    product_dev,
    consultant,
    manager,
    admin_user,
):
    return {
        "superuser_a": superuser_a,
        "superuser_b": superuser_b,
        "customer_user_a": customer_user_a,
        "specialist_hantverk": specialist_hantverk,
        "product_dev": product_dev,
        "consultant": consultant,
        "manager": manager,
        "admin_user": admin_user,
    }


def ticket_at(category, status, people, org):
    ticket = factories.make_ticket(org, people["superuser_a"], category=category)
    return walk_to(ticket, status, manager=people["manager"], customer=people["superuser_a"])


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize(("category", "move"), TABLE)
def test_every_transition_is_allowed_or_refused_per_role(category, move, role, people, org_a):
    fixture, actor_kinds = ROLES[role]
    user = people[fixture]
    ticket = ticket_at(category, move.source, people, org_a)
    lane_before = ticket.lane
    before = snapshot(ticket)

    if not actor_kinds & move.actors:
        with pytest.raises(ActionError) as refused:
            actions.transition(ticket, user, move.target)
        assert refused.value.message
        assert snapshot(ticket) == before, "a refused transition must change nothing"
        return

    meet_billing_rules(ticket, move)  # the table is tested here; billing in tests/billing
    moved = actions.transition(ticket, user, move.target, reason="Per the table")
    moved.refresh_from_db()
    assert moved.status == move.target
    assert moved.lane == (move.lane or lane_before)
    status_events = moved.events.filter(kind=Kind.STATUS).exclude(
        pk__in=[e["id"] for e in before[1]]
    )
    assert [(e.old_value, e.new_value, e.actor, e.reason) for e in status_events] == [
        (move.source, move.target, user, "Per the table")
    ]
    if move.lane and move.lane != lane_before:
        assert moved.events.filter(
            kind=Kind.LANE, old_value=lane_before, new_value=move.lane, actor=user
        ).exists()
    if move.close_reason:
        assert moved.close_reason == move.close_reason
        assert moved.closed_at is not None
    else:
        assert moved.close_reason == ""
        assert moved.closed_at is None


# --- illegal jumps ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "source", "target"),
    [
        pytest.param(Category.SUPPORT, Status.NEW, Status.CLOSED, id="support-new-to-closed"),
        pytest.param(Category.BUG, Status.NEW, Status.DELIVERED, id="bug-new-to-delivered"),
        pytest.param(Category.BUG, Status.NEW, Status.VALIDATION, id="bug-new-to-validation"),
        pytest.param(Category.REQUEST, Status.NEW, Status.PLANNED, id="request-new-to-planned"),
        pytest.param(Category.ORDER, Status.RECEIVED, Status.PLANNED, id="order-skip-proposal"),
        pytest.param(Category.SUPPORT, Status.IN_PROGRESS, Status.NEW, id="support-backwards"),
        pytest.param(Category.SUPPORT, Status.NEW, Status.NEW, id="support-same-status"),
        pytest.param(Category.SUPPORT, Status.NEW, Status.ESCALATED, id="support-state-of-bug"),
        pytest.param(Category.SUPPORT, Status.NEW, "nonsense", id="unknown-status"),
    ],
)
def test_illegal_jump_is_refused_with_a_clear_message(category, source, target, people, org_a):
    ticket = ticket_at(category, source, people, org_a)
    before = snapshot(ticket)
    with pytest.raises(ActionError) as refused:
        actions.transition(ticket, people["manager"], target)
    message = refused.value.message
    assert "cannot go from" in message
    assert str(Status(source).label) in message
    assert snapshot(ticket) == before


def test_escalating_a_bug_without_service_level_is_refused(bug_a, specialist_hantverk):
    type(bug_a).objects.filter(pk=bug_a.pk).update(service_level=None)
    bug_a.refresh_from_db()
    before = snapshot(bug_a)
    with pytest.raises(ActionError, match="Set a service level"):
        actions.transition(bug_a, specialist_hantverk, Status.ESCALATED)
    assert snapshot(bug_a) == before
    moves = actions.available_transitions(bug_a, specialist_hantverk)
    assert {"target": Status.ESCALATED, "needs_level": True}.items() <= next(
        m for m in moves if m["target"] == Status.ESCALATED
    ).items()


# --- waiting for the customer ----------------------------------------------------------


@pytest.fixture
def waiting_ticket(ticket_a, specialist_hantverk):
    ticket = actions.transition(ticket_a, specialist_hantverk, Status.IN_PROGRESS)
    return actions.transition(ticket, specialist_hantverk, Status.WAITING)


def test_waiting_remembers_where_to_resume(waiting_ticket, specialist_hantverk):
    waiting_ticket.refresh_from_db()
    assert waiting_ticket.status == Status.WAITING
    assert waiting_ticket.resume_status == Status.IN_PROGRESS
    event = waiting_ticket.events.filter(kind=Kind.STATUS).last()
    assert (event.old_value, event.new_value, event.actor) == (
        Status.IN_PROGRESS,
        Status.WAITING,
        specialist_hantverk,
    )


@pytest.mark.parametrize(
    "target", [Status.NEW, Status.CLOSED, Status.ESCALATED], ids=lambda s: f"to-{s}"
)
def test_waiting_ticket_resumes_only_to_its_resume_status(waiting_ticket, manager, target):
    before = snapshot(waiting_ticket)
    with pytest.raises(ActionError) as refused:
        actions.transition(waiting_ticket, manager, target)
    assert "can only be resumed to In progress" in refused.value.message
    assert snapshot(waiting_ticket) == before


def test_waiting_ticket_is_resumed_by_staff(waiting_ticket, specialist_hantverk):
    ticket = actions.transition(waiting_ticket, specialist_hantverk, Status.IN_PROGRESS)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resume_status) == (Status.IN_PROGRESS, "")


def test_waiting_ticket_cannot_wait_again(waiting_ticket, specialist_hantverk):
    # Waiting twice would make "waiting" the place to resume to: a ticket stuck for good.
    before = snapshot(waiting_ticket)
    with pytest.raises(ActionError):
        actions.transition(waiting_ticket, specialist_hantverk, Status.WAITING)
    assert snapshot(waiting_ticket) == before


@pytest.mark.parametrize(
    "role", ["customer-superuser", "other-org-superuser", "plain-customer-user"]
)
def test_customers_cannot_set_or_end_waiting(role, people, ticket_a, waiting_ticket):
    user = people[ROLES[role][0]]
    for ticket, target in ((ticket_a, Status.WAITING), (waiting_ticket, Status.IN_PROGRESS)):
        before = snapshot(ticket)
        with pytest.raises(ActionError):
            actions.transition(ticket, user, target)
        assert snapshot(ticket) == before


def test_customer_reply_resumes_a_waiting_ticket(waiting_ticket, superuser_a):
    actions.reply(waiting_ticket, superuser_a, "Här är skärmbilden ni bad om.")
    waiting_ticket.refresh_from_db()
    assert (waiting_ticket.status, waiting_ticket.resume_status) == (Status.IN_PROGRESS, "")
    event = waiting_ticket.events.filter(kind=Kind.STATUS).last()
    assert (event.old_value, event.new_value, event.actor, event.reason) == (
        Status.WAITING,
        Status.IN_PROGRESS,
        superuser_a,
        "The customer replied.",
    )


def test_staff_reply_keeps_the_ticket_waiting(waiting_ticket, specialist_hantverk):
    actions.reply(waiting_ticket, specialist_hantverk, "Har ni hunnit titta?")
    actions.reply(waiting_ticket, specialist_hantverk, "Intern anteckning", internal=True)
    waiting_ticket.refresh_from_db()
    assert waiting_ticket.status == Status.WAITING


# --- closing early ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "close_reason", [CloseReason.DECLINED, CloseReason.DUPLICATE, CloseReason.WITHDRAWN]
)
def test_staff_close_early_with_reason_code_and_text(ticket_a, specialist_hantverk, close_reason):
    ticket = actions.close(ticket_a, specialist_hantverk, close_reason, reason="Se 2026-000001")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.close_reason) == (Status.CLOSED, close_reason)
    assert ticket.closed_at is not None
    event = ticket.events.filter(kind=Kind.STATUS).last()
    assert (event.old_value, event.new_value, event.actor) == (
        Status.NEW,
        Status.CLOSED,
        specialist_hantverk,
    )
    assert "Se 2026-000001" in event.reason


@pytest.mark.parametrize(
    ("close_reason", "reason", "expected"),
    [
        pytest.param(CloseReason.DUPLICATE, "", "Say briefly why", id="no-reason-text"),
        pytest.param(CloseReason.DUPLICATE, "   ", "Say briefly why", id="blank-reason-text"),
        pytest.param(
            CloseReason.RESOLVED, "Klart", "Choose a reason", id="resolved-is-no-early-close"
        ),
        pytest.param("bogus", "Klart", "Choose a reason", id="unknown-code"),
        pytest.param("", "Klart", "Choose a reason", id="empty-code"),
    ],
)
def test_staff_early_close_needs_reason_and_valid_code(
    ticket_a, specialist_hantverk, close_reason, reason, expected
):
    before = snapshot(ticket_a)
    with pytest.raises(ActionError, match=expected):
        actions.close(ticket_a, specialist_hantverk, close_reason, reason=reason)
    assert snapshot(ticket_a) == before


def test_customer_superuser_can_withdraw_without_a_reason(ticket_a, superuser_a):
    ticket = actions.close(ticket_a, superuser_a, CloseReason.WITHDRAWN)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.close_reason) == (Status.CLOSED, CloseReason.WITHDRAWN)


@pytest.mark.parametrize(
    "close_reason", [CloseReason.DECLINED, CloseReason.DUPLICATE, CloseReason.RESOLVED]
)
def test_customer_can_only_withdraw(ticket_a, superuser_a, close_reason):
    before = snapshot(ticket_a)
    with pytest.raises(ActionError, match="withdrawn"):
        actions.close(ticket_a, superuser_a, close_reason, reason="Vi löste det själva")
    assert snapshot(ticket_a) == before


@pytest.mark.parametrize("role", ["other-org-superuser", "plain-customer-user"])
def test_other_customers_cannot_withdraw(ticket_a, people, role):
    before = snapshot(ticket_a)
    with pytest.raises(ActionError, match="may not close"):
        actions.close(ticket_a, people[ROLES[role][0]], CloseReason.WITHDRAWN)
    assert snapshot(ticket_a) == before


def test_closing_a_waiting_ticket_forgets_where_it_would_resume(waiting_ticket, manager):
    ticket = actions.close(waiting_ticket, manager, CloseReason.DUPLICATE, reason="Dubblett")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resume_status) == (Status.CLOSED, "")


# --- a closed ticket -------------------------------------------------------------------


@pytest.fixture
def closed_bug(bug_a, manager):
    return actions.close(bug_a, manager, CloseReason.DUPLICATE, reason="Dubblett")


@pytest.mark.parametrize("target", [s.value for s in Status], ids=lambda s: f"to-{s}")
@pytest.mark.parametrize("role", ["manager", "customer-superuser"])
def test_closed_ticket_refuses_every_transition(closed_bug, people, role, target):
    before = snapshot(closed_bug)
    with pytest.raises(ActionError, match="closed"):
        actions.transition(closed_bug, people[ROLES[role][0]], target)
    assert snapshot(closed_bug) == before
    assert actions.available_transitions(closed_bug, people[ROLES[role][0]]) == []


def test_closed_ticket_refuses_close_reply_and_changes(closed_bug, manager, superuser_a):
    before = snapshot(closed_bug)
    attempts = [
        lambda: actions.close(closed_bug, manager, CloseReason.DECLINED, reason="Igen"),
        lambda: actions.close(closed_bug, superuser_a, CloseReason.WITHDRAWN),
        lambda: actions.reply(closed_bug, superuser_a, "En fråga till"),
        lambda: actions.reply(closed_bug, manager, "Ett svar till"),
        lambda: actions.change_category(closed_bug, manager, Category.ORDER, reason="Fel"),
        lambda: actions.change_service_level(closed_bug, manager, 1, reason="Brådskande"),
        lambda: actions.hand_over(closed_bug, manager, Lane.CONSULTANT, reason="Konsult"),
    ]
    for attempt in attempts:
        with pytest.raises(ActionError):
            attempt()
        assert snapshot(closed_bug) == before


def test_reply_to_closed_ticket_says_to_register_a_new_one(closed_bug, superuser_a):
    with pytest.raises(ActionError) as refused:
        actions.reply(closed_bug, superuser_a, "Felet är tillbaka")
    assert closed_bug.number in refused.value.message
    assert "Register a new ticket" in refused.value.message


# --- turning a support question into something else ------------------------------------


@pytest.fixture
def discussed_question(ticket_a, specialist_hantverk, superuser_a):
    ticket = actions.transition(ticket_a, specialist_hantverk, Status.IN_PROGRESS)
    actions.reply(ticket, specialist_hantverk, "Kan ni beskriva stegen?")
    actions.reply(ticket, superuser_a, "Jag klickar på Lönekörning och får fel 500.")
    actions.reply(ticket, specialist_hantverk, "Ser ut som ett programfel.", internal=True)
    ticket.refresh_from_db()
    return ticket


@pytest.mark.parametrize(
    ("category", "level"), [(Category.BUG, 2), (Category.ORDER, None)], ids=["to-bug", "to-order"]
)
def test_support_question_converted_keeps_number_messages_and_events(
    discussed_question, specialist_hantverk, category, level
):
    _row, events_before, messages_before = snapshot(discussed_question)
    ticket = actions.change_category(
        discussed_question,
        specialist_hantverk,
        category,
        reason="Det är ett fel",
        service_level=level,
    )
    ticket.refresh_from_db()
    assert ticket.number == discussed_question.number
    assert ticket.category == category
    assert ticket.service_level == level
    _row, events_after, messages_after = snapshot(ticket)
    assert messages_after == messages_before
    assert events_after[: len(events_before)] == events_before
    new_kinds = [e["kind"] for e in events_after[len(events_before) :]]
    assert Kind.CATEGORY in new_kinds
    # In progress exists in both the bug and the order workflows, but an order's work waits
    # for an accepted cost proposal: it starts over at New. A bug carries on.
    assert ticket.status == (Status.IN_PROGRESS if category == Category.BUG else Status.NEW)


def test_support_question_to_bug_needs_a_service_level(discussed_question, specialist_hantverk):
    before = snapshot(discussed_question)
    with pytest.raises(ActionError, match="service level"):
        actions.change_category(
            discussed_question, specialist_hantverk, Category.BUG, reason="Programfel"
        )
    assert snapshot(discussed_question) == before


@pytest.mark.parametrize("level", [0, 6, -1], ids=lambda v: f"level-{v}")
def test_support_question_to_bug_refuses_an_impossible_service_level(
    discussed_question, specialist_hantverk, level
):
    before = snapshot(discussed_question)
    with pytest.raises(ActionError, match="service level"):
        actions.change_category(
            discussed_question,
            specialist_hantverk,
            Category.BUG,
            reason="Fel",
            service_level=level,
        )
    assert snapshot(discussed_question) == before


def test_support_question_cannot_become_a_feature_request(discussed_question, manager):
    assert Category.REQUEST not in CONVERSIONS[Category.SUPPORT]
    before = snapshot(discussed_question)
    with pytest.raises(ActionError) as refused:
        actions.change_category(discussed_question, manager, Category.REQUEST, reason="Önskemål")
    assert "software bug" in refused.value.message and "order" in refused.value.message
    assert snapshot(discussed_question) == before


@pytest.mark.parametrize("role", ["customer-superuser", "plain-customer-user"])
def test_customers_cannot_change_the_category(discussed_question, people, role):
    before = snapshot(discussed_question)
    with pytest.raises(ActionError):
        actions.change_category(
            discussed_question,
            people[ROLES[role][0]],
            Category.ORDER,
            reason="Beställning",
        )
    assert snapshot(discussed_question) == before


def test_conversion_keeps_internal_notes_internal(discussed_question, specialist_hantverk):
    actions.change_category(discussed_question, specialist_hantverk, Category.ORDER, reason="Jobb")
    assert Message.objects.get(ticket=discussed_question, internal=True).body == (
        "Ser ut som ett programfel."
    )
