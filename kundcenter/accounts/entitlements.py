"""Entitlement actions: SuperUsers, trainings, payment standing and support access grants.

Every change writes a `CustomerEvent`, the customer's audit trail. Refusals raise
`EntitlementError` (the same `ActionError` every action raises) with a sentence for the
user.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.accounts import notify
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
    DEFAULT_SUPERUSER_QUOTA,
    SUPERUSER_QUOTA_MAX,
    is_customer_superuser,
    is_staff_role,
    is_support_staff,
    may_keep_customer_records,
    may_revoke_grant,
    superuser_quota,
    support_refusal,
)
from kundcenter.lib.compiled import Compiled
from kundcenter.lib.errors import ActionError

EntitlementError = ActionError  # refusals of this module; same contract as every action


Kind = CustomerEvent.Kind
Audience = SupportAccessGrant.Audience

SUPPORT_GRANT_BUSINESS_HOURS = 8
FRIDAY_GRANT_CHOICES = (24, 72)
CONSULTANT_GRANT_HOURS = 24
# Ticket categories, spelled here so that accounts does not import the tickets app.
ORDER_CATEGORY = "order"
BUG_CATEGORY = "bug"


def _log(org, kind, actor=None, *, subject=None, grant=None, detail="", label="", when=None):
    return CustomerEvent.objects.create(
        organization=org,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label[:120],
        subject=subject,
        grant=grant,
        detail=detail[:300],
        created_at=when or timezone.now(),
    )


def customer_events(org: Organization):
    """The customer's audit trail, newest first, ready for a page."""
    return CustomerEvent.objects.filter(organization=org).select_related(
        "actor", "subject", "grant"
    )


# --- SuperUsers ----------------------------------------------------------------------------


def quota_table_text() -> str:
    """The configured quota table in words, e.g. "1–3 modules: 2, 4–6: 3, 7 or more: 4"."""
    table = getattr(settings, "SUPERUSER_QUOTA", DEFAULT_SUPERUSER_QUOTA)
    rows, lower = [], 1
    for upper, quota in table:
        if upper is None:
            break
        rows.append((str(upper) if upper == lower else f"{lower}–{upper}", quota))
        lower = upper + 1
    # Past the last bound the last row's quota applies (see rules.superuser_quota).
    rows.append((_("%(lower)d or more") % {"lower": lower}, table[-1][1]))
    parts = [
        (_("%(span)s modules: %(quota)d") if i == 0 else "%(span)s: %(quota)d")
        % {"span": span, "quota": min(quota, SUPERUSER_QUOTA_MAX)}
        for i, (span, quota) in enumerate(rows)
    ]
    return ", ".join(parts)


def quota_explanation(licence: Licence, module_count: int | None = None) -> str:
    """How a licence's SuperUser quota is computed, in words."""
    count = licence.modules.count() if module_count is None else module_count
    return _(
        "Licence %(licence)s has %(count)d modules, which gives %(quota)d SuperUsers "
        "(%(table)s; never more than %(max)d per licence)."
    ) % {
        "licence": licence.number,
        "count": count,
        "quota": superuser_quota(count),
        "table": quota_table_text(),
        "max": SUPERUSER_QUOTA_MAX,
    }


def _require_member_manager(actor, org):
    if not (is_customer_superuser(actor, org) or is_support_staff(actor)):
        raise EntitlementError(_("Only the customer's SuperUsers or support staff can do this."))


def _seats_taken(org, licence) -> int:
    return Membership.objects.filter(
        organization=org, licence=licence, role=Membership.Role.SUPERUSER
    ).count()


