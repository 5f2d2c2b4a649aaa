"""The SuperUser quota holds whatever the path: the admin site or a plain model save
(the portal and the API appoint through the same model). A fifth SuperUser where the
quota is four is refused, and so is a SuperUser with an empty licence (which once
slipped past the quota in the admin)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kundcenter.accounts.entitlements import appoint_superuser
from kundcenter.accounts.models import Membership
from tests import factories
from tests.entitlements.helpers import member, org_with_modules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_table(settings):
    if hasattr(settings, "SUPERUSER_QUOTA"):
        del settings.SUPERUSER_QUOTA


@pytest.fixture
def full_org(manager):
    """Seven modules on one licence: four SuperUsers, all places taken."""
    org = org_with_modules(7)
    for _i in range(4):
        appoint_superuser(org, member(org), manager)
    return org


def _superusers(org):
    return org.memberships.filter(role=Membership.Role.SUPERUSER).count()


def _admin_change(client, membership, **changes):
    data = {
        "user": membership.user_id,
        "organization": membership.organization_id,
        "licence": membership.licence_id or "",
        "role": membership.role,
        "created_at_0": membership.created_at.strftime("%Y-%m-%d"),
        "created_at_1": membership.created_at.strftime("%H:%M:%S"),
        **changes,
    }
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    return client.post(url, data)


@pytest.mark.parametrize("licence", ["empty", "the full one"])
def test_the_admin_site_cannot_appoint_a_fifth(client, admin_user, full_org, licence):
    fifth = Membership.objects.get(user=member(full_org))
    client.force_login(admin_user)
    value = "" if licence == "empty" else full_org.licences.get().pk
    response = _admin_change(client, fifth, role="superuser", licence=value)
    assert response.status_code == 200  # the form again, with the reason
    assert "errornote" in response.content.decode()
    assert _superusers(full_org) == 4


def test_a_model_save_cannot_appoint_a_fifth(full_org):
    fifth = Membership.objects.get(user=member(full_org))
    fifth.role = Membership.Role.SUPERUSER
    fifth.licence = full_org.licences.get()
    with pytest.raises(ValidationError, match="All 4 SuperUser places"):
        fifth.save()
    fifth.licence = None
    with pytest.raises(ValidationError, match="appointed on one of"):
        fifth.save()
    assert _superusers(full_org) == 4


def test_a_licence_of_another_customer_is_refused(full_org, org_b):
    fifth = Membership.objects.get(user=member(full_org))
    fifth.role = Membership.Role.SUPERUSER
    fifth.licence = org_b.licences.first()
    with pytest.raises(ValidationError, match="not one of this customer's licences"):
        fifth.full_clean()


def test_within_the_quota_the_admin_site_appoints(client, admin_user, manager):
    org = factories.make_org()
    appointed = Membership.objects.get(user=member(org))
    client.force_login(admin_user)
    response = _admin_change(client, appointed, role="superuser", licence=org.licences.get().pk)
    assert response.status_code == 302
    assert Membership.objects.get(pk=appointed.pk).role == Membership.Role.SUPERUSER


def test_existing_superusers_can_still_be_edited_after_the_quota_shrinks(full_org):
    # Modules taken off the licence lower the quota; the four keep their places.
    licence = full_org.licences.get()
    licence.modules.set(licence.modules.all()[:1])
    kept = full_org.memberships.filter(role=Membership.Role.SUPERUSER).first()
    kept.save()
    assert _superusers(full_org) == 4
