"""Entitlements on the customer page and the ticket pages: SuperUsers and their quota,
trainings, payment standing, support access grants and the customer's audit trail.

Views are thin: they parse a form, call an action from `kundcenter.accounts.entitlements`
and redirect; a refusal is shown on the form, keeping what was typed. A customer that is
not the viewer's, or an action the viewer may not take, is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kundcenter.accounts import entitlements
from kundcenter.accounts.forms_entitlements import (
    AppointSuperUserForm,
    GrantAccessForm,
    PaymentStandingForm,
    TrainingForm,
)
from kundcenter.accounts.models import (
    Membership,
    Module,
    Organization,
    SupportAccessGrant,
    TrainingRecord,
)
from kundcenter.accounts.rules import (
    is_customer_superuser,
    is_staff_role,
    may_keep_customer_records,
    may_manage_members,
    may_open_customer,
    may_revoke_grant,
    superuser_quota,
    support_refusal,
)
from kundcenter.lib.errors import ActionError

# The customer page shows the latest events; the rest are one click away, paginated.
EVENTS_ON_PAGE = 50
EVENTS_PER_PAGE = 50


# --- who sees what -------------------------------------------------------------------------


def may_see_entitlements(user, organization) -> bool:
    """The customer's SuperUsers and the staff who may open its page see its entitlements
    and audit trail."""
    if is_staff_role(user):
        return may_open_customer(user, organization)
    return is_customer_superuser(user, organization)


def _customer(user, pk, allowed) -> Organization:
    """Customer `pk` if `user` may see it and `allowed(user, organization)`; else 404."""
    organization = get_object_or_404(Organization.objects.select_related("industry"), pk=pk)
    if not may_open_customer(user, organization):
        raise Http404("No such customer")
    if not allowed(user, organization):
        raise Http404("Not for this user")
    return organization


def _may_grant(user, organization) -> bool:
    return is_customer_superuser(user, organization)


def _may_revoke(user, organization) -> bool:
    return may_revoke_grant(user, organization)


def _staff(user, _organization) -> bool:
    return may_keep_customer_records(user)


def _customer_page(organization) -> str:
    return reverse("accounts:organization_detail", args=[organization.pk])


def _back(request, organization):
    """Back where the form was posted from (the customer or a ticket page), if local."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(_customer_page(organization))


def _form_page(request, organization, form, *, title, intro="", submit, action, status=200):
    """A form on its own page: shown when an inline form comes back with an error."""
    return render(
        request,
        "accounts/entitlements/form_page.html",
        {
            "organization": organization,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "action": action,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "nav": "organization",
        },
        status=status,
    )


# --- context for the customer page and the ticket pages ------------------------------------


