"""Entitlement actions: SuperUsers, trainings, payment standing and support access grants.

Every change writes a `CustomerEvent`, the customer's audit trail. Refusals raise
`EntitlementError` with a sentence for the user.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.accounts.models import (
    CustomerEvent,
    Licence,
    Membership,
    Module,
    Organization,
    SupportAccessGrant,
    TrainingRecord,
    User,
)
from kundcenter.accounts.rules import (
    SUPERUSER_QUOTA_MAX,
    is_customer_superuser,
    is_staff_role,
    is_support_staff,
    superuser_quota,
    support_refusal,
)
from kundcenter.lib.errors import ActionError

EntitlementError = ActionError  # refusals of this module; same contract as every action


Kind = CustomerEvent.Kind
Audience = SupportAccessGrant.Audience

SUPPORT_GRANT_BUSINESS_HOURS = 8
FRIDAY_GRANT_CHOICES = (24, 72)
CONSULTANT_GRANT_HOURS = 24


def _log(org, kind, actor=None, *, subject=None, grant=None, detail="", label="", when=None):
    return CustomerEvent.objects.create(
        organization=org,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label,
        subject=subject,
        grant=grant,
        detail=detail[:300],
        created_at=when or timezone.now(),
    )


# --- SuperUsers ----------------------------------------------------------------------------


def quota_explanation(licence: Licence) -> str:
    """How a licence's SuperUser quota is computed, in words."""
    count = licence.modules.count()
    return _(
        "Licence %(licence)s has %(count)d modules, which gives %(quota)d SuperUsers "
        "(1–3 modules: 2, 4–6: 3, 7 or more: 4; never more than %(max)d per licence)."
    ) % {
        "licence": licence.number,
        "count": count,
        "quota": superuser_quota(count),
        "max": SUPERUSER_QUOTA_MAX,
    }


def appoint_superuser(org: Organization, person: User, actor: User, licence=None) -> Membership:
    """Make a member of `org` a SuperUser on one of its licences, within the quota."""
    if not (is_customer_superuser(actor, org) or is_support_staff(actor)):
        raise EntitlementError(_("Only the customer's SuperUsers or support staff can do this."))
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().filter(organization=org, user=person).first()
        )
        if membership is None:
            raise EntitlementError(
                _("%(name)s is not a member of %(org)s yet.") % {"name": person, "org": org}
            )
        if membership.role == Membership.Role.SUPERUSER:
            return membership
        licence = licence or org.licences.order_by("pk").first()
        if licence is None or licence.organization_id != org.pk:
            raise EntitlementError(_("The customer has no licence to appoint SuperUsers on."))
        # Lock the licence's SuperUsers so two appointments cannot both take the last seat.
        taken = (
            Membership.objects.select_for_update()
            .filter(organization=org, licence=licence, role=Membership.Role.SUPERUSER)
            .count()
        )
        quota = superuser_quota(licence.modules.count())
        if taken >= quota:
            raise EntitlementError(
                _("All %(quota)d SuperUser places are taken. %(why)s")
                % {"quota": quota, "why": quota_explanation(licence)}
            )
        membership.role = Membership.Role.SUPERUSER
        membership.licence = licence
        membership.save(update_fields=["role", "licence"])
        _log(org, Kind.SUPERUSER_APPOINTED, actor, subject=person, detail=licence.number)
    return membership


def remove_superuser(org: Organization, person: User, actor: User) -> Membership:
    """Make a SuperUser a plain member again."""
    if not (is_customer_superuser(actor, org) or is_support_staff(actor)):
        raise EntitlementError(_("Only the customer's SuperUsers or support staff can do this."))
    with transaction.atomic():
        membership = Membership.objects.filter(
            organization=org, user=person, role=Membership.Role.SUPERUSER
        ).first()
        if membership is None:
            raise EntitlementError(_("%(name)s is not a SuperUser.") % {"name": person})
        membership.role = Membership.Role.USER
        membership.save(update_fields=["role"])
        _log(org, Kind.SUPERUSER_REMOVED, actor, subject=person)
    return membership


