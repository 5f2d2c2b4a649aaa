"""People, customers and the support organisation.

Teams and the industries that route to them are data (seeded by a migration, edited in
the admin), never code. Roles are a single field on the user for vendor staff and a
membership row per customer for customer people.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.lib.orgnr import normalize_org_number, validate_org_number


class Team(models.Model):
    """A support team in Service & Kvalitet; customers reach it through their industry."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


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
    """A person's standing with a customer: a plain user or an appointed SuperUser."""

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
