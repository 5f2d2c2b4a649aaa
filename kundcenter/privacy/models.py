"""Data protection models.

The processing log and the incident register come first; the data-subject request
models follow below.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.lib.errors import ActionError

# --- Processing log ----------------------------------------------------------------------


class AppendOnlyQuerySet(models.QuerySet):
    """A queryset that can add and read rows but never change or remove them in bulk."""

    def update(self, **kwargs):
        raise ActionError(_("Processing log entries cannot be changed."))

    def delete(self):
        raise ActionError(_("Processing log entries cannot be deleted."))

    # bulk_update goes through update(); refuse it by name too so the message is clear.
    def bulk_update(self, objs, fields, batch_size=None):
        raise ActionError(_("Processing log entries cannot be changed."))


class ProcessingLogEntry(models.Model):
    """One processing of personal data: who did what to whose data, when and from where.

    Append-only: the application refuses to change or delete a row (save of an existing
    row, delete, queryset update/delete), and a database trigger refuses UPDATE and
    DELETE for anything that goes around the ORM.

    Holds no name and no e-mail address, because it can never be rewritten by an
    erasure: the person is their account (`subject`) or, without one, a keyed hash of
    their address (`subject_key`, kundcenter.privacy.log.address_key); staff are their
    account (`actor`); a system calling the API is the client's name. Names and
    addresses are read from the accounts when the log is shown.
    """

    class Action(models.TextChoices):
        READ = "read", _("read")
        CHANGE = "change", _("change")
        EXPORT = "export", _("export")
        ERASE = "erase", _("erase")
        SEARCH = "search", _("search")
        API = "api", _("API access")

    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        # The log outlives accounts and must never be rewritten: no cascade, no SET NULL
        # (that would be an UPDATE, which the trigger refuses), no database constraint.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    # The API client for calls made by a system (a system's name, never a person's).
    client_name = models.CharField(_("API client"), max_length=100, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        # The log outlives accounts and must never be rewritten: no cascade, no SET NULL
        # (that would be an UPDATE, which the trigger refuses), no database constraint.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    # For a person without an account: HMAC-SHA256 of their normalised e-mail address.
    subject_key = models.CharField(
        _("person's address key"), max_length=64, blank=True, db_index=True
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_description = models.CharField(_("what"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("processing log entry")
        verbose_name_plural = _("processing log entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["subject", "-at"]),
            models.Index(fields=["actor", "-at"]),
        ]

    def __str__(self):
        who = f"user {self.actor_id}" if self.actor_id else self.client_name
        whom = f"user {self.subject_id}" if self.subject_id else self.subject_key[:12]
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {whom}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ActionError(_("Processing log entries cannot be changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ActionError(_("Processing log entries cannot be deleted."))


# --- Incidents ---------------------------------------------------------------------------

IMY_DEADLINE = timedelta(hours=72)


class IncidentQuerySet(models.QuerySet):
    def unreported(self):
        return self.filter(reported_to_imy_at__isnull=True)

    def overdue(self, now):
        """Incidents not reported to IMY whose 72-hour deadline has passed."""
        return self.unreported().filter(detected_at__lte=now - IMY_DEADLINE)


class Incident(models.Model):
    """A personal-data incident, with the 72-hour deadline for reporting it to IMY."""

    detected_at = models.DateTimeField(_("detected at"), db_index=True)
    description = models.TextField(_("description"))
    data_categories = models.TextField(_("categories of data affected"), blank=True)
    people_affected = models.PositiveIntegerField(
        _("approximate number of people affected"), null=True, blank=True
    )
    records_affected = models.PositiveIntegerField(
        _("approximate number of records affected"), null=True, blank=True
    )
    measures = models.TextField(_("measures taken"), blank=True)
    reported_to_imy_at = models.DateTimeField(_("reported to IMY at"), null=True, blank=True)
    notified_people_at = models.DateTimeField(
        _("affected people notified at"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-detected_at", "-id"]

    def __str__(self):
        return f"{self.detected_at:%Y-%m-%d %H:%M} {self.description[:60]}"

    @property
    def imy_deadline(self):
        return self.detected_at + IMY_DEADLINE


# --- Data-subject rights -----------------------------------------------------------------


class LegalHold(models.Model):
    """A hold on a person's or a customer's data (a dispute, an authority's order).

    While active it blocks erasure of the person, or of every member of the customer;
    the reason is shown to whoever tries.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="legal_holds",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="legal_holds",
    )
    reason = models.CharField(_("reason"), max_length=300)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("set"), default=timezone.now)
    active = models.BooleanField(_("active"), default=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    release_reason = models.CharField(_("reason for release"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(organization__isnull=False),
                name="legal_hold_has_target",
            )
        ]

    def __str__(self):
        return f"{self.user_id or ''}/{self.organization_id or ''}: {self.reason[:40]}"


class DataSubjectRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=DataSubjectRequest.Status.OPEN)

    def overdue(self, now):
        """Open requests past their statutory deadline."""
        return self.open().filter(due_at__lt=now)


class DataSubjectRequest(models.Model):
    """A person's request to see, correct or erase their data, with its one-month deadline.

    `due_at` is stored (a deadline is a column) so the staff list sorts on it.
    """

    class Kind(models.TextChoices):
        EXPORT = "export", _("Access (export)")
        CORRECTION = "correction", _("Correction")
        ERASURE = "erasure", _("Erasure")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_subject_requests",
    )
    # The address the request came from; for people without an account the only key.
    email = models.EmailField(_("e-mail address"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_at = models.DateTimeField(_("due"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = DataSubjectRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["due_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_at:%Y-%m-%d}"

    def is_overdue(self, now=None) -> bool:
        return self.status == self.Status.OPEN and self.due_at < (now or timezone.now())


# --- Privacy policy ----------------------------------------------------------------------


class PrivacyPolicyQuerySet(models.QuerySet):
    def in_force(self, language: str, now=None):
        """The versions readers of `language` may see, the one in force first."""
        now = now or timezone.now()
        return self.filter(language=language, published_at__lte=now).order_by(
            "-published_at", "-pk"
        )


class PrivacyPolicy(models.Model):
    """One version of the vendor's privacy policy in one language, written by staff in
    the admin. The newest version published is in force; earlier ones stay readable, so
    a person can see what they were told when."""

    title = models.CharField(_("title"), max_length=200, default=_("Privacy policy"))
    body = models.TextField(_("text (Markdown)"))
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    published_at = models.DateTimeField(
        _("in force from"),
        default=timezone.now,
        help_text=_("A new version replaces the one before from this time on."),
    )

    objects = PrivacyPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("privacy policy version")
        verbose_name_plural = _("privacy policy versions")

    def __str__(self):
        return f"{self.title} ({self.get_language_display()}, {self.published_at:%Y-%m-%d})"
