import re

from django.core import mail
from django.urls import reverse

from kundcenter.accounts.models import User
from tests import factories

STRONG = "Fjallbacka-Regn-2026"


def _register(client, **overrides):
    data = {
        "full_name": "Lisa Nyberg",
        "email": "lisa.nyberg@example.se",
        "password1": STRONG,
        "password2": STRONG,
        **overrides,
    }
    return client.post(reverse("accounts:register"), data)


def test_a_visitor_registers_and_is_logged_in_by_the_link_in_the_mail(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_sent")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "We've sent a message to lisa.nyberg@example.se." in page

    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/konto/registrera/bekrafta/\S+/)", message.body).group(1)
    assert "Finish creating your account" in client.get(link).content.decode()
    response = client.post(link, {"password": STRONG})
    assert response["Location"] == reverse("accounts:join")
    user = User.objects.get(email="lisa.nyberg@example.se")
    assert user.full_name == "Lisa Nyberg"
    assert not user.memberships.exists()
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200
    assert "lisa.nyberg@example.se" in page.content.decode()


def test_a_short_password_is_refused_and_the_input_kept(client, db):
    response = _register(client, password1="kort-ord", password2="kort-ord")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Lisa Nyberg"' in html
    assert 'value="lisa.nyberg@example.se"' in html
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="lisa.nyberg@example.se").exists()


def test_passwords_that_differ_are_refused(client, db):
    response = _register(client, password2=STRONG + "x")
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()


def test_a_person_logs_in_by_email_and_logs_out_by_post(client, db):
    user = factories.make_user("kalle@example.se", name="Kalle Ek")
    response = client.post(
        reverse("accounts:login"),
        {"username": "KALLE@example.se", "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_is_refused(client, db):
    factories.make_user("kalle@example.se")
    response = client.post(
        reverse("accounts:login"), {"username": "kalle@example.se", "password": "fel"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session
