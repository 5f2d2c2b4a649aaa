"""People, customers and the support organisation.

Teams and the industries that route to them are data (seeded by a migration, edited in
the admin), never code. Roles are a single field on the user for vendor staff and a
membership row per customer for customer people.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.lib.orgnr import normalize_org_number, validate_org_number


class Team(models.Model):
    """A support team in Service & Kvalitet; customers reach it through their industry.

    How the team hears of new tickets by e-mail is its own choice (`new_ticket_mail`):
    one mail per ticket to its shared address, or a digest to each specialist every
    TEAM_DIGEST_INTERVAL_SECONDS (kundcenter.mail.notifications). A team without an
    address gets the digest whatever it chose.
    """

    class NewTicketMail(models.TextChoices):
        TEAM_ADDRESS = "address", _("One e-mail per new ticket to the team's address")
        DIGEST = "digest", _("A digest of new tickets to each specialist")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    email = models.EmailField(
        _("team address"),
        blank=True,
        help_text=_("The team's shared mailbox, for mail about new tickets."),
    )
    new_ticket_mail = models.CharField(
        _("new tickets by e-mail"),
        max_length=10,
        choices=NewTicketMail.choices,
        default=NewTicketMail.TEAM_ADDRESS,
        help_text=_("Without a team address the specialists get the digest."),
    )
    # The digest has told of the tickets registered up to this moment.
    digest_sent_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name

    @property
    def mails_each_new_ticket(self) -> bool:
        """One mail per new ticket to the team's address (else: the digest)."""
        return bool(self.email) and self.new_ticket_mail == self.NewTicketMail.TEAM_ADDRESS


