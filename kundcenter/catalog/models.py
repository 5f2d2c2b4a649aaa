"""Services to order, version files to download, and feedback on the customer center."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import Module


class Service(models.Model):
    """An orderable service from the brochure's catalog; ordering one makes an Order ticket."""

    class Group(models.TextChoices):
        MICRO = "micro", _("Micro services")
        CONSULTING = "consulting", _("Consulting")
        TECHNICAL = "technical", _("Technical consulting")
        ADVISORY = "advisory", _("Advisory subscriptions")
        PAYROLL = "payroll", _("Payroll outsourcing")

    group = models.CharField(_("group"), max_length=12, choices=Group.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    description = models.TextField(_("description"))
    price_model = models.CharField(
        _("price model"), max_length=300, help_text=_("E.g. fixed price, per hour, per month.")
    )
    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("module"),
    )
    active = models.BooleanField(_("orderable"), default=True)

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name


class Product(models.Model):
    """A client-server product of the vendor with downloadable version files.

    Customers whose licence includes one of `modules` may download its files.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    modules = models.ManyToManyField(
        Module,
        related_name="products",
        verbose_name=_("licensed through"),
        help_text=_("A customer licensing any of these modules may download the product."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self):
        return self.name


def release_path(instance, filename):
    # Under a product folder; never served by the web server, only through the view.
    return f"downloads/{instance.product.slug}/{instance.version}/{filename}"


class ProductRelease(models.Model):
    """One version file of a product; size and SHA-256 are computed when it is saved."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="releases", verbose_name=_("product")
    )
    version = models.CharField(_("version"), max_length=40)
    released_on = models.DateField(_("release date"), default=timezone.localdate)
    file = models.FileField(_("file"), upload_to=release_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["product__name", "-released_on", "-pk"]
        verbose_name = _("version file")
        verbose_name_plural = _("version files")
        constraints = [
            models.UniqueConstraint(fields=["product", "version"], name="product_release_unique")
        ]

    def __str__(self):
        return f"{self.product} {self.version}"


class DownloadLog(models.Model):
    """One download of a version file, by whom and when."""

    release = models.ForeignKey(ProductRelease, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    downloaded_at = models.DateTimeField(_("downloaded"), default=timezone.now)

    class Meta:
        ordering = ["-downloaded_at"]
        verbose_name = _("download")
        verbose_name_plural = _("downloads")

    def __str__(self):
        return f"{self.release} → {self.user}"


class Feedback(models.Model):
    """Feedback on the customer center itself, from anyone logged in."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        READ = "read", _("Read")
        DONE = "done", _("Done")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("from"),
    )
    message = models.TextField(_("feedback"))
    page = models.CharField(_("page"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return self.message[:60]
