"""The opening hours page and the header say whether support is open and what is coming.

2026-05-13 is a Wednesday, the day before Kristi himmelsfärdsdag: open 08:00–13:00.
"""

from datetime import date, time, timedelta

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from kundcenter.sla import policy
from kundcenter.sla.context_processors import support_hours
from kundcenter.sla.models import CalendarSettings, ClosedDay, SpecialHours
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English, so the assertions hold once the Swedish translation lands."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_at(client, monkeypatch, when, url=None):
    monkeypatch.setattr(timezone, "now", lambda: when)
    response = client.get(url or reverse("opening_hours"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_header_says_support_is_open_now(client, monkeypatch):
    page = page_at(client, monkeypatch, at(2026, 5, 13, 10))
    assert '<span class="open-state is-open">Support open now</span>' in page
    assert "Support is open now." in page


def test_the_header_says_when_support_opens_next(client, monkeypatch):
    # The half day closed at 13:00; Thursday is a holiday: next opening Friday 08:00.
    page = page_at(client, monkeypatch, at(2026, 5, 13, 14))
    assert '<span class="open-state is-closed">Support closed · opens Fri 08:00</span>' in page
    assert "Support is closed now. We open Friday 15 May 08:00." in page


def test_the_header_is_on_every_page(client, monkeypatch, superuser_a):
    client.force_login(superuser_a)
    page = page_at(client, monkeypatch, at(2026, 5, 16, 11), reverse("portal:list"))  # Saturday
    assert "Support closed · opens Mon 08:00" in page


def test_the_page_lists_the_weekly_hours_from_the_settings(client, monkeypatch):
    page = page_at(client, monkeypatch, at(2026, 5, 13, 10))
    assert '<th scope="row">Monday</th>\n            <td>08:00–12:00, 13:00–16:00</td>' in page
    assert '<th scope="row">Saturday</th>\n            <td>Closed</td>' in page
    assert "we close at 13:00" in page
    assert "Also closed all day: Midsummer Eve, Christmas Eve, New Year&#x27;s Eve." in page

    row = CalendarSettings.objects.get()
    row.closes, row.lunch_starts, row.lunch_ends = time(17), time(11, 30), time(12, 30)
    row.save()
    page = page_at(client, monkeypatch, at(2026, 5, 13, 10))
    assert "<td>08:00–11:30, 12:30–17:00</td>" in page


def test_the_page_lists_the_coming_half_days_and_closed_days_with_their_names(client, monkeypatch):
    ClosedDay.objects.create(date=date(2026, 6, 1), name="Personaldag")
    SpecialHours.objects.create(
        date=date(2026, 6, 2), opens=time(10), closes=time(15), name="Systembyte"
    )
    ClosedDay.objects.create(date=date(2026, 8, 3), name="Långt bort")  # after 60 days
    page = page_at(client, monkeypatch, at(2026, 5, 13, 10))
    upcoming = page.split('id="upcoming-days"')[1]
    rows = [
        ("2026-05-13", "Closes early: the day before Kristi himmelsfärdsdag", "08:00–13:00"),
        ("2026-05-14", "Public holiday: Kristi himmelsfärdsdag", "Closed"),
        ("2026-06-01", "Closed: Personaldag", "Closed"),
        ("2026-06-02", "Special opening hours: Systembyte", "10:00–15:00"),
        ("2026-06-05", "Closes early: the day before", "08:00–13:00"),
        ("2026-06-18", "Closes early: the day before Midsommarafton", "08:00–13:00"),
        ("2026-06-19", "Closed: Midsommarafton", "Closed"),
    ]
    positions = []
    for day, what, hours in rows:
        start = upcoming.index(f'<time datetime="{day}">')
        row = upcoming[start : upcoming.index("</tr>", start)]
        assert what in row, (day, row)
        assert f"<td>{hours}</td>" in row, (day, row)
        positions.append(start)
    assert positions == sorted(positions)
    assert upcoming.count("<time ") == len(rows)  # weekends' holidays change nothing
    assert "Långt bort" not in page


def test_the_page_needs_a_constant_number_of_queries(
    client, monkeypatch, django_assert_max_num_queries
):
    page_at(client, monkeypatch, at(2026, 5, 13, 10))  # fills the calendar cache
    with django_assert_max_num_queries(2):  # the names of hand-added days
        page_at(client, monkeypatch, at(2026, 5, 13, 10))
    for offset in range(20):
        ClosedDay.objects.create(
            date=date(2026, 5, 18) + timedelta(days=offset), name=f"Stängt {offset}"
        )
    page_at(client, monkeypatch, at(2026, 5, 13, 10))
    with django_assert_max_num_queries(2):
        page = page_at(client, monkeypatch, at(2026, 5, 13, 10))
    assert "Stängt 0" in page and "Stängt 18" in page  # Mondays; weekends are not listed


def test_the_open_state_costs_no_query_once_the_calendar_is_cached(
    django_assert_num_queries,
):
    policy.get_calendar()
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        context = support_hours(request)
        assert context["support_open"]() in (True, False)
        assert context["support_next_opening"]() >= timezone.now().replace(microsecond=0)