class Industry(models.Model):
    """A customer industry (bransch); decides which team serves the customer."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="industries", verbose_name=_("team")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return self.name


class Module(models.Model):
    """A part of the vendor's system that customers license (Ekonomi, Lön, …)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("staff_role", User.StaffRole.ADMIN)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in by e-mail: customer people and vendor staff alike.

    `staff_role` is empty for customer people; their standing with a customer lives in
    `Membership`. `is_staff` keeps Django's meaning (may use the admin site).

    A person who registers is inactive and `awaiting_confirmation` until they follow the
    link mailed to them (kundcenter.accounts.registration). The flag tells such an account
    from one that staff closed: only the former may be opened by a link or deleted when
    the link expires.
    """

    class StaffRole(models.TextChoices):
        NONE = "", _("Customer")
        SPECIALIST = "specialist", _("Product specialist")
        MANAGER = "manager", _("Support manager")
        PRODUCT = "product", _("Product department")
        CONSULTANT = "consultant", _("Consultant")
        ADMIN = "admin", _("Administrator")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )
    staff_role = models.CharField(
        _("staff role"), max_length=20, choices=StaffRole.choices, blank=True, default=""
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
        help_text=_("For product specialists: the team whose queue they work."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    awaiting_confirmation = models.BooleanField(
        _("awaiting e-mail confirmation"),
        default=False,
        editable=False,
        help_text=_("Registered, but has not yet followed the link in the confirmation e-mail."),
    )
    is_demo = models.BooleanField(
        _("demo person"),
        default=False,
        editable=False,
        help_text=_("Made up by the demo or benchmark data: never sent any e-mail."),
    )
    date_joined = models.DateTimeField(_("registered"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]
        indexes = [models.Index(fields=["staff_role", "team"])]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_vendor_staff(self) -> bool:
        return bool(self.staff_role) and self.is_active


class Organization(models.Model):
    """A customer company (kund) with a licence to the vendor's system."""

    class PaymentStanding(models.TextChoices):
        GOOD = "good", _("In good standing")
        OVERDUE = "overdue", _("Overdue payment")

    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisationsnummer"), max_length=11, unique=True, validators=[validate_org_number]
    )
    industry = models.ForeignKey(
        Industry, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("industry")
    )
    payment_standing = models.CharField(
        _("payment standing"),
        max_length=10,
        choices=PaymentStanding.choices,
        default=PaymentStanding.GOOD,
    )
    payment_note = models.CharField(_("payment note"), max_length=300, blank=True)
    payment_changed_at = models.DateTimeField(_("payment standing changed"), null=True, blank=True)
    # The brochure: the support phone number is given when the customer is handed over to
    # the product specialists, after implementation and training are completed.
    handed_over_to_support = models.BooleanField(
        _("handed over to support"),
        default=False,
        help_text=_(
            "Implementation and training are completed: the customer's people see the "
            "support phone number."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def clean(self):
        if self.org_number:
            self.org_number = normalize_org_number(self.org_number)

    @property
    def team_id(self):
        return self.industry.team_id

    @property
    def is_overdue(self) -> bool:
        return self.payment_standing == self.PaymentStanding.OVERDUE


class Licence(models.Model):
    """A customer's licence; its modules decide the SuperUser quota."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="licences", verbose_name=_("customer")
    )
    number = models.CharField(_("licence number"), max_length=40, unique=True)
    modules = models.ManyToManyField(Module, related_name="licences", verbose_name=_("modules"))
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)

    class Meta:
        ordering = ["number"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self):
        return self.number


class Membership(models.Model):
    """A person's standing with a customer: a plain user or an appointed SuperUser.

    A SuperUser is appointed on one of the customer's licences, within that licence's
    quota (kundcenter.accounts.rules.superuser_quota). The model holds this whatever the
    path (the portal, the admin site, the API, a shell): `clean` says why not as a form
    error, and `save` refuses, with the licence row locked so that two appointments
    cannot both take its last place. (No database constraint: deleting a licence or a
    customer sets or removes the link row by row, which a CHECK would refuse.)
    """

    class Role(models.TextChoices):
        USER = "user", _("User")
        SUPERUSER = "superuser", _("SuperUser")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("customer"),
    )
    licence = models.ForeignKey(
        Licence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("licence"),
        help_text=_("The licence a SuperUser is appointed on."),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.USER)
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")
        ]
        indexes = [models.Index(fields=["organization", "role"])]

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            refusal = self.superuser_refusal(lock=True)
            if refusal:
                raise ValidationError(refusal)
            super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        refusal = self.superuser_refusal()
        if refusal:
            raise ValidationError(refusal)

    def _appointment_changes(self) -> bool:
        """Whether saving makes a new SuperUser appointment (role or licence changed)."""
        if self.role != self.Role.SUPERUSER:
            return False
        if self.pk is None:
            return True
        before = Membership.objects.filter(pk=self.pk).values("role", "licence_id").first()
        return before != {"role": self.role, "licence_id": self.licence_id}

    def superuser_refusal(self, *, lock=False) -> dict | None:
        """Why this SuperUser appointment breaks the rules, as {field: message}; None if not."""
        from kundcenter.accounts.rules import superuser_quota

        if not self._appointment_changes():
            return None
        if self.licence_id is None:
            return {"licence": _("A SuperUser is appointed on one of the customer's licences.")}
        licences = Licence.objects.filter(pk=self.licence_id)
        if lock:
            # Appointments on one licence run one at a time: two cannot take its last place.
            licences = licences.select_for_update()
        licence = licences.first()
        if licence is None or licence.organization_id != self.organization_id:
            return {"licence": _("The licence is not one of this customer's licences.")}
        quota = superuser_quota(licence.modules.count())
        taken = (
            Membership.objects.filter(licence=licence, role=self.Role.SUPERUSER)
            .exclude(pk=self.pk)
            .count()
        )
        if taken >= quota:
            return {
                "role": _("All %(quota)d SuperUser places on licence %(licence)s are taken.")
                % {"quota": quota, "licence": licence.number}
            }
        return None

    @property
    def is_superuser_role(self) -> bool:
        return self.role == self.Role.SUPERUSER


class JoinRequest(models.Model):
    """A registered person's request to join a customer, decided by its SuperUsers or staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("customer"),
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organization}"


class TrainingRecord(models.Model):
    """A person completed the vendor's official training for a module.

    A SuperUser gets support on a module only with such a record (DOMAIN.md).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="trainings",
        verbose_name=_("person"),
    )
    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("module")
    )
    training = models.CharField(_("training"), max_length=200)
    completed_on = models.DateField(_("completed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        indexes = [models.Index(fields=["user", "module"])]

    def __str__(self):
        return f"{self.user} – {self.module} ({self.completed_on})"


class SupportAccessGrant(models.Model):
    """A time-boxed permission for the vendor to log in to the customer's setup.

    Given by a SuperUser on the customer's explicit order; revocable at any time.
    """

    class Audience(models.TextChoices):
        SUPPORT = "support", _("Service & Kvalitet")
        CONSULTANT = "consultant", _("Consultants")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="access_grants",
        verbose_name=_("customer"),
    )
    audience = models.CharField(_("access for"), max_length=12, choices=Audience.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_grants_given",
        verbose_name=_("granted by"),
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_grants",
        verbose_name=_("ticket"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("from"))
    expires_at = models.DateTimeField(_("until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    expiry_recorded = models.BooleanField(default=False, editable=False)
    # Set once the SuperUsers have been told the grant ends soon (notified once).
    expiry_warned = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("support access grant")
        verbose_name_plural = _("support access grants")
        indexes = [models.Index(fields=["organization", "audience", "expires_at"])]

    def __str__(self):
        return (
            f"{self.organization} → {self.get_audience_display()} {self.expires_at:%Y-%m-%d %H:%M}"
        )

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.starts_at <= now < self.expires_at


class CustomerEvent(models.Model):
    """The customer's audit trail: payment standing, SuperUsers, trainings, access grants.

    Visible to the customer's SuperUsers and to staff.
    """

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Payment standing changed")
        SUPERUSER_APPOINTED = "su_added", _("SuperUser appointed")
        SUPERUSER_REMOVED = "su_removed", _("SuperUser removed")
        TRAINING = "training", _("Training recorded")
        GRANT_GIVEN = "grant", _("Access granted")
        GRANT_CHECKED = "grant_used", _("Access checked by the vendor")
        GRANT_EXPIRED = "grant_expired", _("Access expired")
        GRANT_REVOKED = "grant_revoked", _("Access revoked")
        HANDED_OVER = "handed_over", _("Handed over to support")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="events", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Who acted when it was not a person: e.g. the billing system's API client.
    actor_label = models.CharField(_("by (system)"), max_length=120, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerning"),
    )
    grant = models.ForeignKey(
        SupportAccessGrant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("access grant"),
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("customer event")
        verbose_name_plural = _("customer events")
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self):
        return f"{self.organization_id} {self.kind}"
