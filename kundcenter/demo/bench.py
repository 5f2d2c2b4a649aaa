"""What marks benchmark data, so the benchmarks find it and `seed_bench --reset` removes
only it: customers' organisationsnummer start with 5599 and every bench person's e-mail
ends with bench.example. `manage.py seed_bench` makes the data; `bench_pages` and
`bench_reports` measure on it.
"""

from django.db.models import Q
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.accounts import two_factor
from kundcenter.accounts.models import Organization, User

BENCH_ORG_PREFIX = "5599"  # bench customers: 5599 + five-digit index + check digit
BENCH_DOMAIN = "bench.example"

# What bench tickets are about: titles are made from them and the benchmarks search them.
TOPICS = (
    "momsrapporten",
    "lönespecifikationen",
    "semesterberäkningen",
    "kundreskontran",
    "leverantörsreskontran",
    "bokslutet",
    "attestflödet",
    "tidrapporten",
    "fakturamallen",
    "lagersaldot",
    "projektrapporten",
    "bankfilen",
    "SIE-exporten",
    "avskrivningarna",
    "traktamentet",
    "OCR-inläsningen",
    "inventeringen",
    "orderbekräftelsen",
    "kostnadsstället",
    "resultatrapporten",
)


def bench_organizations():
    return Organization.objects.filter(org_number__startswith=BENCH_ORG_PREFIX)


def bench_users():
    return User.objects.filter(
        Q(email__endswith=f"@{BENCH_DOMAIN}") | Q(email__endswith=f".{BENCH_DOMAIN}")
    )


def pass_second_factor(client, user):
    """Staff must give a second factor; a benchmark's session counts as having given it
    (against the user's app, made if missing), as force_login skips the password."""
    device = two_factor.app_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
