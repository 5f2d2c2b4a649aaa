"""The brochure's line: whole minutes rounded half up, "under a minute" below 60 seconds."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from kundcenter.tickets.phone import average_wait, wait_text
from tests.phone.helpers import add_call


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "under a minute – average wait for tickets by phone"),
        (59.9, "under a minute – average wait for tickets by phone"),
        (60, "1 minute – average wait for tickets by phone"),
        (89, "1 minute – average wait for tickets by phone"),
        (90, "2 minutes – average wait for tickets by phone"),
        (150, "3 minutes – average wait for tickets by phone"),
        (209, "3 minutes – average wait for tickets by phone"),
        (210, "4 minutes – average wait for tickets by phone"),
        (None, ""),
    ],
)
def test_rounding(seconds, text):
    with translation.override("en"):
        assert wait_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (30, "under en minut – genomsnittlig väntetid för ärenden via telefon"),
        (60, "1 minut – genomsnittlig väntetid för ärenden via telefon"),
        (180, "3 minuter – genomsnittlig väntetid för ärenden via telefon"),
    ],
)
def test_swedish(seconds, text):
    with translation.override("sv"):
        assert wait_text(seconds) == text


def test_the_mean_covers_exactly_the_window(db):
    now = timezone.now()
    add_call(100, ago=timedelta(days=1))
    add_call(200, ago=timedelta(days=29))
    add_call(5000, ago=timedelta(days=30, seconds=1))
    assert average_wait(now=now) == 150
    assert average_wait(days=7, now=now) == 100
    assert average_wait(now=now - timedelta(days=400)) is None
