"""The customer page for its SuperUsers and staff: licence, modules, SuperUsers with their
trained modules, quota used with its explanation, payment standing, grants, audit trail;
appointing from it."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from kundcenter.accounts.entitlements import appoint_superuser
from kundcenter.accounts.models import Membership, Module, TrainingRecord
from tests import factories
from tests.entitlements.helpers import grant_now, member


def _page(client, user, org):
    client.force_login(user)
    return client.get(reverse("accounts:organization_detail", args=[org.pk])).content.decode()


def test_a_superuser_sees_quota_trainings_standing_grants_and_audit(client, org_a, superuser_a):
    licence = org_a.licences.get()
    untrained = factories.make_superuser(org_a, name="Bo Halvtränad")
    TrainingRecord.objects.filter(user=untrained, module__slug="lon").delete()
    grant_now(org_a, superuser_a, note="Felsökning av momsrapporten")
    html = _page(client, superuser_a, org_a)
    for text in (
        f"Licence {licence.number}: 2 of 2 SuperUsers",
        escape("1–3 modules: 2, 4–6: 3, 7 or more: 4; never more than 4 per licence"),
        "Anna Berg",
        "Ekonomi, Lön",  # Anna's trained modules
        "No support yet on: Lön (training not completed)",  # Bo's missing one
        "In good standing",
        "Service &amp; Kvalitet",
        "Felsökning av momsrapporten",
        "Access granted",  # the audit trail
        "Grant support access",
    ):
        assert text in html, text


def test_a_plain_member_sees_no_entitlements(client, org_a, superuser_a, customer_user_a):
    html = _page(client, customer_user_a, org_a)
    assert "Anna Berg" in html  # who their SuperUsers are, as before
    assert "Audit trail" not in html and "SuperUsers and trainings" not in html


def test_staff_see_the_staff_forms_but_cannot_grant(
    client, org_a, superuser_a, specialist_hantverk
):
    html = _page(client, specialist_hantverk, org_a)
    assert "Record a training" in html and "Change the payment standing" in html
    assert "Appoint as SuperUser" not in html or "Choose a member" in html
    assert 'action="' + reverse("accounts:grant_access", args=[org_a.pk]) not in html


def test_appointing_from_the_page(client, org_a, superuser_a):
    person = member(org_a, name="Nils Ny")
    client.force_login(superuser_a)
    response = client.post(
        reverse("accounts:appoint_superuser", args=[org_a.pk]),
        {"person": person.pk, "next": reverse("accounts:organization_detail", args=[org_a.pk])},
        follow=True,
    )
    assert "Nils Ny is now a SuperUser." in response.content.decode()
    assert Membership.objects.get(user=person).role == Membership.Role.SUPERUSER


def test_an_over_quota_appointment_shows_the_refusal_and_keeps_the_choice(
    client, org_a, superuser_a
):
    appoint_superuser(org_a, member(org_a), superuser_a)  # 2 of 2
    person = member(org_a, name="Nils Ny")
    client.force_login(superuser_a)
    response = client.post(
        reverse("accounts:appoint_superuser", args=[org_a.pk]), {"person": person.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "All 2 SuperUser places are taken." in html
    assert escape("1–3 modules: 2") in html
    assert f'value="{person.pk}" selected' in html
    assert Membership.objects.get(user=person).role == Membership.Role.USER


@pytest.mark.parametrize("who", ["superuser_b", "customer_user_a", "consultant"])
def test_appointing_for_another_customer_is_not_found(client, request, org_a, who):
    person = member(org_a)
    client.force_login(request.getfixturevalue(who))
    url = reverse("accounts:appoint_superuser", args=[org_a.pk])
    assert client.post(url, {"person": person.pk}).status_code == 404
    assert Membership.objects.get(user=person).role == Membership.Role.USER


def test_the_page_needs_the_same_queries_with_more_people_grants_and_events(
    client, org_a, superuser_a, django_assert_max_num_queries
):
    member(org_a)
    grant_now(org_a, superuser_a)
    client.force_login(superuser_a)
    url = reverse("accounts:organization_detail", args=[org_a.pk])
    client.get(url)  # warm the per-process caches (opening hours) first
    with django_assert_max_num_queries(21) as few:
        client.get(url)
    factories.make_superuser(org_a)
    lager = Module.objects.get(slug="lager")
    for _i in range(10):
        member(org_a)
        grant_now(org_a, superuser_a)
    org_a.licences.get().modules.add(lager)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("Access granted") == 11
