"""Back-office data in the Django admin: teams, industries, modules, customers, people."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.contrib.auth.forms import UserCreationForm as BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import (
    Industry,
    JoinRequest,
    Licence,
    Membership,
    Module,
    Organization,
    Team,
    User,
)
from kundcenter.lib.params import parse_id
from kundcenter.privacy import log as privacy_log


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "email", "new_ticket_mail"]
    search_fields = ["name", "slug", "email"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "email", "new_ticket_mail"]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "team"]
    list_filter = ["team"]
    list_select_related = ["team"]
    search_fields = ["name"]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "active"]
    list_filter = ["active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class LicenceInline(admin.TabularInline):
    model = Licence
    extra = 0
    filter_horizontal = ["modules"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "licence", "created_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the licences of the customer being edited.
        if db_field.name == "licence":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Licence.objects.filter(organization_id=object_id or None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "org_number",
        "industry",
        "payment_standing",
        "handed_over_to_support",
        "created_at",
    ]
    list_filter = ["industry", "payment_standing", "handed_over_to_support"]
    list_select_related = ["industry"]
    search_fields = ["name", "org_number"]
    inlines = [LicenceInline, MembershipInline]


@admin.register(Licence)
class LicenceAdmin(admin.ModelAdmin):
    list_display = ["number", "organization", "valid_from"]
    list_select_related = ["organization"]
    search_fields = ["number", "organization__name", "organization__org_number"]
    raw_id_fields = ["organization"]
    filter_horizontal = ["modules"]


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserChangeForm(BaseUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipOfUserInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ["organization", "licence"]
    fields = ["organization", "role", "licence", "created_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Django's user admin, adapted to log-in by e-mail and our staff roles."""

    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["email", "full_name", "staff_role", "team", "is_active", "is_staff"]
    list_filter = [
        "staff_role",
        "team",
        "is_active",
        "awaiting_confirmation",
        "is_staff",
        "is_superuser",
    ]
    list_select_related = ["team"]
    search_fields = ["email", "full_name", "phone"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined", "awaiting_confirmation"]
    filter_horizontal = ["groups", "user_permissions"]
    inlines = [MembershipOfUserInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "language"]}),
        (_("Vendor staff"), {"fields": ["staff_role", "team"]}),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "awaiting_confirmation",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "password1", "password2"],
            },
        ),
        (_("Vendor staff"), {"fields": ["staff_role", "team", "is_staff"]}),
    ]

    # The admin site is staff processing personal data too: opening, changing or deleting a
    # person here, and listing people by a search, go into the processing log.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._log_person(request, object_id)
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        self._log_person(request, object_id)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._log_person(request, object_id)
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.GET.get("q"):
            cl = getattr(response, "context_data", {}).get("cl")
            hits = cl.result_count if cl is not None else "?"
            privacy_log.search(request, "admin people by q", hits)
        return response

    @staticmethod
    def _log_person(request, object_id):
        # A POST changed (or deleted) the person; anything else only showed them.
        action = privacy_log.Action.CHANGE if request.method == "POST" else privacy_log.Action.READ
        person_id = parse_id(object_id)
        if person_id is None:
            return
        privacy_log.record(request, action=action, subject=person_id, obj="admin: person")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "licence", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organization", "licence"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    raw_id_fields = ["user", "organization", "licence"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["user", "organization", "decided_by"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    raw_id_fields = ["user", "organization", "decided_by"]
