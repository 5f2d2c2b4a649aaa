"""The service-level and times pages: who sees them, the late tickets behind each row,
exports equal to the table, and a fixed number of queries."""

import csv
import io
import re

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.reports.conftest import report_table
from tests.reports.sla_helpers import FIRST, LAST, registered_in, row, sla_tickets
from tests.reports.test_report_exports import read_xlsx

RANGE = {"date_from": FIRST.isoformat(), "date_to": LAST.isoformat()}
PAGES = ["reports:service_levels", "reports:times", "reports:breaches"]
CEILING = 16
LEVELS = {
    1: "1 – the service cannot start",
    2: "2 – business considerably hampered",
    3: "3 – part of the business hampered",
    4: "4 – important, can be worked around",
    5: "5 – standard level",
}
GROUP_LABELS = {
    "service_level": lambda t: LEVELS.get(t.service_level, "(none)"),
    "category": lambda t: str(t.get_category_display()),
    "team": lambda t: t.team.name,
    "module": lambda t: t.module.name if t.module else "(none)",
    "customer": lambda t: t.organization.name,
}


@pytest.fixture
def tickets(customers):
    return sla_tickets(40, customers)


def late(tickets):
    return {
        t.number
        for t in tickets
        if (t.response_due_at and t.response_breached_at)
        or (t.resolution_due_at and t.resolution_breached_at)
    }


def listed(client, url) -> set:
    numbers, page = set(), 1
    while True:
        response = client.get(url + f"&page={page}")
        assert response.status_code == 200
        numbers |= {t.number for t in response.context["page"]}
        if not response.context["has_more_pages"]:
            return numbers
        page += 1


@pytest.mark.parametrize("persona", ["manager", "admin_user"])
def test_manager_and_admin_open_the_pages(db, client, request, persona):
    login(client, request.getfixturevalue(persona))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200
    index = client.get(reverse("reports:index")).text
    assert reverse("reports:service_levels") in index and reverse("reports:times") in index


@pytest.mark.parametrize("persona", ["specialist_hantverk", "superuser_a", "customer_user_a"])
def test_specialists_and_customers_get_404(db, client, request, persona):
    login(client, request.getfixturevalue(persona))
    for name in PAGES:
        assert client.get(reverse(name), {"format": "csv"}).status_code == 404


@pytest.mark.parametrize("persona,lane", [("product_dev", "product"), ("consultant", "consultant")])
def test_product_and_consultants_see_their_lane_only(client, request, tickets, persona, lane):
    login(client, request.getfixturevalue(persona))
    response = client.get(reverse("reports:service_levels"), {**RANGE, "breakdown": "customer"})
    _header, (total,) = report_table(response, "total")
    theirs = [t for t in registered_in(tickets) if t.lane == lane]
    expected = row("Total", theirs)
    assert [int(total[1]), int(total[2]), int(total[4]), int(total[5])] == [
        expected[1],
        expected[2],
        expected[4],
        expected[5],
    ]
    assert len(theirs) < len(registered_in(tickets))
    url = reverse("reports:breaches") + "?" + "&".join(f"{k}={v}" for k, v in RANGE.items())
    assert listed(client, url) == late(theirs)


@pytest.mark.parametrize("breakdown", ["service_level", "category", "team", "module", "customer"])
def test_each_row_links_to_exactly_its_late_tickets(client, manager, tickets, breakdown):
    login(client, manager)
    response = client.get(reverse("reports:service_levels"), {**RANGE, "breakdown": breakdown})
    section = next(s for s in response.context["sections"] if s["table"].key == "breakdown")
    assert section["lines"]
    in_range = registered_in(tickets)
    expected = {}
    for t in in_range:
        expected.setdefault(GROUP_LABELS[breakdown](t), set()).update(late([t]))
    assert len(section["lines"]) == len(
        [g for g in expected if g in {r[0] for _l, r in section["lines"]}]
    )
    for link, shown in section["lines"]:
        assert listed(client, link) == expected[shown[0]]
        assert f'href="{link.replace("&", "&amp;")}"' in response.text
    assert set().union(*(listed(client, link) for link, _r in section["lines"])) == late(in_range)


