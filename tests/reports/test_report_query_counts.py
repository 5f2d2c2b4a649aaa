"""Report pages and exports run a fixed number of queries, whatever the ticket count."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.knowledge.helpers import make_article
from tests.reports.helpers import FIRST, LAST, local, log_form, random_tickets

QUERY = {"date_from": FIRST, "date_to": LAST, "grouping": "day", "breakdown": "industry"}
CEILING = 18


@pytest.mark.parametrize("count", [5, 50])
def test_volumes_queries_do_not_grow(
    client, manager, customers, count, django_assert_max_num_queries
):
    random_tickets(count, customers, seed=count)
    login(client, manager)
    client.get(reverse("reports:volumes"))  # session and two-factor checks settle
    with django_assert_max_num_queries(CEILING):
        assert client.get(reverse("reports:volumes"), QUERY).status_code == 200
    for fmt in ("csv", "xlsx"):
        with django_assert_max_num_queries(CEILING):
            client.get(reverse("reports:volumes"), {**QUERY, "format": fmt, "table": "breakdown"})


@pytest.mark.parametrize("count", [5, 50])
def test_deflection_queries_do_not_grow(
    client, manager, superuser_a, count, django_assert_max_num_queries
):
    articles = [make_article(f"Artikel {n}") for n in range(5)]
    for n in range(count):
        log_form(superuser_a, local(2026, 10, 1 + n % 30), article=articles[n % 5])
    login(client, manager)
    client.get(reverse("reports:deflection"))
    with django_assert_max_num_queries(CEILING):
        assert client.get(reverse("reports:deflection"), QUERY).status_code == 200
