"""Feedback on the customer center lands in the staff list with a status."""

from django.urls import reverse

from kundcenter.catalog.models import Feedback


def test_feedback_lands_in_the_staff_list(client, customer_user_a, manager):
    client.force_login(customer_user_a)
    response = client.post(
        reverse("catalog:feedback"),
        {"message": "Sökfunktionen är jättebra!", "page": "/fragor-och-svar/"},
        follow=True,
    )
    assert "Thank you for your feedback!" in response.content.decode()

    client.force_login(manager)
    page = client.get(reverse("catalog:feedback_list")).content.decode()
    assert "Sökfunktionen är jättebra!" in page
    assert "Olle Vanlig" in page

    item = Feedback.objects.get()
    assert item.status == "new"
    client.post(reverse("catalog:feedback_list"), {"feedback": item.pk, "status": "done"})
    item.refresh_from_db()
    assert item.status == "done"
    assert (
        "Sökfunktionen"
        not in client.get(reverse("catalog:feedback_list") + "?status=new").content.decode()
    )


def test_empty_feedback_is_refused(client, customer_user_a):
    client.force_login(customer_user_a)
    response = client.post(reverse("catalog:feedback"), {"message": "  "})
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_customers_get_404_on_the_staff_list(client, superuser_a):
    client.force_login(superuser_a)
    assert client.get(reverse("catalog:feedback_list")).status_code == 404
    assert client.post(reverse("catalog:feedback_list"), {"status": "done"}).status_code == 404