def appoint_superuser(org: Organization, person: User, actor: User, licence=None) -> Membership:
    """Make a member of `org` a SuperUser on one of its licences, within the quota.

    Without `licence`, the first licence with a free place is used.
    """
    _require_member_manager(actor, org)
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
        if not person.is_active:
            raise EntitlementError(
                _("%(name)s's account is deactivated and cannot be a SuperUser.") % {"name": person}
            )
        # Lock the licence rows: appointments on a licence run one at a time, so two of
        # them cannot both take its last place. (PostgreSQL refuses FOR UPDATE with
        # COUNT, and locking the SuperUser rows would not stop a new one appearing.)
        licences = list(Licence.objects.select_for_update().filter(organization=org).order_by("pk"))
        if licence is not None:
            licences = [lic for lic in licences if lic.pk == licence.pk]
        if not licences:
            raise EntitlementError(_("The customer has no licence to appoint SuperUsers on."))
        chosen = None
        for candidate in licences:
            count = candidate.modules.count()
            if _seats_taken(org, candidate) < superuser_quota(count):
                chosen = candidate
                break
        if chosen is None:
            full = licences[0]
            count = full.modules.count()
            raise EntitlementError(
                _("All %(quota)d SuperUser places are taken. %(why)s")
                % {"quota": superuser_quota(count), "why": quota_explanation(full, count)}
            )
        membership.role = Membership.Role.SUPERUSER
        membership.licence = chosen
        membership.save(update_fields=["role", "licence"])
        _log(org, Kind.SUPERUSER_APPOINTED, actor, subject=person, detail=chosen.number)
    return membership


def remove_superuser(org: Organization, person: User, actor: User) -> Membership:
    """Make a SuperUser a plain member again.

    A customer's own SuperUsers cannot remove the last one: nobody would be left to
    contact support or appoint a successor. Staff can.
    """
    _require_member_manager(actor, org)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(organization=org, user=person, role=Membership.Role.SUPERUSER)
            .first()
        )
        if membership is None:
            raise EntitlementError(_("%(name)s is not a SuperUser.") % {"name": person})
        others = (
            Membership.objects.filter(organization=org, role=Membership.Role.SUPERUSER)
            .exclude(pk=membership.pk)
            .exists()
        )
        if not others and not is_support_staff(actor):
            raise EntitlementError(
                _(
                    "%(org)s needs at least one SuperUser. Appoint another SuperUser first, "
                    "or ask support."
                )
                % {"org": org}
            )
        membership.role = Membership.Role.USER
        membership.save(update_fields=["role"])
        _log(org, Kind.SUPERUSER_REMOVED, actor, subject=person)
    return membership


# --- trainings -----------------------------------------------------------------------------


def record_training(
    person: User, module: Module, *, training: str, completed_on: date, recorded_by: User
) -> TrainingRecord:
    """Record that `person` completed the official training for `module` (staff only)."""
    if not may_keep_customer_records(recorded_by):
        raise EntitlementError(_("Only support staff can record trainings."))
    if completed_on > timezone.localdate():
        raise EntitlementError(_("A training cannot be completed in the future."))
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            user=person,
            module=module,
            training=(training or "").strip()[:200] or str(module),
            completed_on=completed_on,
            recorded_by=recorded_by,
        )
        # The person's training counts for every customer they act for.
        for membership in person.memberships.select_related("organization"):
            _log(
                membership.organization,
                Kind.TRAINING,
                recorded_by,
                subject=person,
                detail=f"{module}: {record.training} ({completed_on:%Y-%m-%d})",
            )
    return record


def trained_module_ids(person: User) -> set[int]:
    """The modules `person` has completed the official training for."""
    return set(TrainingRecord.objects.filter(user=person).values_list("module_id", flat=True))


@dataclass(frozen=True)
class ModuleFacts:
    """What one query read about `person_id` and the customers `org_ids`: which of them
    license each active module (`licensed_to`), in name order (`modules`), and which
    modules the person is trained for (`trained`, among those). The registration form
    lists the modules from it and the registration's check reads it instead of asking the
    database again in the same request (`module_refusal(..., facts=...)`)."""

    person_id: int | None
    org_ids: frozenset[int]
    modules: tuple[Module, ...]
    licensed_to: dict[int, frozenset[int]]
    trained: frozenset[int]

    def about(self, person: User, org: Organization, module: Module) -> dict | None:
        """{"licensed", "trained"} of `module` for `person` and `org`, or None when this
        read did not cover them (another person or customer, an inactive module)."""
        orgs = self.licensed_to.get(module.pk)
        if person.pk != self.person_id or org.pk not in self.org_ids or orgs is None:
            return None
        return {"licensed": org.pk in orgs, "trained": module.pk in self.trained}


