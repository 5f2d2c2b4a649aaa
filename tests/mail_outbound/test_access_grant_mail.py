"""Access grants given, revoked or ending soon are told to the customer's SuperUsers."""

import datetime

import pytest
from django.utils import timezone

from kundcenter.accounts.entitlements import grant_access, revoke_access
from kundcenter.accounts.models import SupportAccessGrant
from kundcenter.accounts.notify import warn_expiring_grants
from kundcenter.mail.preferences import update_preferences
from tests import factories

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def superusers(org_a, superuser_a):
    colleague = factories.make_superuser(org_a, "bo.kollega@byggmontage.se", "Bo Kollega")
    for person in (superuser_a, colleague):
        person.language = "en"
        person.save(update_fields=["language"])
        # Grant mail is essential: turning everything optional off changes nothing.
        update_preferences(person, replies=False, status_changes=False)
    return superuser_a, colleague


def test_a_grant_given_is_told_to_every_superuser(
    org_a, superusers, customer_user_a, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        grant_access(org_a, superusers[0], "support", now=at(2026, 3, 10, 9))

    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in superusers)
    mail = mailoutbox[0]
    assert (
        mail.subject == "Support access granted to Service & Kvalitet – Bygg & Montage Norrland AB"
    )
    assert "Until: 2026-03-11 10:00" in mail.body  # 8 business hours ahead
    assert "Granted by: Anna Berg" in mail.body
    assert "X-Kundcenter-Ticket" not in mail.extra_headers


def test_a_revoked_grant_names_who_revoked_it(
    org_a, superusers, django_capture_on_commit_callbacks, mailoutbox
):
    grant = grant_access(org_a, superusers[0], "support", now=at(2026, 3, 10, 9))
    with django_capture_on_commit_callbacks(execute=True):
        revoke_access(grant, superusers[1], now=at(2026, 3, 10, 11))
    assert len(mailoutbox) == 2
    assert "Bo Kollega revoked the access of Service & Kvalitet" in mailoutbox[0].body


def test_a_grant_ending_within_the_hour_is_told_once(
    org_a, superusers, django_capture_on_commit_callbacks, mailoutbox
):
    grant = grant_access(org_a, superusers[0], "support", now=at(2026, 3, 10, 9))
    assert grant.expires_at == at(2026, 3, 11, 10)

    assert warn_expiring_grants(now=at(2026, 3, 11, 8, 59)) == 0
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert warn_expiring_grants(now=at(2026, 3, 11, 9, 5)) == 1
    assert len(mailoutbox) == 2
    assert "ends at 10:00" in mailoutbox[0].body
    assert warn_expiring_grants(now=at(2026, 3, 11, 9, 30)) == 0
    assert len(mailoutbox) == 2
    assert SupportAccessGrant.objects.get(pk=grant.pk).expiry_warned


def test_a_revoked_grant_gets_no_expiry_warning(org_a, superusers, mailoutbox):
    grant = grant_access(org_a, superusers[0], "support", now=at(2026, 3, 10, 9))
    revoke_access(grant, superusers[0], now=at(2026, 3, 10, 10))
    assert warn_expiring_grants(now=at(2026, 3, 11, 9, 30)) == 0
    assert mailoutbox == []
