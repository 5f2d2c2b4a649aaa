"""Account pages: logging in, registering, the profile, joining a customer and the
organisation pages of customers (their own) and staff (all customers)."""

import re
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kundcenter.accounts import actions, registration
from kundcenter.accounts.forms import (
    ConfirmRegistrationForm,
    EmailAuthenticationForm,
    JoinForm,
    OrganizationSearchForm,
    PasswordResetForm,
    ProfileForm,
    RegistrationForm,
)
from kundcenter.accounts.models import JoinRequest, Membership, Module, Organization, User
from kundcenter.accounts.rules import (
    customers_visible_to_staff,
    is_customer_superuser,
    is_staff_role,
    may_manage_members,
    may_open_customer,
    member_organizations,
)
from kundcenter.accounts.views_entitlements import organization_entitlements
from kundcenter.lib.ratelimit import ratelimit
from kundcenter.privacy import log as privacy_log

ORGANIZATIONS_PER_PAGE = 25
# The session remembers where the confirmation mail went, for the page after registering.
REGISTRATION_SENT_TO = "registration_sent_to"
# …and which requests to join a customer were sent from it, to show them as pending.
JOIN_REQUESTS_SENT = "join_requests_sent"


def _use_language(response, language):
    """Make `language` the UI language from the next request on (the same cookie that
    Django's set_language view writes)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# --- logging in and out, forgotten passwords ---------------------------------------------


# Logins are also locked per address and IP address by django-axes (settings.AXES_*); this
# limit stops one IP address from trying many addresses.
@method_decorator(ratelimit("login", per_hour=60), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        return _use_language(response, form.get_user().language)


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default); base.html has the form."""


@method_decorator(ratelimit("password_change", per_hour=20), name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password while logged in: the current one, then the new one twice.
    The session stays logged in; the person's other sessions end (Django keys them to
    the password)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@method_decorator(ratelimit("password_reset", per_hour=10), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Answers the same whether or not the address has an account, and does the same work:
    the form queues one task with the address, which mails the link (or nothing) itself
    (templates accounts/email/password_reset_*.txt, see accounts.registration)."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- registration and profile --------------------------------------------------------------


@ratelimit("register", per_hour=20)
def register(request):
    """Anyone may register; the account opens when they follow the link mailed to them.

    The answer is the same for a new address and a taken one ("we've sent a message"),
    and so is the work: kundcenter.accounts.registration decides in a task what the
    address's owner is told.
    """
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            email = registration.request_registration(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=translation.get_language() or "",
            )
        except actions.ActionError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[REGISTRATION_SENT_TO] = email
            return redirect("accounts:register_sent")
    return render(request, "accounts/register.html", {"form": form})


def register_sent(request):
    """After registering: look for our message (whatever the address, the same page)."""
    email = request.session.get(REGISTRATION_SENT_TO)
    if not email:
        return redirect("accounts:register")
    return render(
        request,
        "accounts/register_sent.html",
        {"email": email, "days": settings.REGISTRATION_CONFIRMATION_DAYS},
    )


@ratelimit("confirm_registration", per_hour=30)
def confirm_registration(request, token):
    """The link in the confirmation mail: asks for the password registered with, then opens
    the account, logs the person in and goes on to joining a customer. Following the link
    (a GET) changes nothing, so a mail scanner that opens links confirms nothing."""
    try:
        user = registration.check_confirmation_link(token)
    except registration.AlreadyConfirmed as exc:
        return render(
            request, "accounts/register_link.html", {"message": exc.message, "active": True}
        )
    except registration.LinkNotValid as exc:
        return render(
            request, "accounts/register_link.html", {"message": exc.message, "active": False}
        )
    form = ConfirmRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = registration.confirm_registration(token, form.cleaned_data["password"])
        except registration.WrongPassword as exc:
            form.add_error("password", exc.message)
        except registration.AlreadyConfirmed as exc:
            return render(
                request, "accounts/register_link.html", {"message": exc.message, "active": True}
            )
        except registration.LinkNotValid as exc:
            return render(
                request, "accounts/register_link.html", {"message": exc.message, "active": False}
            )
        else:
            request.session.pop(REGISTRATION_SENT_TO, None)
            auth_login(request, user, backend="kundcenter.accounts.sessions.ModelBackend")
            messages.success(
                request,
                _(
                    "Welcome! Your account is ready. To contact support, ask to join your "
                    "organisation below."
                ),
            )
            return _use_language(redirect("accounts:join"), user.language)
    return render(request, "accounts/register_confirm.html", {"form": form, "email": user.email})


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_profile(
                user,
                full_name=form.cleaned_data["full_name"],
                phone=form.cleaned_data["phone"],
                language=form.cleaned_data["language"],
            )
        except actions.ActionError as exc:
            form.add_error(None, exc.message)
        else:
            translation.activate(user.language)
            messages.success(request, _("Your profile has been saved."))
            return _use_language(redirect("accounts:profile"), user.language)
    memberships = user.memberships.select_related("organization").order_by("organization__name")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "nav": "profile",
        },
    )


