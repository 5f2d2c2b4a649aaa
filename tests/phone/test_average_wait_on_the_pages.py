"""The portal and the contact page show the average phone wait of the last 30 days the way
the brochure does, computed from the call log (here: from the rows, independently)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kundcenter.tickets.models import PhoneCall
from tests.phone.helpers import add_call

PHRASE = "average wait for tickets by phone"


def _expected_minutes():
    """The mean over the rows of the last 30 days, worked out here, rounded half up."""
    month_ago = timezone.now() - timedelta(days=30)
    rows = [c for c in PhoneCall.objects.all() if c.started_at > month_ago]
    return int(sum(c.waited_seconds for c in rows) / len(rows) / 60 + 0.5)


@pytest.fixture
def calls(db):
    add_call(120)
    add_call(200, ago=timedelta(days=3))
    add_call(250, ago=timedelta(days=29, hours=23))
    # Outside the window: a long wait 31 days ago must not count.
    add_call(3600, ago=timedelta(days=31))


def test_the_contact_page_shows_the_average_of_the_last_30_days(client, calls):
    assert _expected_minutes() == 3  # (120 + 200 + 250) / 3 = 190 s
    page = client.get(reverse("contact")).content.decode()
    assert f"3 minutes – {PHRASE}" in page


def test_the_portal_shows_it_to_a_superuser(client, calls, superuser_a):
    client.force_login(superuser_a)
    page = client.get(reverse("portal:list")).content.decode()
    assert f"{_expected_minutes()} minutes – {PHRASE}" in page


def test_calls_older_than_30_days_are_ignored(client, db):
    add_call(3600, ago=timedelta(days=30, minutes=5))
    add_call(3600, ago=timedelta(days=45))
    page = client.get(reverse("contact")).content.decode()
    assert PHRASE not in page  # no call in the window: no claim at all
    add_call(30)
    page = client.get(reverse("contact")).content.decode()
    assert f"under a minute – {PHRASE}" in page


def test_without_calls_the_pages_make_no_claim(client, db, superuser_a, settings):
    assert PHRASE not in client.get(reverse("contact")).content.decode()
    client.force_login(superuser_a)
    page = client.get(reverse("portal:list")).content.decode()
    assert PHRASE not in page


def test_in_swedish_it_reads_like_the_brochure(client, db):
    add_call(170)
    add_call(190)
    client.cookies["django_language"] = "sv"
    with translation.override("sv"):
        page = client.get(reverse("contact")).content.decode()
    assert "3 minuter – genomsnittlig väntetid för ärenden via telefon" in page


def test_the_contact_page_is_public_and_linked_from_every_page(client, db):
    response = client.get(reverse("contact"))
    assert response.status_code == 200
    assert reverse("contact") in client.get(reverse("opening_hours")).content.decode()


def test_the_average_costs_one_query_per_process_a_minute(client, calls, django_assert_num_queries):
    """Kept per process (kundcenter.lib.memo); a call logged here is counted at once."""
    client.get(reverse("contact"))  # warm the per-process caches (opening hours) first
    with django_assert_num_queries(0):
        client.get(reverse("contact"))
    for i in range(20):
        add_call(60 + i)
    with django_assert_num_queries(1):
        page = client.get(reverse("contact")).content.decode()
    assert f"{_expected_minutes()} minute" in page
