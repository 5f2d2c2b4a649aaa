"""The customer-satisfaction report (Kundnöjdhet): its figures checked against the same
figures worked out in plain Python from the raw survey rows, its exports, who may see it,
and a constant number of queries."""

import csv
import datetime
import io
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from kundcenter.tickets.models import Survey
from tests import factories

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
QUERY = {"date_from": "2026-10-01", "date_to": "2026-11-30"}
CEILING = 14


def local(y, m, d, hour=10):
    return datetime.datetime(y, m, d, hour, tzinfo=STOCKHOLM)


@pytest.fixture
def raw_surveys(org_a, org_b, superuser_a, superuser_b, specialist_hantverk, specialist_handel):
    return make_surveys(
        40, [(org_a, superuser_a), (org_b, superuser_b)], [specialist_hantverk, specialist_handel]
    )


def make_surveys(count, customers, specialists, seed=7):
    """Surveys answered from mid-September to mid-December 2026 (around the range the
    tests report on), some unanswered, over both teams, every category and specialist."""
    rng = random.Random(seed)
    start, span = local(2026, 9, 15), (local(2026, 12, 15) - local(2026, 9, 15)).total_seconds()
    rows = []
    for n in range(count):
        org, reporter = customers[n % len(customers)]
        ticket = factories.make_ticket(org, reporter, module=None)
        answered = start + datetime.timedelta(seconds=rng.uniform(0, span))
        if n == 0:
            answered = datetime.datetime(2026, 9, 30, 22, 30, tzinfo=datetime.UTC)  # Oct 1 local
        if n == 1:
            answered = local(2026, 11, 30, 23)  # the last evening of the range
        unanswered = rng.random() < 0.15 and n > 1
        rows.append(
            Survey.objects.create(
                ticket=ticket,
                person=reporter,
                team_id=ticket.team_id,
                category=rng.choice(["support", "bug", "request", "order"]),
                specialist=rng.choice([*specialists, None]),
                offered_at=answered - datetime.timedelta(days=1),
                score=None if unanswered else rng.randint(1, 5),
                answered_at=None if unanswered else answered,
            )
        )
    return rows


def expected(rows, key):
    """Per group: answers, average, share with 4–5, count with 1–2, from raw rows."""
    first, last = datetime.date(2026, 10, 1), datetime.date(2026, 11, 30)
    groups = defaultdict(list)
    for s in rows:
        if s.answered_at is None:
            continue
        day = s.answered_at.astimezone(STOCKHOLM).date()
        if first <= day <= last:
            groups[key(s, day)].append(s.score)
    return {
        k: [
            len(v),
            round(sum(v) / len(v), 6),
            round(sum(1 for x in v if x >= 4) / len(v), 6),
            sum(1 for x in v if x <= 2),
        ]
        for k, v in groups.items()
    }


def table(response, key):
    section = next(s for s in response.context["sections"] if s["table"].key == key)
    return {
        row[0]: [row[1], round(row[2], 6), round(row[3], 6), row[4]]
        for row in section["table"].rows
        if row[1]
    }


def test_the_figures_match_the_raw_rows(client, manager, raw_surveys, team_hantverk):
    client.force_login(manager)
    response = client.get(reverse("reports:satisfaction"), QUERY)
    assert response.status_code == 200
    assert table(response, "months") == expected(raw_surveys, lambda s, day: f"{day:%Y-%m}")
    assert table(response, "teams") == expected(raw_surveys, lambda s, day: s.team.name)
    labels = {"support": "Support question", "bug": "Software bug"}
    labels |= {"request": "Feature request", "order": "Order"}
    assert table(response, "categories") == expected(raw_surveys, lambda s, day: labels[s.category])
    assert table(response, "specialists") == expected(
        raw_surveys,
        lambda s, day: s.specialist.full_name if s.specialist else "Not assigned",
    )
    # Both edge rows count: the first minutes of 1 October and the last evening.
    months = table(response, "months")
    assert sum(v[0] for v in months.values()) == sum(
        1
        for s in raw_surveys
        if s.answered_at
        and datetime.date(2026, 10, 1)
        <= s.answered_at.astimezone(STOCKHOLM).date()
        <= datetime.date(2026, 11, 30)
    )
    # Filtered by team, only that team's answers count.
    only = client.get(reverse("reports:satisfaction"), {**QUERY, "team": team_hantverk.pk})
    assert table(only, "teams") == {
        k: v
        for k, v in expected(raw_surveys, lambda s, day: s.team.name).items()
        if k == team_hantverk.name
    }


def test_the_response_rate_counts_by_the_month_sent(client, manager, raw_surveys):
    first, last = datetime.date(2026, 10, 1), datetime.date(2026, 11, 30)
    sent, answered = defaultdict(int), defaultdict(int)
    for s in raw_surveys:
        day = s.offered_at.astimezone(STOCKHOLM).date()
        if first <= day <= last:
            sent[f"{day:%Y-%m}"] += 1
            answered[f"{day:%Y-%m}"] += s.answered_at is not None
    client.force_login(manager)
    response = client.get(reverse("reports:satisfaction"), QUERY)
    section = next(s for s in response.context["sections"] if s["table"].key == "response")
    shown = {row[0]: row[1:] for row in section["table"].rows}
    assert shown == {
        month: [sent[month], answered[month], answered[month] / sent[month]]
        for month in ("2026-10", "2026-11")
    }
    assert sum(sent.values()) > sum(answered.values()) > 0  # some are unanswered


def test_the_chart_and_exports_show_the_same_table(client, manager, raw_surveys):
    client.force_login(manager)
    page = client.get(reverse("reports:satisfaction"), QUERY)
    assert b"<svg" in page.content
    response = client.get(
        reverse("reports:satisfaction"), {**QUERY, "format": "csv", "table": "teams"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Team",
        "Answers",
        "Average score (1–5)",
        "Satisfied (4–5)",
        "Low scores (1–2)",
    ]
    shown = table(page, "teams")
    assert {r[0]: int(r[1]) for r in rows[1:]} == {k: v[0] for k, v in shown.items()}
    xlsx = client.get(
        reverse("reports:satisfaction"), {**QUERY, "format": "xlsx", "table": "months"}
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_only_managers_and_admins_see_it(
    client, specialist_hantverk, product_dev, superuser_a, manager
):
    for person in (specialist_hantverk, product_dev, superuser_a):
        client.force_login(person)
        assert client.get(reverse("reports:satisfaction")).status_code == 404
    client.force_login(manager)
    index = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:satisfaction") in index


@pytest.mark.parametrize("count", [5, 40])
def test_the_report_queries_do_not_grow(
    client, manager, customers_and_specialists, count, django_assert_max_num_queries
):
    make_surveys(count, *customers_and_specialists, seed=count)
    client.force_login(manager)
    client.get(reverse("reports:satisfaction"))
    with django_assert_max_num_queries(CEILING):
        assert client.get(reverse("reports:satisfaction"), QUERY).status_code == 200
    with django_assert_max_num_queries(CEILING):
        client.get(reverse("reports:satisfaction"), {**QUERY, "format": "csv", "table": "teams"})


@pytest.fixture
def customers_and_specialists(
    org_a, org_b, superuser_a, superuser_b, specialist_hantverk, specialist_handel
):
    return [(org_a, superuser_a), (org_b, superuser_b)], [specialist_hantverk, specialist_handel]
