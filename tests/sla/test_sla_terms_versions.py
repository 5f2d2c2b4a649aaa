"""Service-level terms are versioned: a new version takes effect on the first of the month
after publication, a ticket keeps the version in force when it was registered, and
customers can read the current and the coming terms.

Hand-computed with the default opening hours. 30 November 2026 is a Monday.
"""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kundcenter.sla import policy
from kundcenter.sla.models import (
    CategoryResponseTerm,
    SlaLevelTerm,
    SlaTermsVersion,
    first_of_next_month,
)
from kundcenter.tickets import actions
from tests import factories
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def terms_2027(db):
    """Published 15 November 2026: faster handling for levels 1 and 3, 3 weeks for level 3."""
    version = SlaTermsVersion.objects.create(
        name="Servicenivåer 2027", published_on=date(2026, 11, 15), summary="Snabbare nivå 1."
    )
    SlaLevelTerm.objects.create(version=version, level=1, response_hours=1, resolution="same_day")
    SlaLevelTerm.objects.create(
        version=version, level=3, response_hours=8, resolution="within_days", resolution_days=21
    )
    CategoryResponseTerm.objects.create(version=version, category="support", response_hours=4)
    return version


def bug(org, reporter, level, now):
    return factories.make_ticket(
        org, reporter, category="bug", service_level=level, module="lon", now=now
    )


@pytest.mark.parametrize(
    "published, effective",
    [
        (date(2026, 11, 15), date(2026, 12, 1)),
        (date(2026, 11, 1), date(2026, 12, 1)),
        (date(2026, 11, 30), date(2026, 12, 1)),
        (date(2026, 12, 31), date(2027, 1, 1)),
        (date(2028, 2, 29), date(2028, 3, 1)),
    ],
)
def test_a_version_takes_effect_on_the_first_of_the_following_month(published, effective):
    assert first_of_next_month(published) == effective


def test_the_effective_date_is_set_from_the_publication_date(terms_2027):
    assert terms_2027.effective_from == date(2026, 12, 1)
    terms_2027.published_on = date(2026, 12, 2)
    terms_2027.save()
    assert terms_2027.effective_from == date(2027, 1, 1)


def test_the_version_in_force_changes_on_the_effective_date(terms_2027):
    old = policy.version_in_force(at(2026, 11, 30, 23, 59))
    assert old.name == "Servicenivåer 2020"
    assert policy.version_in_force(at(2026, 12, 1, 0, 0)) == terms_2027
    assert policy.coming_versions(at(2026, 11, 20)) == [terms_2027]
    assert policy.coming_versions(at(2026, 12, 1)) == []


def test_a_version_is_not_shown_before_it_is_published(terms_2027):
    assert policy.coming_versions(at(2026, 11, 14, 12)) == []
    assert policy.coming_versions(at(2026, 11, 15, 8)) == [terms_2027]


def test_a_ticket_keeps_the_version_in_force_when_it_was_registered(
    org_a, superuser_a, specialist_hantverk, terms_2027
):
    ticket = bug(org_a, superuser_a, 3, at(2026, 11, 30, 10))
    ticket.refresh_from_db()
    assert ticket.sla_terms.name == "Servicenivåer 2020"
    # Old level 3: 12 h from Mon 10:00 = Mon 5 h, Tue 7 h; 28 days → Mon 28 December.
    assert ticket.response_due_at == at(2026, 12, 1, 16)
    assert ticket.resolution_due_at == at(2026, 12, 28, 16)

    # After the new version has taken effect, a level change still uses the old terms.
    actions.change_service_level(
        ticket, specialist_hantverk, 1, reason="Allt står still", now=at(2026, 12, 2, 9)
    )
    ticket.refresh_from_db()
    assert ticket.sla_terms.name == "Servicenivåer 2020"
    assert ticket.response_due_at == at(2026, 11, 30, 12)  # old level 1: 2 h


def test_a_ticket_registered_on_the_effective_date_uses_the_new_version(
    org_a, superuser_a, terms_2027
):
    ticket = bug(org_a, superuser_a, 3, at(2026, 12, 1, 10))
    ticket.refresh_from_db()
    assert ticket.sla_terms == terms_2027
    # New level 3: 8 h from Tue 10:00 = Tue 10–12, 13–16, Wed 08–11; 21 days → Tue 22 Dec.
    assert ticket.response_due_at == at(2026, 12, 2, 11)
    assert ticket.resolution_due_at == at(2026, 12, 22, 16)
    level_1 = bug(org_a, superuser_a, 1, at(2026, 12, 1, 10))
    level_1.refresh_from_db()
    assert level_1.response_due_at == at(2026, 12, 1, 11)  # new level 1: 1 h
    # Levels the new version leaves out keep the built-in terms (level 2: 4 h).
    level_2 = bug(org_a, superuser_a, 2, at(2026, 12, 1, 10))
    level_2.refresh_from_db()
    assert level_2.response_due_at == at(2026, 12, 1, 15)
    question = factories.make_ticket(org_a, superuser_a, now=at(2026, 12, 1, 10))
    question.refresh_from_db()
    assert question.response_due_at == at(2026, 12, 1, 15)  # support: 4 h in the new terms


def _page_at(client, monkeypatch, when):
    monkeypatch.setattr(timezone, "now", lambda: when)
    return client.get(reverse("sla:terms"))


def test_the_terms_page_shows_the_current_and_the_coming_terms_to_anyone(
    client, monkeypatch, terms_2027
):
    response = _page_at(client, monkeypatch, at(2026, 11, 20, 10))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Current terms: Servicenivåer 2020" in page
    assert "Coming terms: Servicenivåer 2027" in page
    assert "Takes effect on 1 December 2026 (published 15 November 2026)." in page
    assert "Snabbare nivå 1." in page
    current, coming = page.split("Coming terms")
    # The brochure's table now, the new one to come.
    for text in ("2 h", "12 h", "48 h", "Same day", "Same week", "Within 4 weeks"):
        assert text in current, text
    assert "Within 1–6 months" in current and "Within 1–12 months" in current
    assert "1 h" in coming and "Within 3 weeks" in coming


def test_the_terms_page_has_no_coming_terms_after_they_took_effect(client, monkeypatch, terms_2027):
    page = _page_at(client, monkeypatch, at(2026, 12, 1, 10)).content.decode()
    assert "Current terms: Servicenivåer 2027" in page
    assert "Coming terms" not in page
    assert "No changes to the terms have been published." in page


def test_the_terms_page_hides_a_version_not_yet_published(client, monkeypatch, terms_2027):
    page = _page_at(client, monkeypatch, at(2026, 11, 10, 10)).content.decode()
    assert "Servicenivåer 2027" not in page


def test_the_terms_page_needs_a_constant_number_of_queries(
    client, monkeypatch, terms_2027, django_assert_max_num_queries
):
    _page_at(client, monkeypatch, at(2026, 11, 20, 10))  # fills the caches
    with django_assert_max_num_queries(0):
        _page_at(client, monkeypatch, at(2026, 11, 20, 10))
    for n in range(5):
        version = SlaTermsVersion.objects.create(
            name=f"Servicenivåer 2027.{n}", published_on=date(2026, 11, 16)
        )
        for level in range(1, 6):
            SlaLevelTerm.objects.create(
                version=version, level=level, response_hours=level, resolution="same_week"
            )
    _page_at(client, monkeypatch, at(2026, 11, 20, 10))
    with django_assert_max_num_queries(0):
        page = _page_at(client, monkeypatch, at(2026, 11, 20, 10)).content.decode()
    assert page.count("Coming terms") == 6