def _licensed_modules(org_ids):
    return (
        Module.objects.filter(active=True, licences__organization__in=org_ids)
        .annotate(licensed_to=F("licences__organization"))
        .order_by("name", "pk")
    )


# module_facts' one query, built once per process (it runs at every registration and form
# page; building it cost more than running it: kundcenter.lib.compiled).
_FACTS_FOR_PERSON = Compiled(
    lambda person_id, org_ids: _licensed_modules(org_ids).annotate(
        trained=Exists(TrainingRecord.objects.filter(user_id=person_id, module=OuterRef("pk")))
    ),
    lists={"org_ids"},
)
_FACTS = Compiled(_licensed_modules, lists={"org_ids"})


def module_facts(person: User | None, org_ids) -> ModuleFacts:
    """The active modules licensed to any of `org_ids` (by name), to which of them, and
    whether `person` completed the official training for each: one query."""
    org_ids = frozenset(org_ids)
    ordered = sorted(org_ids)
    if person is not None:
        rows = _FACTS_FOR_PERSON.objects(person.pk, ordered)
    else:
        rows = _FACTS.objects(ordered)
    modules: dict[int, Module] = {}
    licensed_to: dict[int, set[int]] = {}
    trained = set()
    for module in rows:
        modules.setdefault(module.pk, module)
        licensed_to.setdefault(module.pk, set()).add(module.licensed_to)
        if getattr(module, "trained", False):
            trained.add(module.pk)
    return ModuleFacts(
        person_id=getattr(person, "pk", None),
        org_ids=org_ids,
        modules=tuple(modules.values()),
        licensed_to={pk: frozenset(orgs) for pk, orgs in licensed_to.items()},
        trained=frozenset(trained),
    )


def module_refusal(
    person: User,
    org: Organization,
    module: Module | None,
    *,
    to_reporter: bool = True,
    facts: ModuleFacts | None = None,
) -> str | None:
    """Why `person` may not get support on `module` for `org` (None: they may).

    `to_reporter` says whether the sentence speaks to `person` ("You need …") or about
    them, to staff registering a phone call on their behalf. `facts`, read earlier in
    the same request (the registration form's `module_facts`), answer without a query
    when they cover `person`, `org` and `module`.
    """
    if module is None:
        return None
    known = facts.about(person, org, module) if facts is not None else None
    if known is None:
        # Both facts in one query: this is on every registration's path.
        known = (
            Module.objects.filter(pk=module.pk)
            .values(
                licensed=Exists(Licence.objects.filter(organization=org, modules=OuterRef("pk"))),
                trained=Exists(TrainingRecord.objects.filter(user=person, module=OuterRef("pk"))),
            )
            .first()
        ) or {"licensed": False, "trained": False}
    if not known["licensed"]:
        return _("%(org)s has no licence for the module %(module)s.") % {
            "org": org,
            "module": module,
        }
    if not known["trained"]:
        if to_reporter:
            return _(
                "You need to complete the official training for %(module)s before you can "
                "get support on it. See the Academy for coming trainings."
            ) % {"module": module}
        return _(
            "%(name)s has not completed the official training for %(module)s, which is "
            "needed to get support on it."
        ) % {"name": person, "module": module}
    return None


def overdue_allows_level1_bugs(user, org: Organization) -> bool:
    """While `org` is overdue, may `user` still register a level 1 bug? (admin setting)"""
    return (
        settings.OVERDUE_ALLOWS_LEVEL1_BUGS and org.is_overdue and is_customer_superuser(user, org)
    )


