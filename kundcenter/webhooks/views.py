"""The endpoint pages, shared by customers' SuperUsers (their customer's endpoints, from
the customer page) and the support manager and admins (every endpoint, from the agent
menu). Every view goes through kundcenter.webhooks.endpoints.get_endpoint_for (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kundcenter.accounts.models import Organization
from kundcenter.accounts.rules import superuser_organizations
from kundcenter.lib.errors import ActionError
from kundcenter.privacy import log as privacy_log
from kundcenter.webhooks import endpoints
from kundcenter.webhooks.forms import EndpointForm
from kundcenter.webhooks.models import Attempt, Delivery

DELIVERIES_SHOWN = 50
ATTEMPTS_SHOWN = 5
_SECRET_KEY = "webhook_new_secret"


def _organizations(user):
    if endpoints.manages_all(user):
        return Organization.objects.order_by("name")
    return Organization.objects.filter(pk__in=[o.pk for o in superuser_organizations(user)])


def _allowed(user) -> bool:
    return endpoints.manages_all(user) or bool(
        not user.staff_role and superuser_organizations(user)
    )


@login_required
def endpoint_list(request, org=None):
    """Endpoints and the form for a new one: every one for staff (or one customer's),
    the customers' own for a SuperUser."""
    user = request.user
    if not _allowed(user):
        raise Http404("No webhooks here")
    organizations = _organizations(user)
    organization = None
    if org is not None:
        organization = get_object_or_404(organizations, pk=org)
    staff = endpoints.manages_all(user)
    if request.method == "POST":
        form = EndpointForm(request.POST, organizations=organizations, staff=staff)
        if form.is_valid():
            data = form.cleaned_data
            try:
                endpoint = endpoints.create_endpoint(
                    user,
                    organization=data.get("organization"),
                    url=data["url"],
                    description=data["description"],
                    events=data["events"],
                    active=data["active"],
                )
            except ActionError as exc:
                form.add_error(None, exc.message)
            else:
                request.session[_SECRET_KEY] = {"pk": endpoint.pk, "secret": endpoint.secret}
                messages.success(request, _("The endpoint is registered."))
                return redirect("webhooks:detail", pk=endpoint.pk)
    else:
        initial = {"organization": organization, "active": True}
        form = EndpointForm(initial=initial, organizations=organizations, staff=staff)
    rows = endpoints.endpoints_visible_to(user).order_by("organization__name", "created_at")
    if organization is not None:
        rows = rows.filter(organization=organization)
    rows = list(rows)
    if user.staff_role:
        privacy_log.record(
            request,
            action=privacy_log.Action.READ,
            subjects=sorted({e.owner_id for e in rows}),
            obj="webhook endpoints",
        )
    return render(
        request,
        "webhooks/endpoint_list.html",
        {
            "endpoints": rows,
            "form": form,
            "organization": organization,
            "is_staff_side": bool(user.staff_role),
            "nav": "webhooks" if user.staff_role else "organization",
        },
    )


@login_required
def endpoint_detail(request, pk):
    user = request.user
    endpoint = endpoints.get_endpoint_for(user, pk)
    staff = endpoints.manages_all(user)
    if request.method == "POST":
        form = EndpointForm(request.POST, staff=endpoint.for_staff, editing=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                endpoints.update_endpoint(
                    endpoint,
                    user,
                    url=data["url"],
                    description=data["description"],
                    events=data["events"],
                    active=data["active"],
                )
            except ActionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The endpoint is saved."))
                return redirect("webhooks:detail", pk=endpoint.pk)
    else:
        form = EndpointForm(
            initial={
                "url": endpoint.url,
                "description": endpoint.description,
                "events": endpoint.events,
                "active": endpoint.active,
            },
            staff=endpoint.for_staff,
            editing=True,
        )
    new_secret = None
    shown = request.session.get(_SECRET_KEY)
    if shown and shown.get("pk") == endpoint.pk:
        new_secret = shown["secret"]
        del request.session[_SECRET_KEY]
    deliveries = list(
        endpoint.deliveries.prefetch_related(
            Prefetch("attempt_log", queryset=Attempt.objects.order_by("-at", "-id"))
        )[:DELIVERIES_SHOWN]
    )
    if user.staff_role:
        people = {endpoint.owner_id, *(p for d in deliveries for p in d.people)}
        privacy_log.record(
            request,
            action=privacy_log.Action.READ,
            subjects=sorted(people),
            obj=f"webhook endpoint #{endpoint.pk}",
        )
    return render(
        request,
        "webhooks/endpoint_detail.html",
        {
            "endpoint": endpoint,
            "form": form,
            "deliveries": deliveries,
            "attempts_shown": ATTEMPTS_SHOWN,
            "new_secret": new_secret,
            "may_receive": endpoints.may_receive(endpoint),
            "is_staff_side": bool(user.staff_role),
            "staff": staff,
            "nav": "webhooks" if user.staff_role else "organization",
        },
    )


@login_required
@require_POST
def rotate_secret(request, pk):
    endpoint = endpoints.get_endpoint_for(request.user, pk)
    secret = endpoints.rotate_secret(endpoint, request.user)
    request.session[_SECRET_KEY] = {"pk": endpoint.pk, "secret": secret}
    messages.success(
        request, _("The endpoint has a new signing secret; the old one no longer verifies.")
    )
    return redirect("webhooks:detail", pk=endpoint.pk)


@login_required
@require_POST
def resume(request, pk):
    endpoint = endpoints.get_endpoint_for(request.user, pk)
    endpoints.resume(endpoint, request.user)
    messages.success(request, _("The endpoint is active again."))
    return redirect("webhooks:detail", pk=endpoint.pk)


@login_required
@require_POST
def send_test(request, pk):
    endpoint = endpoints.get_endpoint_for(request.user, pk)
    endpoints.send_test(endpoint, request.user)
    messages.success(request, _("A test event is on its way; its result is listed below."))
    return redirect("webhooks:detail", pk=endpoint.pk)


@login_required
@require_POST
def delete(request, pk):
    endpoint = endpoints.get_endpoint_for(request.user, pk)
    org = endpoint.organization_id
    endpoints.delete_endpoint(endpoint, request.user)
    messages.success(request, _("The endpoint is removed."))
    if org and not request.user.staff_role:
        return redirect("webhooks:organization", org=org)
    return redirect("webhooks:list")


@login_required
@require_POST
def redeliver(request, pk, delivery_id):
    endpoint = endpoints.get_endpoint_for(request.user, pk)
    delivery = get_object_or_404(Delivery, pk=delivery_id, endpoint=endpoint)
    endpoints.redeliver(delivery, request.user)
    messages.success(request, _("The delivery is sent again."))
    return redirect("webhooks:detail", pk=endpoint.pk)
