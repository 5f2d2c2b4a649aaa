"""Service catalog, downloads and feedback: thin views over catalog actions."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kundcenter.accounts.rules import is_staff_role, member_organizations, superuser_organizations
from kundcenter.catalog import actions
from kundcenter.catalog.forms import FeedbackForm, FeedbackStatusForm, OrderForm
from kundcenter.catalog.models import Feedback, ProductRelease, Service
from kundcenter.lib.errors import ActionError
from kundcenter.lib.page_cache import cached_page
from kundcenter.lib.params import id_or_404


@cached_page
@login_required
def services(request):
    """The catalog, by the brochure's groups."""
    items = Service.objects.filter(active=True).select_related("module")
    groups = [
        (Service.Group(key).label, list(rows)) for key, rows in groupby(items, lambda s: s.group)
    ]
    return render(request, "catalog/services.html", {"nav": "services", "groups": groups})


def _order_refusal(user, organizations):
    if organizations:
        return None
    members = member_organizations(user)
    return actions.order_refusal(user, members[0] if members else None)


@login_required
def service(request, slug):
    """One service, with the order form for SuperUsers and the reason for everyone else."""
    item = get_object_or_404(Service.objects.select_related("module"), slug=slug, active=True)
    staff = is_staff_role(request.user)
    organizations = [] if staff else superuser_organizations(request.user)
    refusal = None if staff else _order_refusal(request.user, organizations)
    form = OrderForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and not staff and form.is_valid():
        organization = form.organizations.get(form.cleaned_data["organization"])
        try:
            ticket = actions.order_service(
                item, request.user, organization, details=form.cleaned_data["details"]
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Thank you! Your order is registered as ticket %(number)s.")
                % {"number": ticket.number},
            )
            return redirect("portal:ticket", ticket.number)
    return render(
        request,
        "catalog/service.html",
        {
            "nav": "services",
            "service": item,
            "form": form,
            "refusal": refusal,
            "is_staff": staff,
        },
    )


@login_required
def downloads(request):
    """The products the viewer may download, each with its version files."""
    products = actions.downloadable_products(request.user).prefetch_related(
        Prefetch("releases", queryset=ProductRelease.objects.order_by("-released_on", "-pk"))
    )
    return render(request, "catalog/downloads.html", {"nav": "services", "products": products})


@login_required
def download(request, slug, release_id):
    """Stream one version file if the viewer is licensed for its product (404 otherwise)."""
    product = get_object_or_404(actions.downloadable_products(request.user), slug=slug)
    release = get_object_or_404(ProductRelease, pk=release_id, product=product)
    try:
        handle = release.file.storage.open(release.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("File missing") from exc
    actions.record_download(release, request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=release.filename or release.file.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def feedback(request):
    form = FeedbackForm(request.POST or None, initial={"page": request.GET.get("from", "")})
    if request.method == "POST" and form.is_valid():
        try:
            actions.send_feedback(request.user, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you for your feedback!"))
            return redirect("home")
    return render(request, "catalog/feedback.html", {"nav": "feedback", "form": form})


@login_required
def feedback_list(request):
    """The staff list of feedback, with its status (new, read, done)."""
    if not is_staff_role(request.user):
        raise Http404
    if request.method == "POST":
        item = get_object_or_404(Feedback, pk=id_or_404(request.POST.get("feedback")))
        form = FeedbackStatusForm(request.POST)
        if form.is_valid():
            try:
                actions.set_feedback_status(item, request.user, form.cleaned_data["status"])
            except ActionError as exc:
                messages.error(request, exc.message)
        return redirect("catalog:feedback_list")
    items = Feedback.objects.select_related("user")
    status = request.GET.get("status")
    if status in Feedback.Status.values:
        items = items.filter(status=status)
    return render(
        request,
        "catalog/feedback_list.html",
        {
            "nav": "feedback",
            "items": items[:200],
            "statuses": Feedback.Status.choices,
            "status": status,
        },
    )
