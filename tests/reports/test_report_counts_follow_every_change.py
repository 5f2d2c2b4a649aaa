"""The reports' precomputed figures stay current: after every kind of action (register, a
workflow move, closing and the customer's reply that reopens, early close, waiting for
the customer and the reply that resumes, recategorising, a level change, moving team or
lane, a breach found by the sweep, a customer changing industry, a deleted ticket) the
report counts equal counts worked out here from the raw tickets, and so do the stored
business-hour durations and the times report's monthly duration histograms; and
`rebuild_report_figures` makes the same figures from nothing, twice over without change.

The expected figures are computed in this file from the tickets' columns (no code of
kundcenter.tickets.counts, kundcenter.tickets.timings or kundcenter.sla.clock.durations)."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from kundcenter.accounts.models import Industry
from kundcenter.sla import sweep
from kundcenter.sla.policy import get_calendar
from kundcenter.tickets import actions
from kundcenter.tickets.models import DurationCount, Ticket, TicketCount
from kundcenter.tickets.workflows import CloseReason, Lane, Status
from tests import factories
from tests.sla.helpers import STOCKHOLM, at

pytestmark = pytest.mark.django_db


def marginals(dims, prefix):
    """The marginal cells' cube and columns: every grouping collapsed but (at most) one."""
    category, channel, module, industry, team = dims
    return [
        (f"{prefix}_all", ("", "", 0, 0, 0)),
        (f"{prefix}_cat", (category, "", 0, 0, 0)),
        (f"{prefix}_chn", ("", channel, 0, 0, 0)),
        (f"{prefix}_mod", ("", "", module, 0, 0)),
        (f"{prefix}_ind", ("", "", 0, industry, 0)),
        (f"{prefix}_team", ("", "", 0, 0, team)),
    ]


def expected_counts() -> Counter:
    """{(cube, span, period, category, channel, module, industry, team, lane, level,
    handling, resolution): tickets}, from the tickets themselves."""
    result = Counter()
    for t in Ticket.objects.select_related("organization"):
        created = t.created_at.astimezone(STOCKHOLM).date()
        dims = (t.category, t.channel, t.module_id or 0, t.organization.industry_id, t.team_id)
        for span, day in (("d", created), ("m", created.replace(day=1))):
            result[("new", span, day, *dims, t.lane, 0, "", "")] += 1
            for cube, kept in marginals(dims, "n"):
                result[(cube, span, day, *kept, t.lane, 0, "", "")] += 1
        if t.closed_at is not None:
            closed = t.closed_at.astimezone(STOCKHOLM).date()
            for span, day in (("d", closed), ("m", closed.replace(day=1))):
                result[("closed", span, day, *dims, t.lane, 0, "", "")] += 1
                for cube, kept in marginals(dims, "c"):
                    result[(cube, span, day, *kept, t.lane, 0, "", "")] += 1
        handling = resolution = ""
        if t.response_due_at is not None:
            if t.response_breached_at is not None:
                handling = "late"
            else:
                handling = "in_time" if t.handling_started_at else "pending"
        if t.resolution_due_at is not None:
            if t.resolution_breached_at is not None:
                resolution = "breached"
            else:
                resolution = "met" if t.status == Status.CLOSED else "pending"
        if handling or resolution:
            for span, day in (("d", created), ("m", created.replace(day=1))):
                key = (t.category, "", t.module_id or 0, 0, t.team_id, t.lane)
                result[("sla", span, day, *key, t.service_level or 0, handling, resolution)] += 1
    return result


def stored_counts() -> Counter:
    columns = [
        "cube",
        "span",
        "period",
        "category",
        "channel",
        "module",
        "industry",
        "team",
        "lane",
        "service_level",
        "handling",
        "resolution",
    ]
    return Counter(
        {
            tuple(row[:-1]): row[-1]
            for row in TicketCount.objects.values_list(*columns, "n")
            if row[-1]
        }
    )


def expected_durations(ticket):
    calendar = get_calendar()
    handling = resolution = None
    if ticket.handling_started_at is not None:
        handling = max(
            (calendar.between(ticket.created_at, ticket.handling_started_at)).total_seconds(), 0
        )
    if ticket.closed_at is not None:
        spent = calendar.between(ticket.created_at, ticket.closed_at).total_seconds()
        resolution = max(spent - ticket.paused_seconds, 0)
    return handling, resolution


