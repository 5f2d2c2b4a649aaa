"""Domain actions of the catalog: ordering services, downloads and feedback."""

import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from kundcenter.accounts.models import Licence
from kundcenter.accounts.rules import is_staff_role, member_organizations, support_refusal
from kundcenter.catalog.models import DownloadLog, Feedback, Product, ProductRelease, Service
from kundcenter.lib.errors import ActionError
from kundcenter.tickets import actions as ticket_actions
from kundcenter.tickets.models import Channel
from kundcenter.tickets.workflows import Category, Lane


def order_refusal(user, organization) -> str | None:
    """Why `user` may not order services for `organization` (None: they may)."""
    if organization is None:
        return _(
            "Only a customer's SuperUsers can order services. Your account is not linked "
            "to a customer yet."
        )
    return support_refusal(user, organization)


def order_service(service: Service, user, organization, *, details: str):
    """A SuperUser orders a service: an Order ticket with the request's details.

    The ticket starts as Nytt in the consultants' lane (they do the work and acknowledge
    it, Mottaget), with the customer's team kept as the ticket's team.
    The ticket keeps the service's module, which is not checked for licence or training:
    ordering is not asking for support.
    """
    if not service.active:
        raise ActionError(_("This service cannot be ordered any more."))
    refusal = order_refusal(user, organization)
    if refusal:
        raise ActionError(refusal)
    details = (details or "").strip()
    if not details:
        raise ActionError(_("Describe what you would like us to do."))
    description = "\n".join(
        [
            _("Service: %(name)s (%(group)s)")
            % {
                "name": service.name,
                "group": service.get_group_display(),
            },
            _("Price model: %(price)s") % {"price": service.price_model},
            "",
            details,
        ]
    )
    return ticket_actions.register_ticket(
        reporter=user,
        organization=organization,
        category=Category.ORDER,
        title=_("Order: %(service)s") % {"service": service.name},
        description=description,
        # The service's module, without the training rule: a service order is not a
        # support request on the module.
        module=service.module,
        support_on_module=False,
        lane=Lane.CONSULTANT,
        channel=Channel.CATALOG,
    )


def downloadable_products(user):
    """Products `user` may download: staff all; customers those their licences cover."""
    products = Product.objects.all()
    if is_staff_role(user):
        return products
    org_ids = [org.pk for org in member_organizations(user)]
    if not org_ids:
        return products.none()
    module_ids = Licence.objects.filter(organization_id__in=org_ids).values("modules")
    return products.filter(modules__in=module_ids).distinct()


def record_download(release: ProductRelease, user) -> DownloadLog:
    """Every download is recorded: who fetched which version file, when."""
    return DownloadLog.objects.create(release=release, user=user)


def add_release(product: Product, *, version: str, uploaded, released_on=None, notes=""):
    """Store a version file, computing its size and SHA-256 as it is read."""
    release = ProductRelease(product=product, version=version.strip(), notes=notes)
    if released_on:
        release.released_on = released_on
    fill_checksum(release, uploaded)
    with transaction.atomic():
        release.file.save(uploaded.name, uploaded, save=False)
        release.save()
    return release


def fill_checksum(release: ProductRelease, uploaded) -> None:
    """Size, SHA-256 and file name of an uploaded version file (read in chunks)."""
    digest, size = hashlib.sha256(), 0
    for chunk in uploaded.chunks():
        digest.update(chunk)
        size += len(chunk)
    uploaded.seek(0)
    release.sha256, release.size = digest.hexdigest(), size
    release.filename = uploaded.name.rsplit("/", 1)[-1][:200]


def send_feedback(user, *, message: str, page: str = "") -> Feedback:
    """Anyone logged in tells us what they think of the customer center."""
    message = (message or "").strip()
    if not message:
        raise ActionError(_("Write your feedback first."))
    return Feedback.objects.create(user=user, message=message, page=(page or "")[:300])


def set_feedback_status(item: Feedback, staff, status: str) -> Feedback:
    """Staff mark feedback read or done."""
    if not is_staff_role(staff):
        raise ActionError(_("Only staff can change feedback."))
    if status not in Feedback.Status.values:
        raise ActionError(_("Choose a status."))
    item.status = status
    item.save(update_fields=["status"])
    return item
