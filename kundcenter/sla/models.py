"""Opening hours and service-level terms, as data that admins edit.

`kundcenter.sla.policy` turns these rows into the pure `BusinessCalendar` and the
per-level terms that `kundcenter.sla.calendar` and `targets` compute with.
"""

import calendar as stdlib_calendar
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.tickets.workflows import Category


# Time defaults are callables: Django's check warns (fields.W161) about a fixed time
# default whenever `check --deploy` happens to run within seconds of that time of day.
def opens_at_eight():
    return time(8)


def closes_at_four():
    return time(16)


def lunch_at_twelve():
    return time(12)


def one_oclock():
    return time(13)


class CalendarSettings(models.Model):
    """The vendor's ordinary opening hours (one row; the admin edits it)."""

    opens = models.TimeField(_("opens"), default=opens_at_eight)
    closes = models.TimeField(_("closes"), default=closes_at_four)
    lunch_starts = models.TimeField(
        _("lunch starts"), null=True, blank=True, default=lunch_at_twelve
    )
    lunch_ends = models.TimeField(_("lunch ends"), null=True, blank=True, default=one_oclock)
    open_weekdays = models.CharField(
        _("open weekdays"),
        max_length=7,
        default="12345",
        help_text=_("Digits 1–7 for Monday–Sunday, e.g. 12345 for weekdays."),
    )
    half_days = models.BooleanField(
        _("close early before holidays"),
        default=True,
        help_text=_("Close early on a business day whose next day is a holiday or closed day."),
    )
    half_day_closes = models.TimeField(_("closes early at"), default=one_oclock)
    closed_midsummer_eve = models.BooleanField(_("closed on Midsummer Eve"), default=True)
    closed_christmas_eve = models.BooleanField(_("closed on Christmas Eve"), default=True)
    closed_new_years_eve = models.BooleanField(_("closed on New Year's Eve"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self):
        return str(_("Opening hours"))

    def clean(self):
        if not self.opens < self.closes:
            raise ValidationError(_("The office must close after it opens."))
        if bool(self.lunch_starts) != bool(self.lunch_ends):
            raise ValidationError(_("Give both the start and the end of lunch, or neither."))
        if self.lunch_starts and not (
            self.opens < self.lunch_starts < self.lunch_ends < self.closes
        ):
            raise ValidationError(_("Lunch must lie inside the opening hours."))
        if not self.open_weekdays or set(self.open_weekdays) - set("1234567"):
            raise ValidationError(_("Open weekdays are digits 1–7, e.g. 12345."))
        if not self.opens < self.half_day_closes <= self.closes:
            raise ValidationError(_("An early closing must lie inside the opening hours."))

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first() or cls()


class ClosedDay(models.Model):
    """A date on which support is closed all day, added by hand (e.g. a staff day)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("reason"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")

    def __str__(self):
        return f"{self.date} {self.name}"

    def clean(self):
        if self.date and SpecialHours.objects.filter(date=self.date).exists():
            raise ValidationError(_("That date has special opening hours; remove them first."))


class SpecialHours(models.Model):
    """Opening hours for one date that replace the ordinary schedule."""

    date = models.DateField(_("date"), unique=True)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    name = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("special opening hours")
        verbose_name_plural = _("special opening hours")

    def __str__(self):
        return f"{self.date} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens and self.closes and not self.opens < self.closes:
            raise ValidationError(_("The office must close after it opens."))
        if self.date and ClosedDay.objects.filter(date=self.date).exists():
            raise ValidationError(_("That date is already a closed day."))


def first_of_next_month(day: date) -> date:
    """Terms published on `day` take effect on the first day of the following month."""
    last = stdlib_calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=last) + timedelta(days=1)


class SlaTermsVersion(models.Model):
    """One published version of the service-level terms.

    A version published on day D takes effect on the first day of the month after D.
    A ticket keeps the version in force when it was registered.
    """

    name = models.CharField(_("name"), max_length=80)
    published_on = models.DateField(_("published"), default=timezone.localdate)
    effective_from = models.DateField(_("takes effect"), editable=False)
    summary = models.TextField(_("what changes"), blank=True)

    class Meta:
        ordering = ["-effective_from", "-published_on", "-pk"]
        verbose_name = _("service-level terms")
        verbose_name_plural = _("service-level terms")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.effective_from = first_of_next_month(self.published_on)
        super().save(*args, **kwargs)

    def clean(self):
        # Published today takes effect next month: a past date would put terms in force
        # at once, or rewrite what customers were told. A version already published may
        # keep its date when other fields are edited.
        if self.published_on is None:
            return
        unchanged = (
            not self._state.adding
            and SlaTermsVersion.objects.filter(pk=self.pk, published_on=self.published_on).exists()
        )
        if not unchanged and self.published_on < timezone.localdate():
            raise ValidationError(
                {
                    "published_on": _(
                        "The publication date cannot lie in the past: terms take effect on "
                        "the first day of the month after they are published."
                    )
                }
            )


class ResolutionKind(models.TextChoices):
    SAME_DAY = "same_day", _("Same day")
    SAME_WEEK = "same_week", _("Same week")
    WITHIN_DAYS = "within_days", _("Within a number of days")
    MONTH_WINDOW = "month_window", _("A window of months")


class SlaLevelTerm(models.Model):
    """A service level's terms in one version: response time and resolution target."""

    version = models.ForeignKey(
        SlaTermsVersion, on_delete=models.CASCADE, related_name="levels", verbose_name=_("terms")
    )
    level = models.PositiveSmallIntegerField(
        _("service level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    response_hours = models.DecimalField(
        _("handling starts within (business hours)"), max_digits=6, decimal_places=2
    )
    resolution = models.CharField(_("resolution target"), max_length=14, choices=ResolutionKind)
    resolution_days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    window_from_months = models.PositiveSmallIntegerField(
        _("window from (months)"), null=True, blank=True
    )
    window_to_months = models.PositiveSmallIntegerField(
        _("window to (months)"), null=True, blank=True
    )

    class Meta:
        ordering = ["level"]
        verbose_name = _("service level term")
        verbose_name_plural = _("service level terms")
        constraints = [
            models.UniqueConstraint(fields=["version", "level"], name="one_term_per_level")
        ]

    def __str__(self):
        return f"{self.version} / {self.level}"

    def clean(self):
        if self.resolution == ResolutionKind.WITHIN_DAYS and not self.resolution_days:
            raise ValidationError(_("Give the number of days."))
        if self.resolution == ResolutionKind.MONTH_WINDOW and not (
            self.window_from_months
            and self.window_to_months
            and self.window_from_months <= self.window_to_months
        ):
            raise ValidationError(_("Give a window of months, e.g. from 1 to 6."))


class CategoryResponseTerm(models.Model):
    """Response targets for the other categories (support questions, requests, orders)."""

    version = models.ForeignKey(
        SlaTermsVersion,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("terms"),
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    response_hours = models.DecimalField(
        _("handling starts within (business hours)"), max_digits=6, decimal_places=2
    )

    class Meta:
        ordering = ["category"]
        verbose_name = _("category response target")
        verbose_name_plural = _("category response targets")
        constraints = [
            models.UniqueConstraint(fields=["version", "category"], name="one_term_per_category")
        ]

    def __str__(self):
        return f"{self.version} / {self.get_category_display()}"
