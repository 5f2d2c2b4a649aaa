"""A privacy policy page written by staff, linked from every page and from registration;
a new version replaces the old one, which stays readable."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kundcenter.privacy.models import PrivacyPolicy


def test_every_page_and_registration_link_the_policy(client, superuser_a):
    policy = reverse("privacy:policy")
    for url in (reverse("accounts:login"), reverse("accounts:register"), reverse("contact")):
        assert f'href="{policy}"' in client.get(url).content.decode()
    assert "privacy policy</a>" in client.get(reverse("accounts:register")).content.decode()
    client.force_login(superuser_a)
    assert f'href="{policy}"' in client.get(reverse("portal:list")).content.decode()


def test_the_newest_version_in_the_readers_language_is_in_force(client, db):
    now = timezone.now()
    old = PrivacyPolicy.objects.create(
        body="Gammal text.", language="sv", published_at=now - timedelta(days=60)
    )
    PrivacyPolicy.objects.create(
        body="Vi behandlar **bara** det som behövs.", language="sv", published_at=now
    )
    PrivacyPolicy.objects.create(
        body="Coming later.", language="sv", published_at=now + timedelta(days=5)
    )
    PrivacyPolicy.objects.create(body="English text.", language="en", published_at=now)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    html = client.get(reverse("privacy:policy")).content.decode()
    assert "Vi behandlar <strong>bara</strong> det som behövs." in html
    assert "Gammal text." not in html and "Coming later." not in html
    assert "English text." not in html
    assert reverse("privacy:policy_version", args=[old.pk]) in html
    earlier = client.get(reverse("privacy:policy_version", args=[old.pk])).content.decode()
    assert "Gammal text." in earlier


def test_without_a_policy_the_page_says_whom_to_ask(client, db, settings):
    html = client.get(reverse("privacy:policy")).content.decode()
    assert settings.VENDOR_SUPPORT_EMAIL in html