def registration_refusal(
    reporter: User,
    org: Organization,
    *,
    category: str,
    service_level: int | None,
    module: Module | None,
    to_reporter: bool = True,
    facts: ModuleFacts | None = None,
) -> str | None:
    """Why `reporter` may not register this ticket for `org` (None: they may).

    SuperUsers only, in good standing (or a level 1 bug if the admin setting allows it
    while overdue), on a licensed module they are trained for. A ticket without a module
    (e-mail, triaged by staff) skips the module check. `facts`: see `module_refusal`.
    """
    refusal = support_refusal(reporter, org)
    if refusal and not (
        category == BUG_CATEGORY
        and service_level == 1
        and overdue_allows_level1_bugs(reporter, org)
    ):
        return refusal
    return module_refusal(reporter, org, module, to_reporter=to_reporter, facts=facts)


# --- payment standing ----------------------------------------------------------------------


def set_handed_over_to_support(org: Organization, handed_over: bool, *, actor) -> Organization:
    """Staff mark the customer handed over to the product specialists (implementation and
    training completed), which gives its people the support phone number; or take the
    mark back. Written to the customer's audit trail when it changes."""
    if not is_staff_role(actor):
        raise EntitlementError(_("Only staff can hand a customer over to support."))
    with transaction.atomic():
        changed = (
            Organization.objects.filter(pk=org.pk)
            .exclude(handed_over_to_support=handed_over)
            .update(handed_over_to_support=handed_over)
        )
        org.handed_over_to_support = handed_over
        if changed:
            detail = (
                _("The customer's people see the support phone number.")
                if handed_over
                else _("The support phone number is no longer shown to the customer's people.")
            )
            _log(org, Kind.HANDED_OVER, actor, detail=str(detail))
    return org


def set_payment_standing(
    org: Organization,
    standing: str,
    *,
    note: str = "",
    actor: User | None = None,
    actor_label: str = "",
    as_of: date | None = None,
    when: datetime | None = None,
) -> Organization:
    """Set a customer overdue or in good standing (staff, or the billing system via API).

    `as_of` is the date the standing applies from, when the billing system knows it;
    the audit event is dated when the change was recorded. The note is part of the audit
    trail, which the customer's SuperUsers read: it tells them why support is paused.
    """
    if standing not in Organization.PaymentStanding.values:
        raise EntitlementError(_("Payment standing is 'good' or 'overdue'."))
    if actor is not None and not may_keep_customer_records(actor):
        raise EntitlementError(_("Only support staff can change a customer's payment standing."))
    if actor is None and not actor_label:
        raise EntitlementError(_("Say who changes the payment standing."))
    when = when or timezone.now()
    if as_of is not None and as_of > timezone.localdate(when):
        raise EntitlementError(_("The payment standing cannot change on a future date."))
    note = (note or "").strip()[:300]
    changed_at = (
        timezone.make_aware(datetime.combine(as_of, time.min)) if as_of is not None else when
    )
    given = org
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org.pk)
        old = org.payment_standing
        org.payment_standing, org.payment_note, org.payment_changed_at = standing, note, changed_at
        org.save(update_fields=["payment_standing", "payment_note", "payment_changed_at"])
        # The caller's instance (perhaps a ticket's organisation) must not stay stale.
        given.payment_standing, given.payment_note = standing, note
        given.payment_changed_at = changed_at
        label = Organization.PaymentStanding(standing).label
        detail = f"{Organization.PaymentStanding(old).label} → {label}"
        if as_of is not None:
            detail += " " + _("from %(date)s") % {"date": f"{as_of:%Y-%m-%d}"}
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
    """Friday in the vendor's time zone: the day a support grant lasts 24 or 72 hours."""
    return timezone.localtime(now).weekday() == 4


