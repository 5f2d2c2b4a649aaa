"""An account whose address is not yet confirmed cannot log in, and the login page says
exactly what it says for a wrong password: no hint that the account exists."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kundcenter.accounts.models import User
from tests import factories
from tests.security_enumeration.helpers import STRONG, page_text


def test_an_unconfirmed_account_cannot_log_in_and_hears_the_same_as_a_wrong_password(
    client, register, db
):
    register("lisa@example.se")
    assert User.objects.get(email="lisa@example.se").awaiting_confirmation
    factories.make_user("kalle@example.se")
    url = reverse("accounts:login")

    unconfirmed = client.post(url, {"username": "lisa@example.se", "password": STRONG})
    wrong_password = client.post(url, {"username": "kalle@example.se", "password": "fel-fel"})

    assert "_auth_user_id" not in client.session
    assert unconfirmed.status_code == wrong_password.status_code == 200
    assert "the account is not confirmed yet" in page_text(unconfirmed)
    assert "confirmation mail" in page_text(unconfirmed)
    assert page_text(unconfirmed).replace("lisa@", "X@") == page_text(wrong_password).replace(
        "kalle@", "X@"
    )


def test_the_swedish_login_error_is_grammatical_and_names_the_confirmation_mail(
    client, register, db
):
    register("lisa@example.se")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    with translation.override("sv"):
        response = client.post(
            reverse("accounts:login"),
            {"username": "lisa@example.se", "password": STRONG},
            HTTP_ACCEPT_LANGUAGE="sv",
        )
    text = response.content.decode()
    assert "Ange ett korrekt" not in text
    assert "skiftlägeskänsliga" not in text
    assert "bekräftelsemejlet" in text
