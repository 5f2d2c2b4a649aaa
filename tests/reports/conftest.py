import pytest

from tests.reports.helpers import random_tickets


@pytest.fixture
def customers(org_a, superuser_a, org_b, superuser_b):
    return [(org_a, superuser_a), (org_b, superuser_b)]


@pytest.fixture
def many_tickets(customers):
    return random_tickets(40, customers)


def report_table(response, key):
    """The table `key` as the page shows it: header labels and display rows."""
    section = next(s for s in response.context["sections"] if s["table"].key == key)
    return [str(c.label) for c in section["table"].columns], section["rows"]
