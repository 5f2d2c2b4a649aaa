"""The filter form: defaults, bookmarkable GET filters, htmx partials, and bad input
answered with a Swedish or English form error, never a server error."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import login
from tests.reports.conftest import report_table
from tests.reports.helpers import FIRST, LAST, expected_periods


def test_default_is_the_last_30_days_per_day(client, manager):
    login(client, manager)
    labels = [row[0] for row in report_table(client.get(reverse("reports:volumes")), "periods")[1]]
    today = timezone.localdate()
    assert labels[0] == (today - datetime.timedelta(days=29)).isoformat()
    assert labels[-1] == today.isoformat()
    assert len(labels) == 30


def test_filters_in_the_url_narrow_the_table(client, manager, many_tickets):
    login(client, manager)
    query = {"date_from": FIRST, "date_to": LAST, "grouping": "week", "channel": "email"}
    response = client.get(reverse("reports:volumes"), query)
    email = [t for t in many_tickets if t.channel == "email"]
    expected = [[str(v) for v in row] for row in expected_periods(email, FIRST, LAST, "week")]
    assert report_table(response, "periods")[1] == expected
    assert 'value="email" selected' in response.text


def test_htmx_request_gets_the_results_only(client, manager):
    login(client, manager)
    response = client.get(reverse("reports:volumes"), {"grouping": "month"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text and "<svg" in response.text
    page = client.get(reverse("reports:volumes")).text
    assert 'hx-push-url="true"' in page and 'method="get"' in page


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "inte ett datum"},
        {"date_from": "2026-10-10", "date_to": "2026-10-01"},
        {"date_from": "1899-01-01"},
        {"date_to": "2999-01-01"},
        {"grouping": "year"},
        {"breakdown": "password"},
        {"category": "nonsense"},
        {"module": "abc"},
        {"industry": "999999"},
        {"team": "-1"},
        {"date_from": "2020-01-01", "date_to": "2026-01-01", "grouping": "day"},
    ],
)
def test_bad_filter_input_gives_a_form_error(client, manager, query):
    login(client, manager)
    for fmt in ("", "csv", "xlsx"):
        response = client.get(reverse("reports:volumes"), {**query, "format": fmt})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert 'class="banner bad"' in response.text
        assert response.context["sections"] == []


def test_form_errors_are_in_swedish(client, manager):
    login(client, manager)
    with translation.override("sv"):
        response = client.get(
            reverse("reports:deflection"),
            {"date_from": "2026-10-10", "date_to": "2026-10-01"},
            HTTP_ACCEPT_LANGUAGE="sv",
        )
    assert "Slutdatumet ligger före startdatumet." in response.text
