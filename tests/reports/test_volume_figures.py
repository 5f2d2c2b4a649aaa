"""The volumes report's figures equal those counted by hand from the raw tickets."""

import pytest
from django.db.models import Q

from kundcenter.reports.framework import DateRange
from kundcenter.reports.volumes import volumes
from tests.reports.helpers import (
    FIRST,
    LAST,
    expected_age_buckets,
    expected_breakdown,
    expected_customers,
    expected_periods,
)


def run(**filters):
    data = {"dates": DateRange(FIRST, LAST), "grouping": "day", "breakdown": "category"}
    data.update(filters)
    return volumes(data, Q())


@pytest.mark.parametrize("grouping", ["day", "week", "month"])
def test_new_closed_and_open_per_period_match_the_tickets(many_tickets, grouping):
    report = run(grouping=grouping)
    assert report.table("periods").rows == expected_periods(many_tickets, FIRST, LAST, grouping)
    backlog = [[label, still_open] for label, _n, _c, still_open in report.table("periods").rows]
    assert report.table("backlog").rows == backlog


def test_a_ticket_just_after_midnight_counts_on_its_stockholm_day(many_tickets):
    rows = {row[0]: row for row in run().table("periods").rows}
    first_day = expected_periods(many_tickets, FIRST, FIRST, "day")[0]
    assert rows["2026-10-01"] == first_day
    assert rows["2026-10-01"][1] >= 1  # the 00:10 ticket, 22:10 UTC on 30 September


def test_backlog_age_buckets_match_the_tickets(many_tickets):
    assert run().table("age").rows == expected_age_buckets(many_tickets, LAST)


@pytest.mark.parametrize(
    "breakdown,key",
    [
        ("category", lambda t: str(t.get_category_display())),
        ("channel", lambda t: str(t.get_channel_display())),
        ("module", lambda t: t.module.name),
        ("industry", lambda t: t.organization.industry.name),
        ("team", lambda t: t.team.name),
    ],
)
def test_breakdown_matches_the_tickets(many_tickets, breakdown, key):
    rows = run(breakdown=breakdown).table("breakdown").rows
    assert {label: [n, c, o] for label, n, c, o in rows} == expected_breakdown(
        many_tickets, FIRST, LAST, key
    )
    assert [r[1] for r in rows] == sorted((r[1] for r in rows), reverse=True)


def test_top_customers_match_the_tickets(many_tickets):
    rows = run().table("customers").rows
    assert dict(rows) == expected_customers(many_tickets, FIRST, LAST)
    assert [n for _name, n in rows] == sorted((n for _name, n in rows), reverse=True)


def test_filters_narrow_the_figures(many_tickets):
    bugs = [t for t in many_tickets if t.category == "bug"]
    report = run(category="bug")
    assert report.table("periods").rows == expected_periods(bugs, FIRST, LAST, "day")
    phone = [t for t in many_tickets if t.channel == "phone"]
    assert run(channel="phone").table("age").rows == expected_age_buckets(phone, LAST)
    team = many_tickets[1].team
    mine = [t for t in many_tickets if t.team_id == team.pk]
    assert run(team=team).table("periods").rows == expected_periods(mine, FIRST, LAST, "day")
    industry = many_tickets[1].organization.industry
    theirs = [t for t in many_tickets if t.organization.industry_id == industry.pk]
    assert run(industry=industry).table("customers").rows == [
        [name, n] for name, n in expected_customers(theirs, FIRST, LAST).items()
    ]
    module = many_tickets[0].module
    ours = [t for t in many_tickets if t.module_id == module.pk]
    assert run(module=module).table("periods").rows == expected_periods(ours, FIRST, LAST, "day")
    assert sum(r[1] for r in report.table("periods").rows) < sum(
        r[1] for r in run().table("periods").rows
    )


def test_a_range_without_tickets_gives_zero_rows_for_every_day(db):
    rows = run().table("periods").rows
    assert len(rows) == 31
    assert all(row[1:] == [0, 0, 0] for row in rows)
    assert run().table("customers").rows == []
