import re

from django.core import mail
from django.urls import reverse

from tests import factories

NEW_PASSWORD = "Nytt-Lösenord-Sommar26"


def test_a_forgotten_password_is_reset_by_an_emailed_link(
    client, db, django_capture_on_commit_callbacks
):
    user = factories.make_user("glomsk@example.se", name="Greta Glömsk")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "glomsk@example.se"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["glomsk@example.se"]
    path = re.search(r"https?://[^/\s]+(/konto/aterstall/\S+/)", message.body).group(1)

    response = client.get(path)  # Django swaps the token for a session and redirects
    assert response.status_code == 302
    set_password_url = response["Location"]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")

    response = client.post(
        reverse("accounts:login"), {"username": "glomsk@example.se", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_reset_page_does_not_reveal_whether_an_address_exists(
    client, db, django_capture_on_commit_callbacks
):
    factories.make_user("finns@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:password_reset"), {"email": "finns@example.se"})
        unknown = client.post(reverse("accounts:password_reset"), {"email": "okand@example.se"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    done = client.get(known["Location"]).content.decode()
    assert "If the address belongs to an account" in done


def test_a_used_link_no_longer_works(client, db, django_capture_on_commit_callbacks):
    factories.make_user("glomsk@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "glomsk@example.se"})
    path = re.search(r"(/konto/aterstall/\S+/)", mail.outbox[0].body).group(1)
    set_password_url = client.get(path)["Location"]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(path, follow=True)
    assert "has expired or has already been used" in again.content.decode()
