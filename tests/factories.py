"""Small factories for tests: plain functions with realistic defaults."""

import datetime
import itertools

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.accounts.models import (
    Industry,
    Licence,
    Membership,
    Module,
    Organization,
    TrainingRecord,
    User,
)
from kundcenter.lib.orgnr import with_check_digit
from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Category

PASSWORD = "Testlosenord-2026!"
_seq = itertools.count(1)


def make_user(email=None, *, name=None, staff_role="", team=None, password=PASSWORD, **extra):
    n = next(_seq)
    return User.objects.create_user(
        email or f"person{n}@example.se",
        password,
        full_name=name or f"Person {n}",
        staff_role=staff_role,
        team=team,
        **extra,
    )


def make_org(name=None, *, industry="Bygg", modules=("ekonomi", "lon"), overdue=False):
    n = next(_seq)
    org = Organization.objects.create(
        name=name or f"Företag {n} AB",
        org_number=with_check_digit(f"55{n:07d}"),
        industry=Industry.objects.get(name=industry),
        payment_standing="overdue" if overdue else "good",
    )
    licence = Licence.objects.create(organization=org, number=f"L-{n:06d}")
    licence.modules.set(Module.objects.filter(slug__in=modules))
    return org


def add_member(user, org, role=Membership.Role.USER):
    licence = org.licences.order_by("pk").first()
    if role == Membership.Role.SUPERUSER:
        licence = _licence_with_a_free_place(org)
    return Membership.objects.create(user=user, organization=org, role=role, licence=licence)


def _licence_with_a_free_place(org):
    """A licence of `org` with room for one more SuperUser (the model holds the quota):
    a customer with more SuperUsers than one licence allows has another licence."""
    from kundcenter.accounts.rules import superuser_quota

    licences = list(org.licences.order_by("pk"))
    for licence in licences:
        taken = licence.memberships.filter(role=Membership.Role.SUPERUSER).count()
        if taken < superuser_quota(licence.modules.count()):
            return licence
    if not licences:
        return None
    extra = Licence.objects.create(
        organization=org, number=f"{licences[0].number}-{len(licences) + 1}"
    )
    extra.modules.set(licences[0].modules.all())
    return extra


def make_superuser(org, email=None, name=None):
    user = make_user(email, name=name)
    add_member(user, org, Membership.Role.SUPERUSER)
    # A SuperUser gets support only on modules they are trained for (DOMAIN.md), so the
    # persona has completed the official training for every module the customer
    # licenses. Tests of the training rule create untrained SuperUsers themselves.
    for module in Module.objects.filter(licences__organization=org).distinct():
        TrainingRecord.objects.create(
            user=user,
            module=module,
            training=f"{module.name} grundkurs",
            completed_on=datetime.date(2025, 1, 15),
        )
    return user


def add_module(org, slug):
    """The customer licenses one more module, and its SuperUsers are trained for it."""
    module = Module.objects.get(slug=slug)
    org.licences.first().modules.add(module)
    for membership in org.memberships.filter(role=Membership.Role.SUPERUSER):
        TrainingRecord.objects.get_or_create(
            user=membership.user,
            module=module,
            defaults={
                "training": f"{module.name} grundkurs",
                "completed_on": datetime.date(2025, 1, 15),
            },
        )
    return module


def make_ticket(
    org,
    reporter,
    *,
    category=Category.SUPPORT,
    title="Fråga om momsrapport",
    description="Momsrapporten visar fel belopp för mars.",
    module="ekonomi",
    service_level=None,
    **kw,
):
    if category == Category.BUG and service_level is None:
        service_level = 3
    return actions.register_ticket(
        reporter=reporter,
        organization=org,
        category=category,
        title=title,
        description=description,
        module=Module.objects.get(slug=module) if module else None,
        service_level=service_level,
        **kw,
    )


def make_totp_device(user, *, name="test"):
    """A confirmed authenticator app for `user`: their own if they have one."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def next_totp_code(device) -> str:
    """The code `device`'s app shows now; when that one was used already (two logins in
    half a minute) the app's next code, which django-otp accepts as well."""
    device.refresh_from_db()
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if generator.t() <= device.last_t:
        generator.drift += device.last_t + 1 - generator.t()
    return f"{generator.token():0{device.digits}d}"
