"""The survey adds no query to the ticket pages, and its own pages do a fixed number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kundcenter.tickets import surveys
from kundcenter.tickets.models import Survey
from tests import factories
from tests.surveys.helpers import close_resolved

pytestmark = pytest.mark.django_db


def closed_with_answer(org, reporter, specialist, score=1):
    ticket = close_resolved(factories.make_ticket(org, reporter), specialist)
    surveys.answer(Survey.objects.get(ticket=ticket), score, "Kommentar")
    return ticket


def test_the_ticket_pages_read_the_survey_with_the_ticket(
    client, org_a, superuser_a, specialist_hantverk
):
    open_ticket = factories.make_ticket(org_a, superuser_a)
    closed = closed_with_answer(org_a, superuser_a, specialist_hantverk)
    for person, name in ((specialist_hantverk, "agent:ticket"), (superuser_a, "portal:ticket")):
        client.force_login(person)
        client.get(reverse(name, args=[open_ticket.number]))  # warm the caches
        with CaptureQueriesContext(connection) as without:
            client.get(reverse(name, args=[open_ticket.number]))
        with CaptureQueriesContext(connection) as with_survey:
            page = client.get(reverse(name, args=[closed.number]))
        assert "1 of 5" in page.content.decode()
        assert len(with_survey.captured_queries) <= len(without.captured_queries)


def test_the_link_page_does_a_fixed_number_of_queries(
    client, org_a, superuser_a, specialist_hantverk, django_assert_max_num_queries
):
    ticket = close_resolved(factories.make_ticket(org_a, superuser_a), specialist_hantverk)
    url = reverse("portal:survey_link", args=[surveys.make_token(ticket.survey)])
    client.get(url)
    with django_assert_max_num_queries(2):  # the survey with its ticket (+ session)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_the_low_scores_list_does_not_grow(
    client, org_a, superuser_a, specialist_hantverk, manager, count, django_assert_max_num_queries
):
    for n in range(count):
        ticket = closed_with_answer(org_a, superuser_a, specialist_hantverk, score=1 + n % 2)
        if n % 3 == 0:
            surveys.follow_up(ticket.survey, manager, "Ringde kunden")
    client.force_login(manager)
    client.get(reverse("agent:low_scores"))
    with django_assert_max_num_queries(9):  # +1: the processing log, one INSERT
        response = client.get(reverse("agent:low_scores"))
    assert len(response.context["pending"]) + len(response.context["done"]) == count
