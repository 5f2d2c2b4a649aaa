"""Appointing SuperUsers through `appoint_superuser`: the quota table at its edges, and the
refusal that says what the quota is and how it is computed."""

import pytest

from kundcenter.accounts.entitlements import appoint_superuser, quota_table_text
from kundcenter.accounts.models import CustomerEvent, Membership
from kundcenter.lib.errors import ActionError
from tests import factories
from tests.entitlements.helpers import member, org_with_modules


@pytest.fixture(autouse=True)
def _default_table(settings):
    if hasattr(settings, "SUPERUSER_QUOTA"):
        del settings.SUPERUSER_QUOTA


def _fill(org, actor, count):
    for _i in range(count):
        appoint_superuser(org, member(org), actor)


@pytest.mark.parametrize(
    ("module_count", "quota"),
    [(1, 2), (3, 2), (4, 3), (6, 3), (7, 4), (12, 4)],
    ids=lambda v: str(v),
)
def test_the_quota_is_reached_exactly_then_refused(manager, module_count, quota):
    org = org_with_modules(module_count)
    _fill(org, manager, quota)
    assert org.memberships.filter(role=Membership.Role.SUPERUSER).count() == quota
    with pytest.raises(ActionError) as refused:
        appoint_superuser(org, member(org), manager)
    assert f"All {quota} SuperUser places are taken." in refused.value.message
    assert org.memberships.filter(role=Membership.Role.SUPERUSER).count() == quota


def test_three_modules_give_two_and_the_third_is_refused_with_the_explanation(manager):
    org = org_with_modules(3)
    _fill(org, manager, 2)
    licence = org.licences.get()
    third = member(org, name="Tredje Person")
    with pytest.raises(ActionError) as refused:
        appoint_superuser(org, third, manager)
    assert refused.value.message == (
        f"All 2 SuperUser places are taken. Licence {licence.number} has 3 modules, which "
        "gives 2 SuperUsers (1–3 modules: 2, 4–6: 3, 7 or more: 4; never more than 4 per "
        "licence)."
    )
    assert Membership.objects.get(user=third).role == Membership.Role.USER


def test_a_four_module_licence_allows_three(manager):
    org = org_with_modules(4)
    _fill(org, manager, 3)
    assert org.memberships.filter(role=Membership.Role.SUPERUSER).count() == 3


def test_never_above_four_even_if_the_table_says_more(manager, settings):
    settings.SUPERUSER_QUOTA = ((None, 9),)
    org = org_with_modules(2)
    _fill(org, manager, 4)
    with pytest.raises(ActionError, match="All 4 SuperUser places are taken"):
        appoint_superuser(org, member(org), manager)


def test_the_explanation_follows_a_changed_table(settings):
    settings.SUPERUSER_QUOTA = ((2, 1), (None, 3))
    assert quota_table_text() == "1–2 modules: 1, 3 or more: 3"


def test_the_customers_superuser_appoints_and_the_audit_trail_says_who(superuser_a, org_a):
    person = member(org_a, name="Nils Ny")
    appoint_superuser(org_a, person, superuser_a)
    event = CustomerEvent.objects.get(
        organization=org_a, kind=CustomerEvent.Kind.SUPERUSER_APPOINTED
    )
    assert event.actor == superuser_a and event.subject == person
    assert event.detail == org_a.licences.get().number


def test_seats_of_a_second_licence_are_used_when_the_first_is_full(manager):
    org = org_with_modules(2)
    second = org.licences.create(number="L-ANDRA")
    _fill(org, manager, 2)
    third = member(org)
    appoint_superuser(org, third, manager)
    assert Membership.objects.get(user=third).licence == second


@pytest.mark.parametrize("who", ["customer_user_a", "superuser_b", "consultant", "product_dev"])
def test_only_the_customers_superusers_and_support_staff_appoint(request, org_a, who):
    person = member(org_a)
    with pytest.raises(ActionError, match="Only the customer's SuperUsers or support staff"):
        appoint_superuser(org_a, person, request.getfixturevalue(who))
    assert Membership.objects.get(user=person).role == Membership.Role.USER


def test_a_stranger_cannot_be_appointed(org_a, manager):
    stranger = factories.make_user(name="Sven Främling")
    with pytest.raises(ActionError, match="Sven Främling is not a member of"):
        appoint_superuser(org_a, stranger, manager)


def test_a_deactivated_member_cannot_be_appointed(org_a, manager):
    person = member(org_a, name="Inaktiv Person")
    person.is_active = False
    person.save(update_fields=["is_active"])
    with pytest.raises(ActionError, match="deactivated"):
        appoint_superuser(org_a, person, manager)
