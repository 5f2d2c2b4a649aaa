"""Akademi: what customers read, watch and attend to learn the vendor's modules.

Content is written by staff (in the admin); trainings have sessions with seats, a
waiting list, and completions that feed the entitlement rules (TrainingRecord).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import Module


class ReleaseNote(models.Model):
    """The notes of one release of a module; the newest shows a notice until opened."""

    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="release_notes", verbose_name=_("module")
    )
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    published_on = models.DateField(_("published"), default=timezone.localdate)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("release note")
        verbose_name_plural = _("release notes")
        constraints = [
            models.UniqueConstraint(fields=["module", "version"], name="release_note_unique")
        ]
        indexes = [models.Index(fields=["-published_on", "-id"])]

    def __str__(self):
        return f"{self.module} {self.version}"


class ReleaseNoteRead(models.Model):
    """A person opened a release note; its notice no longer shows for them."""

    note = models.ForeignKey(ReleaseNote, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="release_notes_read"
    )
    read_at = models.DateTimeField(_("read on"), default=timezone.now)

    class Meta:
        verbose_name = _("release note read")
        verbose_name_plural = _("release notes read")
        constraints = [
            models.UniqueConstraint(fields=["note", "user"], name="release_note_read_unique")
        ]

    def __str__(self):
        return f"{self.user} read {self.note}"


class DocumentationPage(models.Model):
    """A handbook page or routine description for a module, in Markdown (images by URL)."""

    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="documentation", verbose_name=_("module")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    body = models.TextField(_("text (Markdown)"))
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["module__name", "title"]
        verbose_name = _("documentation page")
        verbose_name_plural = _("documentation pages")

    def __str__(self):
        return self.title


class Video(models.Model):
    """An instruction video: a link or an uploaded file, with its transcript."""

    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="videos", verbose_name=_("module")
    )
    title = models.CharField(_("title"), max_length=200)
    length = models.DurationField(_("length"))
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="academy/videos/", blank=True, max_length=200)
    transcript = models.TextField(_("transcript"), blank=True)
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["module__name", "title"]
        verbose_name = _("instruction video")
        verbose_name_plural = _("instruction videos")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(file=""), name="video_has_source"
            )
        ]

    def __str__(self):
        return self.title


class Course(models.Model):
    """A training on a module; completing an official one makes a SuperUser eligible."""

    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="courses", verbose_name=_("module")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    official = models.BooleanField(
        _("official training"),
        default=True,
        help_text=_("Completing it makes a SuperUser eligible for support on the module."),
    )

    class Meta:
        ordering = ["module__name", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return self.title


class Session(models.Model):
    """One occasion of a course, on the web or in a classroom, with a number of seats."""

    class Kind(models.TextChoices):
        WEB = "web", _("Web training")
        CLASSROOM = "classroom", _("Classroom training")

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WEB)
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after"
            )
        ]

    def __str__(self):
        return f"{self.course} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class Enrolment(models.Model):
    """A person's place on a session: enrolled, on the waiting list, cancelled or done.

    The waiting list is ordered by `created_at`; when an enrolled person cancels, the
    first one waiting moves up (actions.cancel).
    """

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            # One live place per person and session; cancelled rows stay as history.
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~models.Q(status="cancelled"),
                name="enrolment_one_live",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self):
        return f"{self.user} @ {self.session} ({self.get_status_display()})"


class MaterialRequest(models.Model):
    """A customer asks for new knowledge material; staff work the list."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="material_requests",
        verbose_name=_("asked by"),
    )
    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what would help you"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("material request")
        verbose_name_plural = _("material requests")

    def __str__(self):
        return self.subject


class NewsQuerySet(models.QuerySet):
    def published(self, language: str, today=None):
        """What readers of `language` see: published, dated today or earlier, newest first."""
        today = today or timezone.localdate()
        return self.filter(published=True, language=language, published_on__lte=today)


class NewsItem(models.Model):
    """News about the vendor, its customers and its employees (the brochure's "senaste
    nyheterna"), written by staff in the admin; shown on the customers' start page and in
    the academy. One item is written in one language and shown to readers of it."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    published_on = models.DateField(_("published"), default=timezone.localdate)
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Untick to keep it as a draft.")
    )

    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        indexes = [models.Index(fields=["language", "-published_on"])]

    def __str__(self):
        return self.title
