"""Every admin page of the back office loads, quickly, for an administrator only."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from kundcenter.accounts.models import JoinRequest
from kundcenter.tickets import actions, phone
from kundcenter.tickets.models import Macro
from tests import factories


@pytest.fixture
def back_office(org_a, superuser_a, specialist_hantverk, ticket_a, manager):
    upload = SimpleUploadedFile("logg.txt", b"fel 500", content_type="text/plain")
    actions.reply(ticket_a, superuser_a, "Hej!", files=[upload])
    actions.assign(ticket_a, manager, specialist_hantverk)
    JoinRequest.objects.create(user=factories.make_user(), organization=org_a)
    phone.log_call(by=specialist_hantverk, waited_seconds=95, ticket=ticket_a)
    actions.add_tags(ticket_a, specialist_hantverk, "Moms")
    Macro.objects.create(name="Tack", owner=specialist_hantverk, body_sv="Tack!")
    # A ticket closed as resolved: its customer-satisfaction survey.
    resolved = factories.make_ticket(org_a, superuser_a, title="Löst")
    actions.transition(resolved, specialist_hantverk, "in_progress")
    actions.transition(resolved, specialist_hantverk, "closed")


def _url(model, page, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}", args=args)


def test_every_changelist_and_change_page_loads(client, admin_user, back_office):
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"accounts", "tickets"}:
            continue
        assert client.get(_url(model, "changelist")).status_code == 200, model
        assert client.get(_url(model, "changelist"), {"q": "a"}).status_code == 200, model
        obj = model.objects.first()
        assert obj is not None, model
        assert client.get(_url(model, "change", obj.pk)).status_code == 200, model
        if model_admin.has_add_permission(_request(admin_user)):
            assert client.get(_url(model, "add")).status_code == 200, model


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_ticket_status_and_number_are_read_only(client, admin_user, ticket_a):
    client.force_login(admin_user)
    html = client.get(_url(type(ticket_a), "change", ticket_a.pk)).content.decode()
    assert 'name="status"' not in html and 'name="number"' not in html
    assert 'name="title"' in html
    assert client.get(_url(type(ticket_a), "add")).status_code == 403


def test_ticket_changelist_queries_do_not_grow(
    client, admin_user, org_a, superuser_a, django_assert_max_num_queries
):
    client.force_login(admin_user)
    factories.make_ticket(org_a, superuser_a)
    url = _url(type(factories.make_ticket(org_a, superuser_a)), "changelist")
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(20):
        factories.make_ticket(org_a, superuser_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_user_can_be_added_with_email_login(client, admin_user, team_hantverk):
    client.force_login(admin_user)
    response = client.post(
        _url(type(admin_user), "add"),
        {
            "email": "Ny.Specialist@Kundcenter.example",
            "full_name": "Ny Specialist",
            "password1": "Ett-bra-losenord-2026",
            "password2": "Ett-bra-losenord-2026",
            "staff_role": "specialist",
            "team": team_hantverk.pk,
            "usable_password": "true",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = type(admin_user).objects.get(email="ny.specialist@kundcenter.example")
    assert created.staff_role == "specialist" and created.check_password("Ett-bra-losenord-2026")


def test_staff_without_admin_flag_cannot_reach_admin(client, specialist_hantverk, superuser_a):
    for person in (specialist_hantverk, superuser_a):
        client.force_login(person)
        response = client.get(reverse("admin:tickets_ticket_changelist"))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
