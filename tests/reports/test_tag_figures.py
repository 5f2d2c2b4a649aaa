"""The tags report (Taggar): per tag, tickets registered and closed in the range and open
at its end, narrowed by the report filters; staff only, a fixed number of queries."""

import pytest
from django.urls import reverse

from kundcenter.tickets import actions
from tests import factories
from tests.conftest import login
from tests.reports.conftest import report_table
from tests.reports.helpers import FIRST, LAST, local, place, random_tickets

QUERY = {"date_from": FIRST, "date_to": LAST}


@pytest.fixture
def tagged(org_a, superuser_a, org_b, superuser_b, manager):
    """Moms: two new in October (one closed in it), one from September still open.
    Lön: one new in October on customer B. Outside the range: a November ticket."""

    def ticket(org, user, tags, **when):
        t = place(factories.make_ticket(org, user), **when)
        actions.add_tags(t, manager, tags)
        return t

    ticket(org_a, superuser_a, "Moms", created=local(2026, 10, 2))
    ticket(org_a, superuser_a, "Moms", created=local(2026, 10, 5), closed=local(2026, 10, 9))
    ticket(org_a, superuser_a, "Moms", created=local(2026, 9, 20))
    factories.add_module(org_b, "order")
    ticket(org_b, superuser_b, "Lön, Moms", created=local(2026, 11, 3))
    ticket(org_b, superuser_b, "Lön", created=local(2026, 10, 12))


def test_counts_per_tag(client, manager, tagged):
    login(client, manager)
    response = client.get(reverse("reports:tags"), QUERY)
    header, rows = report_table(response, "tags")
    assert header == ["Tag", "New", "Closed", "Open at the end"]
    assert rows == [["Moms", "2", "1", "2"], ["Lön", "1", "0", "1"]]


def test_the_report_filters_narrow_the_tickets(client, manager, tagged, team_handel):
    login(client, manager)
    response = client.get(reverse("reports:tags"), {**QUERY, "team": team_handel.pk})
    assert report_table(response, "tags")[1] == [["Lön", "1", "0", "1"]]


def test_customers_and_specialists_without_reports_get_404(client, superuser_a, tagged):
    login(client, superuser_a)
    assert client.get(reverse("reports:tags"), QUERY).status_code == 404


@pytest.mark.parametrize("count", [5, 40])
def test_tag_report_queries_do_not_grow(
    client, manager, customers, count, django_assert_max_num_queries
):
    for i, ticket in enumerate(random_tickets(count, customers, seed=count)):
        actions.add_tags(ticket, manager, [f"tagg-{i % 7}", "alla"])
    login(client, manager)
    client.get(reverse("reports:tags"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:tags"), QUERY).status_code == 200