def organization_entitlements(user, organization) -> dict:
    """Context for "accounts/entitlements/organization_panel.html" on the customer page.

    Only the customer's SuperUsers and staff get it; anyone else gets an empty panel.
    """
    if not may_see_entitlements(user, organization):
        return {"entitlements": None}
    staff = may_keep_customer_records(user)
    superuser = is_customer_superuser(user, organization)
    manager = may_manage_members(user, organization)
    licences = list(
        organization.licences.annotate(module_count=Count("modules")).prefetch_related(
            Prefetch("modules", queryset=Module.objects.order_by("name"))
        )
    )
    superusers = list(
        organization.memberships.filter(role=Membership.Role.SUPERUSER)
        .select_related("user", "licence")
        .order_by("user__full_name")
    )
    trained = {}
    for record in TrainingRecord.objects.filter(
        user__in=[m.user_id for m in superusers]
    ).select_related("module"):
        trained.setdefault(record.user_id, {})[record.module_id] = record.module.name
    licensed = {m.pk: m.name for lic in licences for m in lic.modules.all()}
    people = [
        {
            "membership": m,
            "trained": sorted(trained.get(m.user_id, {}).values()),
            "untrained": sorted(
                name for pk, name in licensed.items() if pk not in trained.get(m.user_id, {})
            ),
        }
        for m in superusers
    ]
    seats = []
    for licence in licences:
        taken = sum(1 for m in superusers if m.licence_id == licence.pk)
        seats.append(
            {
                "licence": licence,
                "taken": taken,
                "quota": superuser_quota(licence.module_count),
                "explanation": entitlements.quota_explanation(licence, licence.module_count),
            }
        )
    appoint_form = AppointSuperUserForm(organization=organization) if manager else None
    if appoint_form is not None and not appoint_form.has_candidates:
        appoint_form = None  # every member is a SuperUser already
    events = list(entitlements.customer_events(organization)[: EVENTS_ON_PAGE + 1])
    here = _customer_page(organization)
    return {
        "entitlements": {
            "organization": organization,
            "seats": seats,
            "superusers": people,
            "may_manage": manager,
            "is_staff": staff,
            "is_superuser": superuser,
            "appoint_form": appoint_form,
            "nobody_to_appoint": manager and appoint_form is None,
            "training_form": TrainingForm(organization=organization) if staff else None,
            "payment_form": (
                PaymentStandingForm(initial={"standing": organization.payment_standing})
                if staff
                else None
            ),
            "grants": entitlements.active_grants_list(organization),
            "grant_form": (
                GrantAccessForm(organization=organization)
                if superuser and support_refusal(user, organization) is None
                else None
            ),
            "may_revoke": _may_revoke(user, organization),
            "events": events[:EVENTS_ON_PAGE],
            "more_events": len(events) > EVENTS_ON_PAGE,
            "billing_email": settings.VENDOR_BILLING_EMAIL,
            "next": here,
        }
    }


def ticket_grants_context(user, ticket) -> dict:
    """Context for "accounts/entitlements/ticket_grants.html" on a ticket page.

    Staff and the customer's SuperUsers see the customer's access grants in force; a
    SuperUser may grant access from the ticket (linked to it) and revoke.
    """
    organization = ticket.organization
    if not may_see_entitlements(user, organization):
        return {"ticket_grants": None}
    may_grant = (
        is_customer_superuser(user, organization)
        and ticket.is_open
        and support_refusal(user, organization) is None
    )
    return {
        "ticket_grants": {
            "organization": organization,
            "ticket": ticket,
            "grants": entitlements.active_grants_list(organization),
            "form": GrantAccessForm(organization=organization, ticket=ticket)
            if may_grant
            else None,
            "may_revoke": _may_revoke(user, organization),
            "next": reverse(
                "agent:ticket" if is_staff_role(user) else "portal:ticket", args=[ticket.number]
            ),
        }
    }


# --- SuperUsers ----------------------------------------------------------------------------


@login_required
def appoint_superuser(request, pk):
    """Appoint a plain member as SuperUser, within the licence's quota."""
    organization = _customer(request.user, pk, may_manage_members)
    form = AppointSuperUserForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            entitlements.appoint_superuser(
                organization, person, request.user, licence=form.cleaned_data.get("licence")
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("%(name)s is now a SuperUser.") % {"name": person.full_name}
            )
            return _back(request, organization)
    return _form_page(
        request,
        organization,
        form,
        title=_("Appoint a SuperUser"),
        intro=_("SuperUsers are the contact persons who may contact support."),
        submit=_("Appoint as SuperUser"),
        action=reverse("accounts:appoint_superuser", args=[organization.pk]),
    )


@login_required
@require_POST
def remove_superuser(request, pk, user_id):
    organization = _customer(request.user, pk, may_manage_members)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), organization=organization, user_id=user_id
    )
    try:
        entitlements.remove_superuser(organization, membership.user, request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer a SuperUser.") % {"name": membership.user.full_name},
        )
    return _back(request, organization)


# --- trainings -----------------------------------------------------------------------------


