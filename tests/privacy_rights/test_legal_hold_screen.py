"""Staff place and release legal holds on their own screen; a hold blocks erasure until
it is released, and the released hold stays listed with who released it and why."""

from html import escape

import pytest
from django.urls import reverse

from kundcenter.lib.errors import ActionError
from kundcenter.privacy.erasure import erase_person
from kundcenter.privacy.holds import place_hold, release_hold
from kundcenter.privacy.models import LegalHold

HOLDS = reverse("privacy:holds")


def test_manager_places_a_hold_on_a_person_and_erasure_is_refused(client, person, manager):
    client.force_login(manager)
    response = client.post(
        HOLDS, {"email": person.email.upper(), "reason": "Tvist om faktura 1234"}, follow=True
    )
    assert "The legal hold has been placed." in response.content.decode()
    hold = LegalHold.objects.get(active=True)
    assert hold.user == person and hold.set_by == manager
    with pytest.raises(ActionError, match="Tvist om faktura 1234"):
        erase_person(by=manager, user=person)


def test_hold_on_a_customer_by_organisation_number_in_any_spelling(client, person, org_a, manager):
    client.force_login(manager)
    digits = org_a.org_number.replace("-", "")
    client.post(HOLDS, {"org_number": f"16{digits}", "reason": "Polisutredning"})
    hold = LegalHold.objects.get(active=True)
    assert hold.organization == org_a and hold.user is None
    page = client.get(HOLDS).content.decode()
    assert escape(org_a.name) in page and "Polisutredning" in page
    with pytest.raises(ActionError, match="Polisutredning"):
        erase_person(by=manager, user=person)


def test_bad_input_is_explained_and_kept(client, manager):
    client.force_login(manager)
    response = client.post(HOLDS, {"email": "ingen@example.se", "reason": "Revision 2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "No account has the e-mail address ingen@example.se." in page
    assert "Revision 2026" in page  # what was typed is still in the form
    response = client.post(HOLDS, {"org_number": "556677-8890", "reason": "Revision"})
    assert "wrong check digit" in response.content.decode()
    response = client.post(HOLDS, {"reason": "Revision"})
    assert "Give either a person" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_a_hold_needs_a_reason(manager, person):
    with pytest.raises(ActionError, match="Say why"):
        place_hold(by=manager, user=person, reason="  ")


def test_a_second_active_hold_on_the_same_person_is_refused(manager, person):
    place_hold(by=manager, user=person, reason="Tvist")
    with pytest.raises(ActionError, match="already an active legal hold"):
        place_hold(by=manager, user=person, reason="Tvist igen")


def test_release_needs_a_reason_and_then_erasure_goes_ahead(client, person, manager):
    hold = place_hold(by=manager, user=person, reason="Tvist om faktura 1234")
    client.force_login(manager)
    response = client.post(reverse("privacy:hold_release", args=[hold.pk]), follow=True)
    assert "Say why the hold is released." in response.content.decode()
    hold.refresh_from_db()
    assert hold.active
    response = client.post(
        reverse("privacy:hold_release", args=[hold.pk]),
        {"release_reason": "Tvisten är avgjord"},
        follow=True,
    )
    assert "The legal hold has been released." in response.content.decode()
    hold.refresh_from_db()
    assert not hold.active and hold.released_by == manager and hold.released_at
    assert "Tvisten är avgjord" in client.get(HOLDS).content.decode()
    erase_person(by=manager, user=person)
    person.refresh_from_db()
    assert not person.is_active


def test_a_released_hold_cannot_be_released_again(manager, person):
    hold = place_hold(by=manager, user=person, reason="Tvist")
    release_hold(hold, by=manager, reason="Klar")
    with pytest.raises(ActionError, match="already been released"):
        release_hold(hold, by=manager, reason="Igen")


def test_only_managers_and_admins_see_the_holds(client, specialist_hantverk, superuser_a, person):
    hold = LegalHold.objects.create(user=person, reason="Tvist")
    for who in (specialist_hantverk, superuser_a):
        client.force_login(who)
        assert client.get(HOLDS).status_code == 404
        release = client.post(
            reverse("privacy:hold_release", args=[hold.pk]), {"release_reason": "x"}
        )
        assert release.status_code == 404
        with pytest.raises(ActionError):
            place_hold(by=who, user=person, reason="Tvist")
    hold.refresh_from_db()
    assert hold.active


def test_placing_a_hold_on_a_person_is_in_the_processing_log(client, person, manager):
    from kundcenter.privacy.models import ProcessingLogEntry

    client.force_login(manager)
    client.post(HOLDS, {"email": person.email, "reason": "Tvist"})
    assert ProcessingLogEntry.objects.filter(
        subject=person, actor=manager, action="change"
    ).exists()


def test_holds_page_queries_do_not_grow_with_the_holds(
    client, manager, org_a, org_b, django_assert_max_num_queries
):
    from tests import factories

    client.force_login(manager)
    for index in range(6):
        user = factories.make_user(f"p{index}@example.se")
        hold = place_hold(by=manager, user=user, reason=f"Tvist {index}")
        if index % 2:
            release_hold(hold, by=manager, reason="Klar")
    place_hold(by=manager, organization=org_a, reason="Revision")
    client.get(HOLDS)  # warm the caches (session, language)
    with django_assert_max_num_queries(12):
        response = client.get(HOLDS)
    assert response.status_code == 200


def test_the_data_protection_menu_is_for_managers(client, manager, specialist_hantverk):
    client.force_login(manager)
    page = client.get(reverse("agent:queue")).content.decode()
    assert reverse("privacy:requests") in page
    client.force_login(specialist_hantverk)
    page = client.get(reverse("agent:queue")).content.decode()
    assert reverse("privacy:requests") not in page
