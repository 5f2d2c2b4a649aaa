"""Personas shared by the whole suite: two customers in different teams and their people,
a specialist of each team, a manager, the product department, a consultant and an admin."""

import shutil

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY

from kundcenter.accounts import two_factor
from kundcenter.accounts.models import Membership, Team, User
from tests import factories
from tests.mail_outbound.smtp_server import SmtpServer, use_smtp_server


@pytest.fixture(autouse=True, scope="session")
def _clean_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read the English source strings; the Swedish UI has tests of its own
    (tests/test_translations.py) that switch the language explicitly."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_sla_policy():
    """Terms and opening hours are cached per process; a rolled-back test must not leak."""
    from kundcenter.sla import policy

    policy.clear_cache()
    yield
    policy.clear_cache()


@pytest.fixture(autouse=True)
def _fresh_process_memos():
    """The phone wait and the news are kept per process (kundcenter.lib.memo); a rolled-back
    test's rows must not be shown to the next test."""
    from kundcenter.lib import memo, page_cache

    memo.clear_all()
    page_cache.clear()
    yield
    memo.clear_all()
    page_cache.clear()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` skips the second factor, as it skips the password.

    Staff must give a code from their authenticator app after the password (so must
    customers who turned two-factor authentication on); until then TwoFactorMiddleware
    sends every page to the verification or set-up page. Tests about something else log
    in with force_login, so for a user who needs the second factor this also marks the
    session as verified against their confirmed TOTP device, made if missing (staff have
    one made; customers without one need no code and get none). `Client().force_login`
    in tests/browser/helpers.py `sign_in` gets the same. Tests of two-factor
    authentication itself log in through the real login form (tests/security_two_factor).
    """
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if two_factor.is_required(user) or two_factor.is_enabled(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = factories.make_totp_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def team_hantverk(db):
    return Team.objects.get(slug="hantverk-transport-konsult")


@pytest.fixture
def team_handel(db):
    return Team.objects.get(slug="handel-tjanste-org")


@pytest.fixture
def org_a(db):
    return factories.make_org("Bygg & Montage Norrland AB", industry="Bygg")


@pytest.fixture
def org_b(db):
    return factories.make_org("Handelshuset Syd AB", industry="Detaljhandel")


@pytest.fixture
def superuser_a(org_a):
    return factories.make_superuser(org_a, "anna.berg@byggmontage.se", "Anna Berg")


@pytest.fixture
def superuser_b(org_b):
    return factories.make_superuser(org_b, "erik.lund@handelshuset.se", "Erik Lund")


@pytest.fixture
def customer_user_a(org_a):
    user = factories.make_user("olle.plain@byggmontage.se", name="Olle Vanlig")
    factories.add_member(user, org_a, Membership.Role.USER)
    return user


@pytest.fixture
def specialist_hantverk(team_hantverk):
    return factories.make_user(
        "sara.specialist@kundcenter.example",
        name="Sara Specialist",
        staff_role=User.StaffRole.SPECIALIST,
        team=team_hantverk,
    )


@pytest.fixture
def specialist_handel(team_handel):
    return factories.make_user(
        "hans.specialist@kundcenter.example",
        name="Hans Specialist",
        staff_role=User.StaffRole.SPECIALIST,
        team=team_handel,
    )


@pytest.fixture
def manager(db):
    return factories.make_user(
        "anna.chef@kundcenter.example", name="Anna Chef", staff_role=User.StaffRole.MANAGER
    )


@pytest.fixture
def product_dev(db):
    return factories.make_user(
        "per.utvecklare@kundcenter.example",
        name="Per Utvecklare",
        staff_role=User.StaffRole.PRODUCT,
    )


@pytest.fixture
def consultant(db):
    return factories.make_user(
        "karin.konsult@kundcenter.example",
        name="Karin Konsult",
        staff_role=User.StaffRole.CONSULTANT,
    )


@pytest.fixture
def admin_user(db):
    return factories.make_user(
        "admin@kundcenter.example",
        name="Admin Istratör",
        staff_role=User.StaffRole.ADMIN,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def ticket_a(org_a, superuser_a):
    return factories.make_ticket(org_a, superuser_a)


@pytest.fixture
def bug_a(org_a, superuser_a):
    return factories.make_ticket(
        org_a,
        superuser_a,
        category="bug",
        title="Lönekörning kraschar",
        description="Lönekörningen avbryts med felkod 500.",
        module="lon",
        service_level=2,
    )


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def smtp(settings):
    """A real SMTP server that Django sends to for the length of the test."""
    server = SmtpServer()
    server.start()
    use_smtp_server(settings, server)
    yield server
    server.stop()


@pytest.fixture
def english(superuser_a):
    """superuser_a, reading her mail in English."""
    superuser_a.language = "en"
    superuser_a.save(update_fields=["language"])
    return superuser_a
