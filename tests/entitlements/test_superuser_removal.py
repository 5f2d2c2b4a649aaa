"""Removing a SuperUser: by the customer's SuperUsers or staff, never the customer's last."""

import pytest
from django.urls import reverse

from kundcenter.accounts.entitlements import remove_superuser
from kundcenter.accounts.models import CustomerEvent, Membership
from kundcenter.lib.errors import ActionError
from tests import factories


def test_a_superuser_removes_another_and_it_is_recorded(org_a, superuser_a):
    other = factories.make_superuser(org_a, name="Bo Andra")
    remove_superuser(org_a, other, superuser_a)
    assert Membership.objects.get(user=other).role == Membership.Role.USER
    event = CustomerEvent.objects.get(kind=CustomerEvent.Kind.SUPERUSER_REMOVED)
    assert event.actor == superuser_a and event.subject == other


def test_the_customer_cannot_remove_its_last_superuser(org_a, superuser_a):
    with pytest.raises(ActionError, match="needs at least one SuperUser"):
        remove_superuser(org_a, superuser_a, superuser_a)
    assert Membership.objects.get(user=superuser_a).role == Membership.Role.SUPERUSER


def test_staff_can_remove_the_last_superuser(org_a, superuser_a, manager):
    remove_superuser(org_a, superuser_a, manager)
    assert Membership.objects.get(user=superuser_a).role == Membership.Role.USER


def test_removing_a_plain_member_is_refused(org_a, customer_user_a, manager):
    with pytest.raises(ActionError, match="Olle Vanlig is not a SuperUser"):
        remove_superuser(org_a, customer_user_a, manager)


def test_removal_on_the_customer_page(client, org_a, superuser_a):
    other = factories.make_superuser(org_a, name="Bo Andra")
    client.force_login(superuser_a)
    url = reverse("accounts:remove_superuser", args=[org_a.pk, other.pk])
    response = client.post(url, follow=True)
    assert "Bo Andra is no longer a SuperUser." in response.content.decode()
    assert Membership.objects.get(user=other).role == Membership.Role.USER


def test_refused_removal_says_why_on_the_page(client, org_a, superuser_a):
    client.force_login(superuser_a)
    url = reverse("accounts:remove_superuser", args=[org_a.pk, superuser_a.pk])
    response = client.post(url, follow=True)
    assert "needs at least one SuperUser" in response.content.decode()


@pytest.mark.parametrize("who", ["superuser_b", "customer_user_a", "consultant"])
def test_others_cannot_remove_and_get_404(client, request, org_a, superuser_a, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("accounts:remove_superuser", args=[org_a.pk, superuser_a.pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.get(user=superuser_a).role == Membership.Role.SUPERUSER
