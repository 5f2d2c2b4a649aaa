"""Registrations never confirmed are deleted by the periodic job once their link has
expired; confirmed accounts, accounts closed by staff and anything holding data stay."""

from datetime import timedelta
from io import StringIO

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.utils import timezone

from kundcenter.accounts import registration
from kundcenter.accounts.models import Membership, User
from kundcenter.celery import periodic_jobs
from tests import factories


def _unconfirmed(email, *, days_ago):
    registration.register(
        email=email,
        full_name="Ny Person",
        password_hash=make_password("Fjallbacka-Regn-2026"),
        language="sv",
        now=timezone.now() - timedelta(days=days_ago),
    )
    return User.objects.get(email=email)


def test_unconfirmed_accounts_are_cleaned_up_after_the_validity_period(db):
    expired = _unconfirmed("gammal@example.se", days_ago=3.1)
    fresh = _unconfirmed("ny@example.se", days_ago=2.9)
    old_active = factories.make_user("aktiv@example.se")
    closed = factories.make_user("stangd@example.se", is_active=False)
    User.objects.filter(pk__in=[old_active.pk, closed.pk]).update(
        date_joined=timezone.now() - timedelta(days=400)
    )

    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out, stderr=StringIO())

    assert "] delete_unconfirmed_accounts: deleted 1 unconfirmed accounts" in out.getvalue()
    remaining = set(User.objects.values_list("pk", flat=True))
    assert expired.pk not in remaining
    assert {fresh.pk, old_active.pk, closed.pk} <= remaining


def test_the_clean_up_follows_the_configured_validity(settings, db):
    user = _unconfirmed("ny@example.se", days_ago=1.5)
    assert registration.delete_unconfirmed_accounts() == 0
    settings.REGISTRATION_CONFIRMATION_DAYS = 1
    assert registration.delete_unconfirmed_accounts() == 1
    assert not User.objects.filter(pk=user.pk).exists()


def test_an_unconfirmed_account_that_holds_data_is_kept(org_a, db):
    user = _unconfirmed("gammal@example.se", days_ago=10)
    factories.add_member(user, org_a, Membership.Role.USER)
    assert registration.delete_unconfirmed_accounts() == 0
    assert User.objects.filter(pk=user.pk).exists()


def test_the_clean_up_is_a_periodic_job(settings):
    settings.ACCOUNT_CLEANUP_INTERVAL_SECONDS = 900
    jobs = {job.name: job for job in periodic_jobs()}
    job = jobs["delete_unconfirmed_accounts"]
    assert job.task == "kundcenter.accounts.tasks.delete_unconfirmed_accounts"
    assert job.interval == 900
