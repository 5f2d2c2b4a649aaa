"""The queue puts the nearest deadline first: overdue, then due soonest; no deadline last.

Hand-computed with the default opening hours (08–12, 13–16 on weekdays) and terms
(bugs: level 1 2 h, level 2 4 h, level 3 12 h, level 5 48 h; support questions 8 h).
"""

from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.agent.helpers import queue_numbers
from tests.sla.helpers import at


def _make(org, reporter, title, when, category="support", level=None):
    return factories.make_ticket(
        org, reporter, title=title, category=category, service_level=level, now=when
    )


def test_the_nearest_due_time_comes_first(
    client, freeze, manager, specialist_hantverk, org_a, superuser_a
):
    # Handling due Monday 9 March: 09:00 (Fri 13–16 + Mon 08–09), 10:30, 16:00.
    level2_overdue = _make(org_a, superuser_a, "Nivå två", at(2026, 3, 6, 13), "bug", 2)
    level1 = _make(org_a, superuser_a, "Nivå ett", at(2026, 3, 9, 8, 30), "bug", 1)
    level3 = _make(org_a, superuser_a, "Nivå tre", at(2026, 3, 6, 10), "bug", 3)
    # Registered over the weekend: both clocks start Monday 08:00, due Tuesday 09:00;
    # the older one first.
    saturday = _make(org_a, superuser_a, "Lördagsfråga", at(2026, 3, 7, 10))
    sunday = _make(org_a, superuser_a, "Söndagsfråga", at(2026, 3, 8, 10))
    # Level 5, registered first of all: 48 business hours, due much later.
    level5 = _make(org_a, superuser_a, "Nivå fem", at(2026, 3, 2, 8), "bug", 5)
    # Waiting for the customer: the clock is paused, no deadline, last.
    waiting = _make(org_a, superuser_a, "Väntar", at(2026, 3, 2, 9))
    actions.transition(waiting, specialist_hantverk, Status.WAITING, now=at(2026, 3, 2, 10))

    freeze(at(2026, 3, 9, 9, 35))
    client.force_login(manager)
    assert queue_numbers(client) == [
        level2_overdue.number,
        level1.number,
        level3.number,
        saturday.number,
        sunday.number,
        level5.number,
        waiting.number,
    ]


def test_handling_started_moves_a_ticket_to_its_resolution_target(
    client, freeze, manager, specialist_hantverk, org_a, superuser_a
):
    # Level 1: handling due Mon 10:00, resolution the same day at 16:00.
    level1 = _make(org_a, superuser_a, "Nivå ett", at(2026, 3, 9, 8), "bug", 1)
    # A support question: 8 h = Fri 10–12, 13–16 + Mon 08–11, so due Mon 11:00.
    question = _make(org_a, superuser_a, "Fråga", at(2026, 3, 6, 10))
    freeze(at(2026, 3, 9, 8, 30))
    client.force_login(manager)
    assert queue_numbers(client) == [level1.number, question.number]

    actions.reply(level1, specialist_hantverk, "Vi tittar på det nu.", now=at(2026, 3, 9, 8, 30))
    # Handled: now working against the resolution target (16:00), after the question.
    assert queue_numbers(client) == [question.number, level1.number]
