"""An expired grant answers no, and its expiry is recorded once, by the SLA sweep."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command

from kundcenter.accounts.entitlements import (
    check_access,
    grant_access,
    record_expired_grants,
    revoke_access,
)
from kundcenter.accounts.models import CustomerEvent
from tests.entitlements.helpers import at

THURSDAY = at(2026, 3, 26, 15)  # 8 business hours: until Friday 16:00


def test_an_expired_grant_answers_no(org_a, superuser_a):
    grant = grant_access(org_a, superuser_a, "support", now=THURSDAY)
    just_before = grant.expires_at - timedelta(seconds=1)
    assert check_access(org_a, "support", client_label="ERP", now=just_before) == (
        True,
        grant.expires_at,
    )
    assert check_access(org_a, "support", client_label="ERP", now=grant.expires_at) == (False, None)


def test_the_expiry_is_recorded_once_at_the_time_it_ran_out(org_a, superuser_a):
    grant = grant_access(org_a, superuser_a, "support", now=THURSDAY)
    assert record_expired_grants(now=grant.expires_at - timedelta(seconds=1)) == 0
    assert record_expired_grants(now=grant.expires_at + timedelta(hours=1)) == 1
    assert record_expired_grants(now=grant.expires_at + timedelta(hours=2)) == 0
    event = CustomerEvent.objects.get(kind=CustomerEvent.Kind.GRANT_EXPIRED)
    assert event.grant == grant and event.created_at == grant.expires_at
    assert event.actor is None and event.detail == "Service & Kvalitet"


def test_a_revoked_grant_does_not_also_expire(org_a, superuser_a):
    grant = grant_access(org_a, superuser_a, "support", hours=24)
    revoke_access(grant, superuser_a)
    assert record_expired_grants(now=grant.expires_at + timedelta(days=1)) == 0


def test_the_sla_sweep_records_expired_grants(org_a, superuser_a):
    grant_access(org_a, superuser_a, "support", now=THURSDAY)  # long over by now
    out = StringIO()
    call_command("sla_sweep", stdout=out)
    assert "access grants expired 1" in out.getvalue()
    out = StringIO()
    call_command("sla_sweep", stdout=out)
    assert "access grants expired 0" in out.getvalue()
    assert CustomerEvent.objects.filter(kind=CustomerEvent.Kind.GRANT_EXPIRED).count() == 1
