""" "Change password" on the profile is a form for the current and the new password, not
the forgotten-password mail."""

from django.conf import settings
from django.urls import reverse

from tests import factories


def test_profile_links_to_the_change_password_form(client, superuser_a):
    client.force_login(superuser_a)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("accounts:password_change")}"' in html
    assert f'href="{reverse("accounts:password_reset")}">Change password' not in html


def test_changing_the_password_keeps_me_logged_in(client, superuser_a, mailoutbox):
    client.force_login(superuser_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "Midnattssol-Over-Abisko-9",
            "new_password2": "Midnattssol-Over-Abisko-9",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "Your password has been changed." in response.content.decode()
    superuser_a.refresh_from_db()
    assert superuser_a.check_password("Midnattssol-Over-Abisko-9")
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert not mailoutbox


def test_a_wrong_current_password_changes_nothing_and_says_so_in_swedish(client, superuser_a):
    client.force_login(superuser_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "fel",
            "new_password1": "Midnattssol-Over-Abisko-9",
            "new_password2": "Midnattssol-Over-Abisko-9",
        },
    )
    assert response.status_code == 200
    assert "Byt lösenord" in response.content.decode()
    superuser_a.refresh_from_db()
    assert superuser_a.check_password(factories.PASSWORD)