# --- trainings -----------------------------------------------------------------------------


def record_training(
    person: User, module: Module, *, training: str, completed_on: date, recorded_by: User
) -> TrainingRecord:
    """Record that `person` completed the official training for `module` (staff only)."""
    if not is_staff_role(recorded_by):
        raise EntitlementError(_("Only staff can record trainings."))
    if completed_on > timezone.localdate():
        raise EntitlementError(_("A training cannot be completed in the future."))
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            user=person,
            module=module,
            training=training.strip() or str(module),
            completed_on=completed_on,
            recorded_by=recorded_by,
        )
        for membership in person.memberships.select_related("organization"):
            _log(
                membership.organization,
                Kind.TRAINING,
                recorded_by,
                subject=person,
                detail=f"{module}: {record.training}",
            )
    return record


def trained_module_ids(person: User) -> set[int]:
    return set(TrainingRecord.objects.filter(user=person).values_list("module_id", flat=True))


def module_refusal(person: User, org: Organization, module: Module | None) -> str | None:
    """Why `person` may not get support on `module` for `org` (None: they may)."""
    if module is None:
        return None
    if not Licence.objects.filter(organization=org, modules=module).exists():
        return _("%(org)s has no licence for the module %(module)s.") % {
            "org": org,
            "module": module,
        }
    if module.pk not in trained_module_ids(person):
        return _(
            "You need to complete the official training for %(module)s before you can get "
            "support on it. See the Academy for coming trainings."
        ) % {"module": module}
    return None


# --- payment standing ----------------------------------------------------------------------


def set_payment_standing(
    org: Organization,
    standing: str,
    *,
    note: str = "",
    actor: User | None = None,
    actor_label: str = "",
    when: datetime | None = None,
) -> Organization:
    """Set a customer overdue or in good standing (staff, or the billing system via API)."""
    if standing not in Organization.PaymentStanding.values:
        raise EntitlementError(_("Payment standing is 'good' or 'overdue'."))
    if actor is not None and not is_staff_role(actor):
        raise EntitlementError(_("Only staff can change a customer's payment standing."))
    if actor is None and not actor_label:
        raise EntitlementError(_("Say who changes the payment standing."))
    when = when or timezone.now()
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org.pk)
        old = org.payment_standing
        org.payment_standing, org.payment_note, org.payment_changed_at = standing, note, when
        org.save(update_fields=["payment_standing", "payment_note", "payment_changed_at"])
        label = Organization.PaymentStanding(standing).label
        detail = f"{Organization.PaymentStanding(old).label} → {label}"
        _log(
            org,
            Kind.PAYMENT,
            actor,
            label=actor_label,
            detail=f"{detail}. {note}".strip(),
            when=when,
        )
    return org


# --- support access grants -----------------------------------------------------------------


def is_friday(now: datetime) -> bool:
    return timezone.localtime(now).weekday() == 4


def grant_expiry(audience: str, now: datetime, hours: int | None = None) -> datetime:
    """When a grant given at `now` ends.

    Service & Kvalitet: 8 business hours ahead, or on a Friday 24 or 72 hours (the
    SuperUser's choice). Consultants: 24 hours.
    """
    if audience == Audience.CONSULTANT:
        return now + timedelta(hours=CONSULTANT_GRANT_HOURS)
    if is_friday(now):
        if hours not in FRIDAY_GRANT_CHOICES:
            raise EntitlementError(_("On a Friday, choose whether access lasts 24 or 72 hours."))
        return now + timedelta(hours=hours)
    from kundcenter.sla.policy import get_calendar

    return get_calendar().add(now, timedelta(hours=SUPPORT_GRANT_BUSINESS_HOURS))


