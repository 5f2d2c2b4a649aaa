"""Staff correct a person's details; the change is in the processing log."""

from django.urls import reverse

from kundcenter.privacy.models import ProcessingLogEntry


def test_manager_corrects_name_email_phone(client, manager, customer_user_a):
    client.force_login(manager)
    url = reverse("privacy:person_edit", args=[customer_user_a.pk])
    response = client.post(
        url, {"full_name": "Olle Rättad", "email": "Olle.Ny@Bygg.se", "phone": "0701"}
    )
    assert response.status_code == 302
    customer_user_a.refresh_from_db()
    assert (customer_user_a.full_name, customer_user_a.email, customer_user_a.phone) == (
        "Olle Rättad",
        "olle.ny@bygg.se",
        "0701",
    )
    entry = ProcessingLogEntry.objects.get(actor=manager, subject=customer_user_a, action="change")
    # The fields corrected are named; neither the old nor the new values are in the log.
    assert entry.object_description == "corrected full_name, email, phone"
    assert entry.subject_key == ""


def test_taken_address_is_refused_and_input_kept(client, manager, customer_user_a, superuser_a):
    client.force_login(manager)
    url = reverse("privacy:person_edit", args=[customer_user_a.pk])
    response = client.post(url, {"full_name": "Olle X", "email": superuser_a.email, "phone": ""})
    assert response.status_code == 200
    assert "Another account already uses this e-mail address." in response.content.decode()
    assert 'value="Olle X"' in response.content.decode()


def test_others_get_404(client, superuser_a, specialist_hantverk, customer_user_a):
    for who in (superuser_a, specialist_hantverk):
        client.force_login(who)
        url = reverse("privacy:person_edit", args=[customer_user_a.pk])
        assert client.get(url).status_code == 404


def test_my_data_page_lists_what_is_held(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert reverse("privacy:my_export") in page
    assert "linked to you as: reported by" in page.lower()
