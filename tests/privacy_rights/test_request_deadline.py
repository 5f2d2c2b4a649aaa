"""Requests are due one calendar month after receipt; the staff list sorts and flags them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.lib.errors import ActionError
from kundcenter.privacy.requests import add_one_month, register_request

STHLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ((2026, 3, 15, 10, 0), (2026, 4, 15, 10, 0)),
        ((2026, 1, 31, 9, 0), (2026, 2, 28, 9, 0)),
        ((2028, 1, 31, 9, 0), (2028, 2, 29, 9, 0)),
        ((2026, 12, 20, 16, 0), (2027, 1, 20, 16, 0)),
        # Across the change to summer time the local clock time is kept.
        ((2026, 3, 10, 8, 0), (2026, 4, 10, 8, 0)),
    ],
)
def test_due_is_one_calendar_month_later(received, due):
    got = add_one_month(datetime.datetime(*received, tzinfo=STHLM))
    assert timezone.localtime(got).timetuple()[:5] == due


def test_register_sets_due_and_finds_the_account(manager, superuser_a):
    received = timezone.now() - datetime.timedelta(days=3)
    dsr = register_request(
        by=manager, kind="export", email=superuser_a.email.upper(), received_at=received
    )
    assert dsr.user == superuser_a
    assert dsr.due_at == add_one_month(received)


def test_customers_and_specialists_cannot_register(superuser_a, specialist_hantverk):
    for who in (superuser_a, specialist_hantverk):
        with pytest.raises(ActionError):
            register_request(by=who, kind="export", email="x@example.se")


def test_list_sorted_by_due_with_overdue_flagged(client, manager, django_assert_max_num_queries):
    now = timezone.now()
    late = register_request(
        by=manager,
        kind="erasure",
        email="sen@example.se",
        received_at=now - datetime.timedelta(days=40),
    )
    soon = register_request(
        by=manager,
        kind="export",
        email="snart@example.se",
        received_at=now - datetime.timedelta(days=20),
    )
    register_request(by=manager, kind="correction", email="ny@example.se")
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("privacy:requests")).content.decode()
    assert (
        page.index("sen@example.se") < page.index("snart@example.se") < page.index("ny@example.se")
    )
    assert page.count("Overdue") == 1
    assert late.is_overdue() and not soon.is_overdue()
    for n in range(30):
        register_request(by=manager, kind="export", email=f"p{n}@example.se")
    with django_assert_max_num_queries(12):
        client.get(reverse("privacy:requests"))


def test_register_through_the_form_keeps_input_on_error(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("privacy:requests"), {"email": "inte-en-adress", "kind": "export", "note": "Ring"}
    )
    assert response.status_code == 200
    assert 'value="inte-en-adress"' in response.content.decode()
    response = client.post(
        reverse("privacy:requests"), {"email": "ok@example.se", "kind": "export"}
    )
    assert response.status_code == 302