def bucket_of(seconds: float) -> int:
    """The histogram bucket as the README states it: the nearest tenth of an hour below
    48 hours, the middle of the whole hour below 480 hours, then of the ten hours."""
    hours = seconds / 3600
    if hours < 48:
        tenths = int(hours * 10 + 0.5 + 1e-9)
        return tenths * 360
    if hours < 480:
        return int(hours) * 3600 + 1800
    return int(hours // 10) * 36000 + 18000


def band_of(value: int) -> int:
    """The band cells' bucket as the README states it: bands of 2 hours below 48 hours,
    of 12 hours below 480, then of 120 hours (the band's lower bound)."""
    hours = value / 3600
    width = 2 if hours < 48 else 12 if hours < 480 else 120
    return int(hours // width) * width * 3600


def expected_histograms() -> Counter:
    """{(month, lane, axis, value, measure, bucket): tickets}, from the tickets: bucket
    cells (measure h, r) and band cells (H, R)."""
    result = Counter()
    for t in Ticket.objects.all():
        month = t.created_at.astimezone(STOCKHOLM).date().replace(day=1)
        for measure, seconds in (
            ("h", t.handling_business_seconds),
            ("r", t.resolution_business_seconds),
        ):
            if seconds is None:
                continue
            for lane in {"", t.lane}:
                for axis, value in (
                    ("", ""),
                    ("level", str(t.service_level or 0)),
                    ("category", t.category),
                    ("team", str(t.team_id or 0)),
                ):
                    value_of = bucket_of(seconds)
                    result[(month, lane, axis, value, measure, value_of)] += 1
                    result[(month, lane, axis, value, measure.upper(), band_of(value_of))] += 1
    return result


def stored_histograms() -> Counter:
    columns = ["period", "lane", "axis", "value", "measure", "bucket"]
    return Counter(
        {
            tuple(row[:-1]): row[-1]
            for row in DurationCount.objects.values_list(*columns, "n")
            if row[-1]
        }
    )


def test_the_buckets_as_stated():
    from kundcenter.tickets.timings import bucket

    minute, hour = 60, 3600
    assert [bucket(s) for s in (0, 2 * minute, 4 * minute, 15 * minute, 7 * hour)] == [
        0,
        0,
        360,
        1080,
        25200,
    ]
    assert bucket(47.99 * hour) == 48 * hour  # still the tenth of an hour
    assert bucket(48 * hour) == bucket(48.99 * hour) == 48.5 * hour
    assert bucket(479.9 * hour) == 479.5 * hour
    assert bucket(480 * hour) == bucket(489 * hour) == 485 * hour
    for seconds in range(0, 600 * hour, 997):
        assert abs(bucket(seconds) - seconds) <= (180 if seconds < 48 * hour else 5 * hour)
        assert bucket(seconds) == bucket_of(seconds)


def assert_current():
    assert stored_counts() == expected_counts()
    assert stored_histograms() == expected_histograms()
    for ticket in Ticket.objects.all():
        stored = (ticket.handling_business_seconds, ticket.resolution_business_seconds)
        assert stored == expected_durations(ticket), ticket.number


@pytest.fixture
def bug(org_a, superuser_a):
    return factories.make_ticket(
        org_a, superuser_a, category="bug", service_level=2, now=at(2026, 3, 9, 9)
    )


def test_registering_counts_the_new_ticket(org_a, superuser_a, bug):
    factories.make_ticket(org_a, superuser_a, now=at(2026, 3, 31, 23, 30))  # a month's last hour
    assert_current()
    assert (
        stored_counts()[
            ("new", "m", at(2026, 3, 1).date(), "support", "portal")
            + (bug.module_id, org_a.industry_id, bug.team_id, "support", 0, "", "")
        ]
        == 1
    )


def test_workflow_moves_closing_and_reopening_move_the_ticket_between_counts(
    bug, specialist_hantverk, product_dev, superuser_a
):
    actions.transition(bug, specialist_hantverk, Status.ESCALATED, now=at(2026, 3, 9, 10))
    assert_current()  # handling started in time, handed to the product department
    actions.transition(bug, product_dev, Status.IN_PROGRESS, now=at(2026, 3, 10, 9))
    actions.transition(bug, product_dev, Status.DELIVERED, now=at(2026, 3, 12, 9))
    assert_current()
    bug.refresh_from_db()
    moves = [m["target"] for m in actions.available_transitions(bug, specialist_hantverk)]
    target = Status.VALIDATION if Status.VALIDATION in moves else moves[0]
    actions.transition(bug, specialist_hantverk, target, now=at(2026, 3, 13, 9))
    assert_current()  # validation: the clock pauses
    bug.refresh_from_db()
    while bug.status != Status.CLOSED:
        moves = actions.available_transitions(bug, specialist_hantverk)
        closing = [m for m in moves if m["target"] == Status.CLOSED]
        move = closing[0] if closing else moves[0]
        actions.transition(bug, specialist_hantverk, move["target"], now=at(2026, 4, 2, 10))
        bug.refresh_from_db()
    assert_current()  # closed in April: counted closed then, resolution stored less the pause
    assert bug.resolution_business_seconds is not None

    # The customer's reply reopens it: no longer closed, no resolution time.
    actions.reply(bug, superuser_a, "Felet är tillbaka.", now=at(2026, 4, 3, 10))
    bug.refresh_from_db()
    assert bug.status != Status.CLOSED
    assert bug.resolution_business_seconds is None
    assert_current()


def test_early_close_counts_as_closed(org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(org_a, superuser_a, now=at(2026, 3, 9, 9))
    actions.close(
        ticket, specialist_hantverk, CloseReason.DUPLICATE, reason="Se 2026-000001",
        now=at(2026, 3, 9, 11),
    )  # fmt: skip
    assert_current()


def test_waiting_for_the_customer_and_the_reply_that_resumes(bug, specialist_hantverk, superuser_a):
    actions.transition(bug, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 10))
    assert_current()
    actions.reply(bug, superuser_a, "Här är skärmbilden.", now=at(2026, 3, 11, 10))
    assert_current()
    bug.refresh_from_db()
    assert bug.status != Status.WAITING and bug.paused_seconds > 0


def test_level_category_team_and_lane_changes_move_the_ticket(
    org_a, superuser_a, bug, specialist_hantverk, team_handel
):
    actions.change_service_level(bug, specialist_hantverk, 4, reason="Mindre brådskande")
    assert_current()
    question = factories.make_ticket(org_a, superuser_a, now=at(2026, 3, 9, 9))
    actions.change_category(question, specialist_hantverk, "bug", reason="Ett fel", service_level=3)
    assert_current()
    actions.move_team(question, specialist_hantverk, team_handel, reason="Deras kund")
    actions.hand_over(bug, specialist_hantverk, Lane.CONSULTANT, reason="Konsultjobb")
    assert_current()


def test_a_breach_found_by_the_sweep_moves_the_ticket_to_late(bug):
    bug.refresh_from_db()
    result = sweep.sweep(now=bug.response_due_at + timedelta(minutes=5))
    assert bug.pk in result.response_breached
    assert_current()
    bug.refresh_from_db()
    sweep.sweep(now=bug.resolution_due_at + timedelta(minutes=5))
    assert_current()
    assert ("late", "breached") in {(k[10], k[11]) for k in stored_counts() if k[0] == "sla"}


def test_a_customer_changing_industry_and_a_deleted_ticket(org_a, superuser_a, bug):
    other = Industry.objects.exclude(pk=org_a.industry_id).first()
    org_a.industry = other
    org_a.save()
    assert_current()
    second = factories.make_ticket(org_a, superuser_a, now=at(2026, 3, 10, 9))
    second.delete()
    assert_current()


def test_the_rebuild_makes_the_same_figures_from_nothing(
    org_a, superuser_a, bug, specialist_hantverk
):
    actions.transition(bug, specialist_hantverk, Status.ESCALATED, now=at(2026, 3, 9, 10))
    closed = factories.make_ticket(org_a, superuser_a, now=at(2026, 2, 27, 15))
    actions.close(
        closed, specialist_hantverk, CloseReason.DECLINED, reason="Utanför avtalet",
        now=at(2026, 3, 2, 9),
    )  # fmt: skip
    before = stored_counts()
    histograms = stored_histograms()
    assert histograms
    TicketCount.objects.all().delete()
    DurationCount.objects.all().delete()
    Ticket.objects.update(
        counted_as="",
        timed_as="",
        handling_business_seconds=None,
        resolution_business_seconds=None,
    )

    out = StringIO()
    call_command("rebuild_report_figures", verbosity=0, stdout=out)
    assert stored_counts() == before == expected_counts()
    assert_current()
    assert "Report counts: 2 tickets recounted" in out.getvalue()
    assert stored_histograms() == histograms
    assert "Duration histograms: 2 tickets recounted" in out.getvalue()

    out = StringIO()
    call_command("rebuild_report_figures", verbosity=0, stdout=out)  # nothing left to do
    assert "durations: 0 of 2 tickets changed" in out.getvalue()
    assert "counts: 0 tickets recounted" in out.getvalue()
    assert "histograms: 0 tickets recounted" in out.getvalue()
    assert stored_counts() == before
    assert stored_histograms() == histograms