def grant_expiry(audience: str, now: datetime, hours: int | None = None) -> datetime:
    """When a grant given at `now` ends.

    Service & Kvalitet: 8 business hours ahead, or on a Friday 24 or 72 hours (the
    SuperUser's choice, required). Consultants: 24 hours.
    """
    # Elapsed hours, also across a daylight-saving change: Python adds wall-clock time to
    # a datetime in a zone with daylight saving, so the arithmetic is done in UTC.
    utc_now = now.astimezone(UTC)
    if audience == Audience.CONSULTANT:
        return utc_now + timedelta(hours=CONSULTANT_GRANT_HOURS)
    if is_friday(now):
        try:
            hours = int(hours) if hours not in (None, "") else None
        except (TypeError, ValueError):
            hours = None
        if hours not in FRIDAY_GRANT_CHOICES:
            raise EntitlementError(_("On a Friday, choose whether access lasts 24 or 72 hours."))
        return utc_now + timedelta(hours=hours)
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
    if ticket is not None and not ticket.is_open:
        raise EntitlementError(
            _("Ticket %(number)s is closed; choose an open ticket.") % {"number": ticket.number}
        )
    if audience == Audience.CONSULTANT and (ticket is None or ticket.category != ORDER_CATEGORY):
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
            note=(note or "").strip()[:300],
            starts_at=now,
            expires_at=expires,
        )
        local = timezone.localtime(expires)
        detail = f"{grant.get_audience_display()} → {local:%Y-%m-%d %H:%M}"
        if ticket is not None:
            detail += f" ({ticket.number})"
        _log(org, Kind.GRANT_GIVEN, person, grant=grant, when=now, detail=detail)
        notify.grant_given(grant)
    return grant


def revoke_access(grant: SupportAccessGrant, person: User, now=None) -> SupportAccessGrant:
    """End a grant at once. Any SuperUser of the customer (or staff) may revoke it."""
    if not may_revoke_grant(person, grant.organization_id):
        raise EntitlementError(_("Only the customer's SuperUsers can revoke access."))
    now = now or timezone.now()
    with transaction.atomic():
        # Conditional: of two people revoking at once, one wins and one is told.
        updated = SupportAccessGrant.objects.filter(
            pk=grant.pk, revoked_at__isnull=True, expires_at__gt=now
        ).update(revoked_at=now, revoked_by=person)
        grant.refresh_from_db()
        if not updated:
            raise EntitlementError(_("This access has already ended."))
        _log(
            grant.organization,
            Kind.GRANT_REVOKED,
            person,
            grant=grant,
            when=now,
            detail=grant.get_audience_display(),
        )
        notify.grant_revoked(grant)
    return grant


def active_grants(org: Organization, now=None):
    """The customer's grants in force at `now`, latest expiry first."""
    now = now or timezone.now()
    return (
        SupportAccessGrant.objects.filter(
            organization=org, revoked_at__isnull=True, starts_at__lte=now, expires_at__gt=now
        )
        .select_related("granted_by", "ticket")
        .order_by("-expires_at", "-pk")
    )


# `active_grants` as a list, its SQL built once per process: every ticket page shows them.
_ACTIVE_GRANTS = Compiled(lambda org, now: active_grants(org, now), datetimes={"now"})


def active_grants_list(org: Organization, now=None) -> list:
    """The rows of `active_grants(org, now)` (the ticket pages' list)."""
    return _ACTIVE_GRANTS.objects(org.pk, now or timezone.now())


def check_access(org: Organization, audience: str, *, client_label: str, now=None):
    """May `audience` log in to `org`'s setup now? Returns (allowed, until).

    Every check is recorded in the customer's audit trail as a use of the grant.
    """
    if audience not in Audience.values:
        raise EntitlementError(_("Access is asked for 'support' or 'consultant'."))
    now = now or timezone.now()
    grant = active_grants(org, now).filter(audience=audience).first()
    label = Audience(audience).label
    _log(
        org,
        Kind.GRANT_CHECKED,
        label=client_label,
        grant=grant,
        when=now,
        detail=(
            _("allowed (%(audience)s)") % {"audience": label}
            if grant
            else _("refused (%(audience)s)") % {"audience": label}
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
            # Claimed with a conditional UPDATE, so two sweeps never record it twice.
            if SupportAccessGrant.objects.filter(pk=pk, expiry_recorded=False).update(
                expiry_recorded=True
            ):
                grant = SupportAccessGrant.objects.select_related("organization").get(pk=pk)
                _log(
                    grant.organization,
                    Kind.GRANT_EXPIRED,
                    grant=grant,
                    when=grant.expires_at,
                    detail=grant.get_audience_display(),
                )
                done += 1
    return done
