"""A terms version cannot be published in the past (it would be in force at once, or
rewrite what customers were told), and a version that defines only some levels inherits
the others from the version before it, not from the brochure defaults."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from kundcenter.sla import policy
from kundcenter.sla.models import CategoryResponseTerm, SlaLevelTerm, SlaTermsVersion
from kundcenter.sla.targets import DEFAULT_SERVICE_LEVELS, WithinDays

pytestmark = pytest.mark.django_db

PAST_SV = (
    "Publiceringsdatumet kan inte ligga i det förflutna: villkoren börjar gälla den första "
    "dagen i månaden efter publiceringen."
)


def test_a_past_publication_date_is_refused_in_swedish():
    version = SlaTermsVersion(name="Bakåtdaterad", published_on=timezone.localdate() - timedelta(1))
    with translation.override("sv"):
        with pytest.raises(ValidationError) as refused:
            version.full_clean()
        assert [str(m) for m in refused.value.message_dict["published_on"]] == [PAST_SV]


@pytest.mark.parametrize("days_ahead", [0, 1, 40])
def test_today_or_a_later_publication_date_is_accepted(days_ahead):
    day = timezone.localdate() + timedelta(days_ahead)
    SlaTermsVersion(name="Nästa", published_on=day).full_clean()


def test_a_published_version_may_keep_its_date_when_other_fields_change():
    version = SlaTermsVersion.objects.create(name="2020", published_on=date(2020, 1, 15))
    version.summary = "Förtydligad text."
    version.full_clean()  # its date is not new
    version.published_on = date(2020, 2, 1)
    with pytest.raises(ValidationError):
        version.full_clean()


def test_the_admin_refuses_a_past_publication_date(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:sla_slatermsversion_add")
    data = {
        "name": "Bakåtdaterad",
        "published_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "summary": "",
    }
    for prefix in ("levels", "categories"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The publication date cannot lie in the past" in response.content.decode()
    assert not SlaTermsVersion.objects.filter(name="Bakåtdaterad").exists()


def test_a_partial_version_inherits_the_levels_it_leaves_out_from_the_version_before():
    older = SlaTermsVersion.objects.create(name="2025", published_on=date(2025, 1, 10))
    SlaLevelTerm.objects.create(
        version=older, level=2, response_hours=3, resolution="within_days", resolution_days=10
    )
    SlaLevelTerm.objects.create(
        version=older, level=4, response_hours=24, resolution="within_days", resolution_days=30
    )
    CategoryResponseTerm.objects.create(version=older, category="order", response_hours=6)
    newer = SlaTermsVersion.objects.create(name="2026", published_on=date(2026, 1, 10))
    SlaLevelTerm.objects.create(version=newer, level=1, response_hours=1, resolution="same_day")
    SlaLevelTerm.objects.create(
        version=newer, level=4, response_hours=16, resolution="within_days", resolution_days=20
    )
    CategoryResponseTerm.objects.create(version=newer, category="support", response_hours=4)

    levels = policy.levels_for(newer.pk)
    assert levels[1].response == timedelta(hours=1)  # its own
    assert levels[4].response == timedelta(hours=16)  # its own beats the older one
    assert levels[2].response == timedelta(hours=3)  # inherited from 2025, not the brochure
    assert levels[2].resolution == WithinDays(10)
    assert levels[3] == DEFAULT_SERVICE_LEVELS[3]  # no version defines it
    assert policy.category_response(newer.pk, "support") == timedelta(hours=4)
    assert policy.category_response(newer.pk, "order") == timedelta(hours=6)
    # The older version does not see the newer one's terms.
    assert policy.levels_for(older.pk)[1] == DEFAULT_SERVICE_LEVELS[1]
