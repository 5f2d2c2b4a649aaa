"""Each queue row and the ticket page show the business time left, coloured by urgency.

At Monday 9 March 2026 09:35, with the default opening hours and terms:
- a level 2 bug registered Friday 13:00 was due for handling Monday 09:00: 35 min late;
- a level 1 bug registered Monday 08:30 is due 10:30: 55 min left (under an hour: soon);
- a support question registered Monday 08:00 is due Tuesday 09:00: 2 h 25 min + 3 h +
  1 h = 6 h 25 min left.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.sla.helpers import at

NOW = at(2026, 3, 9, 9, 35)


@pytest.fixture
def late_bug(org_a, superuser_a):
    return factories.make_ticket(
        org_a,
        superuser_a,
        category="bug",
        service_level=2,
        title="Lönen stoppar",
        module="lon",
        now=at(2026, 3, 6, 13),
    )


@pytest.fixture
def urgent_bug(org_a, superuser_a):
    return factories.make_ticket(
        org_a,
        superuser_a,
        category="bug",
        service_level=1,
        title="Inget fungerar",
        now=at(2026, 3, 9, 8, 30),
    )


@pytest.fixture
def question(org_a, superuser_a):
    return factories.make_ticket(org_a, superuser_a, title="Momsfråga", now=at(2026, 3, 9, 8))


def _row(html, ticket):
    """The queue row of `ticket`."""
    match = re.search(
        # The first cell may be the bulk-selection checkbox.
        rf"<tr>\s*(?:<td[^>]*><input[^>]*></td>\s*)?<td[^>]*><a class=\"ticket-number\"[^>]*>"
        rf"{ticket.number}</a>.*?</tr>",
        html,
        re.S,
    )
    assert match, f"no row for {ticket.number}"
    return match.group(0)


def _clock(html):
    """The first SLA clock in `html`: (css classes, title, text)."""
    match = re.search(
        r'<span class="sla-clock ([^"]*)" title="([^"]*)"><time datetime="[^"]*">([^<]*)</time>',
        html,
    )
    assert match, "no clock"
    return match.groups()


def test_queue_rows_show_time_left_and_urgency(
    client, freeze, manager, late_bug, urgent_bug, question
):
    freeze(NOW)
    client.force_login(manager)
    html = client.get(reverse("agent:queue")).content.decode()
    assert "Time left" in html
    assert _clock(_row(html, late_bug)) == (
        "sla-late",
        "Handling due 2026-03-09 09:00",
        "35 min late",
    )
    assert _clock(_row(html, urgent_bug)) == (
        "sla-soon",
        "Handling due 2026-03-09 10:30",
        "55 min left",
    )
    assert _clock(_row(html, question)) == (
        "sla-ok",
        "Handling due 2026-03-10 09:00",
        "6 h 25 min left",
    )


def test_queue_row_of_a_paused_ticket_says_paused(
    client, freeze, manager, specialist_hantverk, urgent_bug
):
    # The move is staff's first visible action: handling started, the clock that stops is
    # the resolution's (level 1: 16:00 the same day).
    actions.transition(urgent_bug, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 9))
    freeze(NOW)
    client.force_login(manager)
    html = client.get(reverse("agent:queue")).content.decode()
    classes, title, text = _clock(_row(html, urgent_bug))
    assert text == "paused" and "sla-paused" in classes
    # 09–12 and 13–16 were left when the clock stopped at 09:00.
    assert title == "Paused while the customer has the next move, 6 h left"


def test_handled_ticket_counts_down_to_its_resolution_target(
    client, freeze, manager, specialist_hantverk, urgent_bug
):
    actions.reply(urgent_bug, specialist_hantverk, "Vi är på det.", now=at(2026, 3, 9, 9))
    freeze(NOW)
    client.force_login(manager)
    html = client.get(reverse("agent:queue")).content.decode()
    # Level 1: resolved the same day, by 16:00: 2 h 25 min + 3 h.
    assert _clock(_row(html, urgent_bug)) == (
        "sla-ok",
        "Resolution due 2026-03-09 16:00",
        "5 h 25 min left",
    )


def test_closed_ticket_has_no_clock(client, freeze, manager, question):
    actions.close(
        question, manager, "duplicate", reason="Samma som ett annat", now=at(2026, 3, 9, 9)
    )
    freeze(NOW)
    client.force_login(manager)
    html = client.get(reverse("agent:queue"), {"status": "all"}).content.decode()
    assert "sla-clock" not in _row(html, question)


def test_agent_ticket_page_shows_the_sla_panel(client, freeze, specialist_hantverk, late_bug):
    freeze(NOW)
    client.force_login(specialist_hantverk)
    html = client.get(reverse("agent:ticket", args=[late_bug.number])).content.decode()
    panel = html[html.index('id="sla"') :]
    assert _clock(panel) == ("sla-late", "Handling due 2026-03-09 09:00", "35 min late")
    text = re.sub(r"<[^>]+>", "", panel)
    assert "Servicenivåer 2020" in text  # the terms version in force at registration
    assert re.search(r"Clock started\s*2026-03-06 13:00", text)
    assert re.search(r"Handling due\s*2026-03-09 09:00", text)
    assert re.search(r"Handling started\s*Not yet", text)
    # Level 2: by the end of the week it was registered in, Friday 16:00.
    # Same week would be Friday 16:00, before handling was due: never earlier than that.
    assert re.search(r"Resolution due\s*2026-03-09 09:00", text)
    assert re.search(r"Handling late by\s*35 min", text)
    assert re.search(r"Resolution late by\s*35 min", text)


def test_agent_panel_shows_pauses_and_the_resolution_window(
    client, freeze, specialist_hantverk, org_a, superuser_a
):
    # Level 5: a window of 1–12 months from the clock start.
    bug = factories.make_ticket(
        org_a, superuser_a, category="bug", service_level=5, now=at(2026, 3, 2, 8)
    )
    actions.transition(bug, specialist_hantverk, Status.WAITING, now=at(2026, 3, 2, 10))
    actions.reply(bug, superuser_a, "Här är loggen.", now=at(2026, 3, 3, 10))  # resumes
    actions.transition(bug, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 9))
    freeze(NOW)
    client.force_login(specialist_hantverk)
    html = client.get(reverse("agent:ticket", args=[bug.number])).content.decode()
    text = re.sub(r"<[^>]+>", "", html[html.index('id="sla"') :])
    bug.refresh_from_db()
    earliest, latest = (
        timezone.localtime(t).strftime("%Y-%m-%d %H:%M")
        for t in (bug.resolution_window_start, bug.resolution_due_at)
    )
    assert earliest.startswith("2026-04") and latest.startswith("2027-03")
    assert f"Resolution window{earliest} – {latest}" in text
    assert re.search(r"Paused since\s*2026-03-09 09:00", text)
    # First pause Mon 10:00–Tue 10:00 = 7 h, the current one 09:00–09:35.
    assert re.search(r"Paused in total\s*7 h 35 min", text)


def test_customer_sees_targets_but_no_countdown_or_breach(
    client, freeze, superuser_a, late_bug, question
):
    freeze(NOW)
    client.force_login(superuser_a)
    html = client.get(reverse("portal:ticket", args=[late_bug.number])).content.decode()
    text = re.sub(r"<[^>]+>", "", html[html.index('id="sla"') :])
    assert "Servicenivåer 2020" in text
    assert re.search(r"Handling was due\s*2026-03-09 09:00", text)
    assert re.search(r"Resolution target\s*2026-03-09 09:00", text)
    assert "sla-clock" not in html and "late" not in text.split("History")[0]

    html = client.get(reverse("portal:ticket", args=[question.number])).content.decode()
    assert re.search(r"Handling starts by\s*(<[^>]+>)*2026-03-10 09:00", html)


def test_customer_list_shows_the_next_target(
    client, freeze, superuser_a, specialist_hantverk, question, late_bug, urgent_bug
):
    actions.reply(urgent_bug, specialist_hantverk, "Vi är på det.", now=at(2026, 3, 9, 9, 30))
    freeze(NOW)
    client.force_login(superuser_a)
    html = client.get(reverse("portal:list")).content.decode()
    assert "Our target" in html
    assert "Handling starts by 2026-03-10 09:00" in html
    assert "Handling was due 2026-03-09 09:00" in html
    assert "Resolution by 2026-03-09 16:00" in html  # level 1: the same day
