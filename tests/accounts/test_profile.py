from django.conf import settings
from django.urls import reverse
from django.utils.html import escape


def test_a_person_edits_name_phone_and_language(client, superuser_a, org_a):
    client.force_login(superuser_a)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert escape(org_a.name) in page and "SuperUser" in page
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Anna Berg-Lind", "phone": "070-123 45 67", "language": "en"},
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    superuser_a.refresh_from_db()
    assert (superuser_a.full_name, superuser_a.phone, superuser_a.language) == (
        "Anna Berg-Lind",
        "070-123 45 67",
        "en",
    )


def test_an_empty_name_is_refused(client, superuser_a):
    client.force_login(superuser_a)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "", "phone": "", "language": "sv"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]


def test_the_profile_needs_a_login(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
