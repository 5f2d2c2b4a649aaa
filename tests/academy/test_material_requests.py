"""Asking for new knowledge material; the request lands in the staff list."""

from django.urls import reverse

from kundcenter.academy.models import MaterialRequest


def test_request_lands_in_the_staff_list(client, customer_user_a, specialist_hantverk):
    client.force_login(customer_user_a)
    response = client.post(
        reverse("academy:material_request"),
        {"subject": "Film om semesterväxling", "description": "Hur gör man steg för steg?"},
        follow=True,
    )
    assert "Your request has been sent" in response.content.decode()

    client.force_login(specialist_hantverk)
    page = client.get(reverse("academy:material_requests")).content.decode()
    assert "Film om semesterväxling" in page
    assert "Olle Vanlig" in page

    item = MaterialRequest.objects.get()
    client.post(reverse("academy:material_requests"), {"request": item.pk, "status": "planned"})
    item.refresh_from_db()
    assert item.status == "planned"


def test_empty_request_keeps_what_was_typed(client, customer_user_a):
    client.force_login(customer_user_a)
    response = client.post(
        reverse("academy:material_request"), {"subject": "Handbok för projekt", "description": ""}
    )
    assert response.status_code == 200
    assert 'value="Handbok för projekt"' in response.content.decode()
    assert not MaterialRequest.objects.exists()


def test_customers_get_404_on_the_staff_list(client, superuser_a):
    client.force_login(superuser_a)
    assert client.get(reverse("academy:material_requests")).status_code == 404