@login_required
def join(request):
    """Ask to join a customer. The answer is the same whether or not the customer exists."""
    if is_staff_role(request.user):
        return render(request, "accounts/join.html", {"staff": True})
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_to_join(
                request.user,
                form.cleaned_data["org_number"],
                message=form.cleaned_data["message"],
            )
        except actions.ActionError as exc:
            form.add_error(None, exc.message)
        else:
            # The page shows the request as pending. What the person typed is all it
            # shows, so it says no more than before whether the customer exists.
            sent = [
                r
                for r in request.session.get(JOIN_REQUESTS_SENT, [])
                if r["org_number"] != form.cleaned_data["org_number"]
            ]
            sent.append(
                {"org_number": form.cleaned_data["org_number"], "at": timezone.now().isoformat()}
            )
            request.session[JOIN_REQUESTS_SENT] = sent[-10:]
            messages.success(
                request,
                _(
                    "Your request has been sent to the customer's SuperUsers. You will get "
                    "an e-mail when they have decided."
                ),
            )
            return redirect("accounts:join")
    memberships = list(request.user.memberships.select_related("organization"))
    member_of = {m.organization.org_number for m in memberships}
    pending = [
        {"org_number": r["org_number"], "at": datetime.fromisoformat(r["at"])}
        for r in request.session.get(JOIN_REQUESTS_SENT, [])
        if r["org_number"] not in member_of
    ]
    return render(
        request,
        "accounts/join.html",
        {"form": form, "memberships": memberships, "pending": pending, "nav": "organization"},
    )


# --- organisations -------------------------------------------------------------------------


def _search_organizations(query: str):
    organizations = Organization.objects.select_related("industry__team").order_by("name")
    query = query.strip()
    if not query:
        return organizations
    condition = Q(name__icontains=query) | Q(org_number__icontains=query)
    digits = re.sub(r"\D", "", query)
    if len(digits) >= 4:
        # "5566778899" should find 556677-8899: match the digits around the dash too.
        spelled = f"{digits[:6]}-{digits[6:]}" if len(digits) > 6 else digits
        condition |= Q(org_number__icontains=spelled)
    return organizations.filter(condition)


@login_required
def organization(request):
    """Staff: the customer list. Customer people: their organisation (or a list of them)."""
    if is_staff_role(request.user):
        form = OrganizationSearchForm(request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        found = customers_visible_to_staff(request.user, _search_organizations(query))
        page = Paginator(found, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
        if query:
            privacy_log.search(request, "customers", page.paginator.count)
        return render(
            request,
            "accounts/organization_list.html",
            {"form": form, "page": page, "query": query, "nav": "organization"},
        )
    organizations = member_organizations(request.user)
    if len(organizations) == 1:
        # Read it again with its industry and team in one query.
        return _organization_page(request, _visible_organization(request.user, organizations[0].pk))
    organizations.sort(key=lambda o: o.name)
    return render(
        request,
        "accounts/organization_choose.html",
        {"organizations": organizations, "nav": "organization"},
    )


def _visible_organization(user, pk) -> Organization:
    """The customer `pk` if `user` may see it: staff see all, others only their own."""
    organization = get_object_or_404(Organization.objects.select_related("industry__team"), pk=pk)
    if not may_open_customer(user, organization):
        raise Http404("No such customer")
    return organization


@login_required
def organization_detail(request, pk):
    return _organization_page(request, _visible_organization(request.user, pk))


def _organization_page(request, organization):
    manager = may_manage_members(request.user, organization)
    people = list(
        organization.memberships.select_related("user", "licence").order_by("user__full_name")
    )
    privacy_log.organization_read(request, organization, people)
    superusers = [m for m in people if m.role == Membership.Role.SUPERUSER]
    plain_users = [m for m in people if m.role != Membership.Role.SUPERUSER]
    licences = organization.licences.prefetch_related(
        Prefetch("modules", queryset=Module.objects.order_by("name"))
    )
    pending = []
    if manager:
        pending = list(
            organization.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
                "user"
            )
        )
        if pending:
            # People asking to join are shown to staff too: their names are read here.
            privacy_log.organization_read(request, organization, pending)
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": organization,
            "licences": licences,
            "superusers": superusers,
            "plain_users": plain_users,
            "may_manage": manager,
            "pending": pending,
            "nav": "organization",
            # The webhook pages' own rule (kundcenter.webhooks.endpoints.may_manage_for).
            "may_manage_webhooks": is_customer_superuser(request.user, organization)
            or is_staff_role(request.user, User.StaffRole.MANAGER, User.StaffRole.ADMIN),
            **organization_entitlements(request.user, organization),
        },
    )


@login_required
@require_POST
def decide_join(request, pk, request_id):
    organization = _visible_organization(request.user, pk)
    if not may_manage_members(request.user, organization):
        raise Http404("No such request")
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user", "organization"),
        pk=request_id,
        organization=organization,
    )
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        messages.error(request, _("Choose whether to approve or reject the request."))
        return redirect("accounts:organization_detail", pk=organization.pk)
    approve = decision == "approve"
    try:
        actions.decide_join_request(join_request, request.user, approve=approve)
    except actions.ActionError as exc:
        messages.error(request, exc.message)
    else:
        name = join_request.user.full_name
        if approve:
            messages.success(
                request,
                _("%(name)s is now a user of %(org)s.") % {"name": name, "org": organization.name},
            )
        else:
            messages.success(request, _("The request from %(name)s was rejected.") % {"name": name})
    return redirect("accounts:organization_detail", pk=organization.pk)