@login_required
def record_training(request, pk):
    """Staff record a completed official training for one of the customer's people."""
    organization = _customer(request.user, pk, _staff)
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    form = TrainingForm(request.POST or None, initial=initial, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entitlements.record_training(
                data["person"],
                data["module"],
                training=data["training"],
                completed_on=data["completed_on"],
                recorded_by=request.user,
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The training in %(module)s is recorded for %(name)s.")
                % {"module": data["module"].name, "name": data["person"].full_name},
            )
            return _back(request, organization)
    return _form_page(
        request,
        organization,
        form,
        title=_("Record a training"),
        intro=_("A SuperUser gets support on a module after completing its official training."),
        submit=_("Record the training"),
        action=reverse("accounts:record_training", args=[organization.pk]),
    )


# --- payment standing ----------------------------------------------------------------------


@login_required
def payment_standing(request, pk):
    """Staff set the customer overdue (support pauses) or back in good standing."""
    organization = _customer(request.user, pk, _staff)
    form = PaymentStandingForm(
        request.POST or None,
        initial={"standing": organization.payment_standing, "note": organization.payment_note},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization = entitlements.set_payment_standing(
                organization,
                data["standing"],
                note=data["note"],
                actor=request.user,
                as_of=data["as_of"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(org)s: %(standing)s.")
                % {
                    "org": organization.name,
                    "standing": organization.get_payment_standing_display(),
                },
            )
            return _back(request, organization)
    return _form_page(
        request,
        organization,
        form,
        title=_("Payment standing"),
        intro=_("While a customer is overdue its SuperUsers cannot register tickets or reply."),
        submit=_("Save the payment standing"),
        action=reverse("accounts:payment_standing", args=[organization.pk]),
    )


# --- handed over to support ----------------------------------------------------------------


@login_required
@require_POST
def handed_over(request, pk):
    """Staff mark the customer handed over to support (its people get the phone number)."""
    organization = _customer(request.user, pk, _staff)
    value = request.POST.get("handed_over") == "1"
    try:
        entitlements.set_handed_over_to_support(organization, value, actor=request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(org)s is handed over to support: its people see the support phone number.")
            % {"org": organization.name}
            if value
            else _("%(org)s is no longer marked as handed over to support.")
            % {"org": organization.name},
        )
    return _back(request, organization)


# --- support access grants -----------------------------------------------------------------


def _ticket_of(organization, number):
    """The customer's ticket `number` for a grant form on a ticket page (404 otherwise)."""
    from kundcenter.tickets.models import Ticket

    return get_object_or_404(Ticket, organization=organization, number=number)


@login_required
def grant_access(request, pk):
    """A SuperUser gives Service & Kvalitet or consultants time-boxed access."""
    organization = _customer(request.user, pk, _may_grant)
    number = request.POST.get("from_ticket") or request.GET.get("ticket", "")
    ticket = _ticket_of(organization, number) if number else None
    form = GrantAccessForm(request.POST or None, organization=organization, ticket=ticket)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = entitlements.grant_access(
                organization,
                request.user,
                data["audience"],
                hours=data.get("hours"),
                ticket=data.get("ticket"),
                note=data["note"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(audience)s may log in to your setup until %(until)s.")
                % {
                    "audience": grant.get_audience_display(),
                    "until": f"{timezone.localtime(grant.expires_at):%Y-%m-%d %H:%M}",
                },
            )
            return _back(request, organization)
    return render(
        request,
        "accounts/entitlements/grant_page.html",
        {
            "organization": organization,
            "form": form,
            "ticket": ticket,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "nav": "organization",
        },
    )


@login_required
@require_POST
def revoke_access(request, pk, grant_id):
    """End a grant at once; any SuperUser of the customer may."""
    organization = _customer(request.user, pk, _may_revoke)
    grant = get_object_or_404(SupportAccessGrant, pk=grant_id, organization=organization)
    try:
        entitlements.revoke_access(grant, request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Access for %(audience)s has ended.") % {"audience": grant.get_audience_display()},
        )
    return _back(request, organization)


# --- the audit trail -----------------------------------------------------------------------


@login_required
def customer_events(request, pk):
    """The customer's whole audit trail, newest first."""
    organization = _customer(request.user, pk, may_see_entitlements)
    page = Paginator(entitlements.customer_events(organization), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/entitlements/events.html",
        {"organization": organization, "page": page, "nav": "organization"},
    )
