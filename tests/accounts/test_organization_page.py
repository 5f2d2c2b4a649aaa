from django.urls import reverse
from django.utils.html import escape

from kundcenter.accounts.models import JoinRequest, Membership
from tests import factories


def test_a_superuser_sees_the_whole_organisation(client, org_a, superuser_a, customer_user_a):
    JoinRequest.objects.create(user=factories.make_user(name="Nina Ny"), organization=org_a)
    client.force_login(superuser_a)
    html = client.get(reverse("accounts:organization")).content.decode()
    for text in (
        escape(org_a.name),
        org_a.org_number,
        "Bygg",
        "Ekonomi",
        "Lön",
        "Anna Berg",
        superuser_a.email,
        "Olle Vanlig",
        "Nina Ny",
        "Approve",
    ):
        assert text in html, text


def test_a_plain_user_sees_who_their_superusers_are_but_not_others(
    client, org_a, superuser_a, customer_user_a
):
    JoinRequest.objects.create(user=factories.make_user(name="Nina Ny"), organization=org_a)
    client.force_login(customer_user_a)
    html = client.get(reverse("accounts:organization")).content.decode()
    assert "Anna Berg" in html and superuser_a.email in html
    assert "Nina Ny" not in html and "Approve" not in html


def test_another_customers_page_is_not_found(client, org_b, superuser_a):
    client.force_login(superuser_a)
    assert client.get(reverse("accounts:organization_detail", args=[org_b.pk])).status_code == 404


def test_a_person_in_several_organisations_chooses_one(client, org_a, org_b, superuser_a):
    factories.add_member(superuser_a, org_b, Membership.Role.USER)
    client.force_login(superuser_a)
    html = client.get(reverse("accounts:organization")).content.decode()
    assert reverse("accounts:organization_detail", args=[org_a.pk]) in html
    assert reverse("accounts:organization_detail", args=[org_b.pk]) in html
    detail = client.get(reverse("accounts:organization_detail", args=[org_b.pk]))
    assert detail.status_code == 200


def test_a_person_without_organisation_is_asked_to_join(client, db):
    client.force_login(factories.make_user())
    html = client.get(reverse("accounts:organization")).content.decode()
    assert reverse("accounts:join") in html


def test_staff_search_customers_by_name_and_org_number(client, org_a, org_b, specialist_handel):
    client.force_login(specialist_handel)
    url = reverse("accounts:organization")
    html = client.get(url, {"q": "handelshuset"}).content.decode()
    assert escape(org_b.name) in html and escape(org_a.name) not in html
    html = client.get(url, {"q": org_a.org_number.replace("-", "")}).content.decode()
    assert escape(org_a.name) in html and org_b.name not in html
    detail = client.get(reverse("accounts:organization_detail", args=[org_a.pk]))
    assert detail.status_code == 200


def test_the_customer_list_is_paginated_with_constant_queries(
    client, specialist_handel, django_assert_max_num_queries
):
    for _i in range(30):
        factories.make_org()
    client.force_login(specialist_handel)
    url = reverse("accounts:organization")
    client.get(url)  # warm the per-process caches (opening hours) first
    with django_assert_max_num_queries(8):  # +1: two-factor device
        response = client.get(url)
    assert len(response.context["page"]) == 25
    assert response.context["page"].has_next()


def test_the_organisation_page_has_a_constant_number_of_queries(
    client, org_a, superuser_a, django_assert_max_num_queries
):
    client.force_login(superuser_a)
    url = reverse("accounts:organization")
    client.get(url)  # warm the per-process caches (opening hours) first
    # 20: the entitlements panel (quota, trainings, grants, audit trail, its forms) takes 9.
    with django_assert_max_num_queries(21) as few:  # +1: two-factor check
        client.get(url)
    for _i in range(15):
        factories.add_member(factories.make_user(), org_a)
        JoinRequest.objects.create(user=factories.make_user(), organization=org_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
