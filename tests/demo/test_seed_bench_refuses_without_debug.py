"""`manage.py seed_bench` refuses with DEBUG off unless given `--force`: in a production
database its `--reset` would delete real customers whose organisationsnummer start with
5599. `make bench` passes `--force`, as the benchmarks measure with DEBUG off."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kundcenter.demo.bench import bench_organizations, bench_users
from kundcenter.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def seed(**options):
    call_command("seed_bench", tickets=5, seed=3, verbosity=0, stdout=StringIO(), **options)


def test_with_debug_off_it_refuses_and_creates_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to load benchmark data with DEBUG off"):
        seed()
    with pytest.raises(CommandError, match="--force"):
        seed(reset=True)
    assert not bench_organizations().exists()
    assert not bench_users().exists()
    assert not Ticket.objects.exists()


def test_with_debug_off_and_force_it_seeds(settings):
    settings.DEBUG = False
    seed(force=True)
    assert Ticket.objects.filter(organization__in=bench_organizations()).count() == 5


def test_with_debug_on_it_seeds(settings):
    settings.DEBUG = True
    seed()
    assert Ticket.objects.filter(organization__in=bench_organizations()).count() == 5