def grant_access(
    org: Organization,
    person: User,
    audience: str,
    *,
    hours: int | None = None,
    ticket=None,
    note: str = "",
    now: datetime | None = None,
) -> SupportAccessGrant:
    """A SuperUser lets the vendor log in to the customer's setup for a limited time."""
    refusal = support_refusal(person, org)
    if refusal:
        raise EntitlementError(refusal)
    if audience not in Audience.values:
        raise EntitlementError(_("Choose who gets access."))
    if ticket is not None and ticket.organization_id != org.pk:
        raise EntitlementError(_("Choose one of your own tickets."))
    if audience == Audience.CONSULTANT and (ticket is None or ticket.category != "order"):
        raise EntitlementError(
            _("Consultants get access for an ordered setup change: choose its order ticket.")
        )
    now = now or timezone.now()
    expires = grant_expiry(audience, now, hours)
    with transaction.atomic():
        grant = SupportAccessGrant.objects.create(
            organization=org,
            audience=audience,
            granted_by=person,
            ticket=ticket,
            note=note.strip()[:300],
            starts_at=now,
            expires_at=expires,
        )
        local = timezone.localtime(expires)
        _log(
            org,
            Kind.GRANT_GIVEN,
            person,
            grant=grant,
            when=now,
            detail=f"{grant.get_audience_display()} → {local:%Y-%m-%d %H:%M}",
        )
    return grant


def revoke_access(grant: SupportAccessGrant, person: User, now=None) -> SupportAccessGrant:
    """End a grant at once. Any SuperUser of the customer (or staff) may revoke it."""
    if not (is_customer_superuser(person, grant.organization_id) or is_staff_role(person)):
        raise EntitlementError(_("Only the customer's SuperUsers can revoke access."))
    now = now or timezone.now()
    with transaction.atomic():
        updated = SupportAccessGrant.objects.filter(
            pk=grant.pk, revoked_at__isnull=True, expires_at__gt=now
        ).update(revoked_at=now, revoked_by=person)
        grant.refresh_from_db()
        if not updated:
            raise EntitlementError(_("This access has already ended."))
        _log(grant.organization, Kind.GRANT_REVOKED, person, grant=grant, when=now)
    return grant


def active_grants(org: Organization, now=None):
    now = now or timezone.now()
    return SupportAccessGrant.objects.filter(
        organization=org, revoked_at__isnull=True, starts_at__lte=now, expires_at__gt=now
    ).select_related("granted_by", "ticket")


def check_access(org: Organization, audience: str, *, client_label: str, now=None):
    """May `audience` log in to `org`'s setup now? Returns (allowed, until).

    Every check is recorded in the customer's audit trail as a use of the grant.
    """
    now = now or timezone.now()
    grant = active_grants(org, now).filter(audience=audience).order_by("-expires_at").first()
    with transaction.atomic():
        _log(
            org,
            Kind.GRANT_CHECKED,
            label=client_label,
            grant=grant,
            when=now,
            detail=(
                _("allowed (%(audience)s)") % {"audience": Audience(audience).label}
                if grant
                else _("refused (%(audience)s)") % {"audience": Audience(audience).label}
            ),
        )
    return (grant is not None, grant.expires_at if grant else None)


def record_expired_grants(now=None) -> int:
    """Write an audit event for each grant that ran out (idempotent; run by the sweep)."""
    now = now or timezone.now()
    done = 0
    ids = list(
        SupportAccessGrant.objects.filter(
            expiry_recorded=False, revoked_at__isnull=True, expires_at__lte=now
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in ids:
        with transaction.atomic():
            if SupportAccessGrant.objects.filter(pk=pk, expiry_recorded=False).update(
                expiry_recorded=True
            ):
                grant = SupportAccessGrant.objects.select_related("organization").get(pk=pk)
                _log(grant.organization, Kind.GRANT_EXPIRED, grant=grant, when=grant.expires_at)
                done += 1
    return done
