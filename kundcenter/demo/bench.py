"""What marks benchmark data, so the benchmarks find it and `seed_bench --reset` removes
only it: customers' organisationsnummer start with 5599 and every bench person's e-mail
ends with bench.example. `manage.py seed_bench` makes the data; `bench_pages` measures on it.
"""

from django.db.models import Q

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