def test_month_rows_link_to_that_months_late_tickets(client, manager, tickets):
    login(client, manager)
    response = client.get(reverse("reports:service_levels"), RANGE)
    section = next(s for s in response.context["sections"] if s["table"].key == "months")
    (sep_link, _s), (oct_link, _o) = section["lines"]
    total = next(s for s in response.context["sections"] if s["table"].key == "total")
    ((total_link, _t),) = total["lines"]
    assert listed(client, sep_link) == late(registered_in(tickets, FIRST, FIRST.replace(day=30)))
    assert listed(client, oct_link) == late(registered_in(tickets, LAST.replace(day=1), LAST))
    assert listed(client, total_link) == late(registered_in(tickets))


def test_a_bad_group_or_page_is_no_500(client, manager, tickets):
    login(client, manager)
    url = reverse("reports:breaches")
    bad = client.get(url, {**RANGE, "breakdown": "category", "group": "nonsense"})
    assert bad.status_code == 200 and bad.context["page"] is None
    far = client.get(url, {**RANGE, "page": "99999999999"})
    assert far.status_code == 200 and far.context["page"].number == 200


@pytest.mark.parametrize(
    "name,key",
    [
        ("reports:service_levels", "breakdown"),
        ("reports:service_levels", "months"),
        ("reports:service_levels", "total"),
        ("reports:times", "months"),
        ("reports:times", "total"),
        ("reports:times", "levels"),
        ("reports:times", "teams"),
    ],
)
def test_exports_equal_the_table_shown(client, manager, tickets, name, key):
    login(client, manager)
    url = reverse(name)
    header, rows = report_table(client.get(url, RANGE), key)
    assert rows
    text = client.get(url, {**RANGE, "format": "csv", "table": key}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0] == header

    def as_page(cell, shown):
        # CSV: shares as percent and hours with a decimal comma, empty for none.
        return "–" if cell == "" else cell.replace(",", ".") + (" %" if "%" in shown else "")

    assert [
        [line[0]] + [as_page(c, s) for c, s in zip(line[1:], row[1:], strict=True)]
        for line, row in zip(lines[1:], rows, strict=True)
    ] == rows
    sheet = read_xlsx(client.get(url, {**RANGE, "format": "xlsx", "table": key}).content)
    assert sheet[0] == header
    assert len(sheet) == len(rows) + 1
    for cells, shown_row in zip(sheet[1:], rows, strict=True):
        cells = cells + [None] * (
            len(shown_row) - len(cells)
        )  # blank cells at the end are left out
        for cell, shown in zip(cells, shown_row, strict=True):
            if cell is None:
                assert shown == "–"
            elif shown.endswith("%"):
                assert f"{cell * 100:.1f} %" == shown
            else:
                assert str(cell) == shown or f"{cell:.1f}" == shown


def test_the_charts_show_shares_in_percent(client, manager, tickets):
    login(client, manager)
    response = client.get(reverse("reports:service_levels"), RANGE)
    chart = str(response.context["sections"][0]["chart"])
    assert re.search(r">100</text>|>50</text>", chart)


@pytest.mark.parametrize("count", [5, 50])
def test_queries_do_not_grow(client, manager, customers, count, django_assert_max_num_queries):
    sla_tickets(count, customers, seed=count)
    login(client, manager)
    client.get(reverse("reports:service_levels"))
    for name in ("reports:service_levels", "reports:times", "reports:breaches"):
        with django_assert_max_num_queries(CEILING):
            assert client.get(reverse(name), {**RANGE, "breakdown": "team"}).status_code == 200
        with django_assert_max_num_queries(CEILING):
            client.get(reverse(name), {**RANGE, "format": "csv", "table": "months"})


def test_the_filters_answer_htmx_with_the_results_only(client, manager, tickets):
    login(client, manager)
    url = reverse("reports:service_levels")
    query = {**RANGE, "breakdown": "module"}
    partial = client.get(url, query, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<html" not in partial.text and 'data-table="breakdown"' in partial.text
    full = client.get(url, query)  # the same URL, bookmarked, is the whole page
    assert "<html" in full.text and 'data-table="breakdown"' in full.text


def test_a_volumes_breakdown_is_not_an_sla_breakdown(client, manager, tickets):
    login(client, manager)
    response = client.get(reverse("reports:service_levels"), {**RANGE, "breakdown": "channel"})
    assert response.status_code == 200
    assert response.context["sections"] == []
    assert response.context["form"].errors["breakdown"]
