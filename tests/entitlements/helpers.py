"""Helpers for the entitlement tests: customers with N modules, untrained SuperUsers,
a frozen clock."""

from datetime import datetime

from django.utils import timezone

from kundcenter.accounts.models import Membership, Module
from tests import factories
from tests.sla.helpers import at  # noqa: F401  (re-exported for the tests)


def modules(count: int) -> list[str]:
    """`count` module slugs: the ten seeded modules first, then new ones made here."""
    slugs = list(Module.objects.order_by("pk").values_list("slug", flat=True)[:count])
    for n in range(len(slugs), count):
        slugs.append(
            Module.objects.get_or_create(slug=f"modul-{n}", defaults={"name": f"Modul {n}"})[0].slug
        )
    return slugs


def org_with_modules(count: int, **kwargs):
    return factories.make_org(modules=modules(count), **kwargs)


def member(org, name=None):
    """A plain member of `org`."""
    user = factories.make_user(name=name)
    factories.add_member(user, org, Membership.Role.USER)
    return user


def untrained_superuser(org, name="Ulla Otränad"):
    """A SuperUser without any training (the factories' SuperUsers are trained)."""
    user = factories.make_user(name=name)
    factories.add_member(user, org, Membership.Role.SUPERUSER)
    return user


def freeze(monkeypatch, moment: datetime):
    """Make `timezone.now()` return `moment` (model defaults keep the real clock)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def grant_now(org, superuser, audience="support", **kwargs):
    """A grant in force now, whatever the weekday: `hours` only counts on Fridays."""
    from kundcenter.accounts.entitlements import grant_access

    kwargs.setdefault("hours", 24)
    return grant_access(org, superuser, audience, **kwargs)
