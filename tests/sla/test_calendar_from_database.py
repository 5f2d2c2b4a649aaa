"""The business calendar comes from the database, and an admin's change applies at once.

get_calendar() is cached per process; saving or deleting opening hours, a closed day or
special hours drops the cache. 9 March 2026 is an ordinary Monday.
"""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kundcenter.sla import policy
from kundcenter.sla.models import (
    CalendarSettings,
    ClosedDay,
    SlaLevelTerm,
    SlaTermsVersion,
    SpecialHours,
)
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 9)


def test_the_default_calendar_is_the_brochures(django_assert_max_num_queries):
    calendar = policy.get_calendar()
    assert calendar.day_schedule(MONDAY) == [
        (at(2026, 3, 9, 8), at(2026, 3, 9, 12)),
        (at(2026, 3, 9, 13), at(2026, 3, 9, 16)),
    ]
    assert calendar.close_of_business(date(2026, 4, 2)) == at(2026, 4, 2, 13)  # Skärtorsdagen
    assert not calendar.is_business_day(date(2026, 6, 19))  # Midsommarafton
    with django_assert_max_num_queries(0):
        assert policy.get_calendar() is calendar  # cached


def test_a_closed_day_applies_at_once():
    assert policy.get_calendar().is_open(at(2026, 3, 9, 9))
    day = ClosedDay.objects.create(date=MONDAY, name="Personaldag")
    calendar = policy.get_calendar()
    assert not calendar.is_open(at(2026, 3, 9, 9))
    assert calendar.next_opening(at(2026, 3, 9, 9)) == at(2026, 3, 10, 8)
    day.delete()
    assert policy.get_calendar().is_open(at(2026, 3, 9, 9))


def test_special_hours_apply_at_once():
    SpecialHours.objects.create(date=MONDAY, opens=time(10), closes=time(14), name="Kick-off")
    calendar = policy.get_calendar()
    assert calendar.day_schedule(MONDAY) == [(at(2026, 3, 9, 10), at(2026, 3, 9, 14))]
    assert calendar.next_opening(at(2026, 3, 9, 8)) == at(2026, 3, 9, 10)
    assert calendar.is_open(at(2026, 3, 9, 12, 30))  # no lunch break that day


def test_changing_lunch_applies_at_once():
    row = CalendarSettings.objects.get()
    row.lunch_starts, row.lunch_ends = time(11, 30), time(12)
    row.save()
    calendar = policy.get_calendar()
    assert calendar.is_open(at(2026, 3, 9, 12, 15))
    assert not calendar.is_open(at(2026, 3, 9, 11, 45))
    # 4 business hours from 08:00: 08–11:30, 12:00–12:30.
    assert calendar.add(at(2026, 3, 9, 8), 4 * 3600) == at(2026, 3, 9, 12, 30)


def test_no_lunch_and_other_weekdays():
    row = CalendarSettings.objects.get()
    row.lunch_starts = row.lunch_ends = None
    row.open_weekdays = "123456"
    row.closes = time(17)
    row.save()
    calendar = policy.get_calendar()
    assert calendar.day_schedule(MONDAY) == [(at(2026, 3, 9, 8), at(2026, 3, 9, 17))]
    assert calendar.is_business_day(date(2026, 3, 14))  # Saturday
    assert not calendar.is_business_day(date(2026, 3, 15))  # Sunday


def test_switching_off_half_days_and_a_de_facto_closed_day():
    row = CalendarSettings.objects.get()
    row.half_days = False
    row.closed_christmas_eve = False
    row.save()
    calendar = policy.get_calendar()
    assert calendar.close_of_business(date(2026, 4, 2)) == at(2026, 4, 2, 16)
    assert calendar.is_business_day(date(2026, 12, 24))


def test_the_terms_cache_follows_changes_too(org_a):
    version = policy.version_in_force(at(2026, 3, 9, 9))
    assert policy.levels_for(version.pk)[1].response.total_seconds() == 2 * 3600
    term = SlaLevelTerm.objects.get(version=version, level=1)
    term.response_hours = 3
    term.save()
    assert policy.levels_for(version.pk)[1].response.total_seconds() == 3 * 3600
    assert SlaTermsVersion.objects.count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"opens": time(16), "closes": time(8)}, "The office must close after it opens."),
        ({"lunch_ends": None}, "Give both the start and the end of lunch, or neither."),
        ({"lunch_starts": time(7)}, "Lunch must lie inside the opening hours."),
        ({"open_weekdays": "18"}, "Open weekdays are digits 1–7, e.g. 12345."),
        ({"half_day_closes": time(18)}, "An early closing must lie inside the opening hours."),
    ],
)
def test_impossible_opening_hours_are_refused(changes, message):
    row = CalendarSettings.objects.get()
    for name, value in changes.items():
        setattr(row, name, value)
    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            row.full_clean()
        assert message in excinfo.value.messages


def test_a_date_is_either_closed_or_has_special_hours():
    ClosedDay.objects.create(date=MONDAY, name="Personaldag")
    with pytest.raises(ValidationError):
        SpecialHours(date=MONDAY, opens=time(9), closes=time(12)).full_clean()
    SpecialHours.objects.create(date=date(2026, 3, 10), opens=time(9), closes=time(12))
    with pytest.raises(ValidationError):
        ClosedDay(date=date(2026, 3, 10), name="Personaldag").full_clean()


def test_an_admin_edits_the_one_row_of_opening_hours_and_it_applies_at_once(client, admin_user):
    client.force_login(admin_user)
    row = CalendarSettings.objects.get()
    changelist = client.get(reverse("admin:sla_calendarsettings_changelist"))
    assert changelist.url == reverse("admin:sla_calendarsettings_change", args=[row.pk])
    assert client.get(changelist.url).status_code == 200
    assert client.get(reverse("admin:sla_calendarsettings_add")).status_code == 403
    assert policy.get_calendar().is_open(at(2026, 3, 9, 12, 15)) is False
    response = client.post(
        changelist.url,
        {
            "opens": "08:00",
            "closes": "16:00",
            "lunch_starts": "11:30",
            "lunch_ends": "12:00",
            "open_weekdays": "12345",
            "half_days": "on",
            "half_day_closes": "13:00",
            "closed_midsummer_eve": "on",
            "closed_christmas_eve": "on",
            "closed_new_years_eve": "on",
        },
    )
    assert response.status_code == 302
    assert policy.get_calendar().is_open(at(2026, 3, 9, 12, 15))


def test_the_sla_admin_pages_load_and_a_new_closed_day_applies_at_once(client, admin_user):
    client.force_login(admin_user)
    for model in ("closedday", "specialhours", "slatermsversion"):
        assert client.get(reverse(f"admin:sla_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:sla_{model}_add")).status_code == 200
    response = client.post(
        reverse("admin:sla_closedday_add"), {"date": "2026-03-09", "name": "Personaldag"}
    )
    assert response.status_code == 302
    assert not policy.get_calendar().is_business_day(MONDAY)


def test_terms_in_force_are_read_only_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    version = SlaTermsVersion.objects.get()  # in force since 2020
    page = client.get(reverse("admin:sla_slatermsversion_change", args=[version.pk]))
    assert page.status_code == 200
    assert 'name="published_on"' not in page.content.decode()
    assert 'name="levels-0-response_hours"' not in page.content.decode()
