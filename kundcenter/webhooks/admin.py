"""Webhooks in the Django admin: endpoints (registered as staff endpoints), the delivery
log with "send again", and paused endpoints resumed."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kundcenter.webhooks import endpoints, payloads, sending
from kundcenter.webhooks.models import Attempt, Delivery, Endpoint


class EndpointAdminForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=payloads.EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Endpoint
        fields = ["organization", "url", "description", "events", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        refusal = sending.url_refusal(url)
        if refusal:
            raise forms.ValidationError(refusal)
        return url


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointAdminForm
    list_display = ["__str__", "url", "organization", "owner", "for_staff", "active", "paused_at"]
    list_filter = ["for_staff", "active", ("paused_at", admin.EmptyFieldListFilter)]
    search_fields = ["url", "description", "organization__name"]
    list_select_related = ["organization", "owner"]
    readonly_fields = ["owner", "for_staff", "consecutive_failures", "paused_at", "pause_reason"]
    actions = ["resume_endpoints", "rotate_secrets"]

    def save_model(self, request, obj, form, change):
        if not change:
            # Registered in the admin: a staff endpoint in the admin's name.
            obj.owner = request.user
            obj.for_staff = True
            obj.secret = sending.new_secret()
        super().save_model(request, obj, form, change)
        if not change:
            messages.warning(
                request,
                _("The signing secret (shown only now): %(secret)s") % {"secret": obj.secret},
            )

    @admin.action(description=_("Resume the paused endpoints"))
    def resume_endpoints(self, request, queryset):
        for endpoint in queryset:
            endpoints.resume(endpoint, request.user)
        self.message_user(request, _("Resumed."), messages.SUCCESS)

    @admin.action(description=_("New signing secret (shown once)"))
    def rotate_secrets(self, request, queryset):
        for endpoint in queryset:
            secret = endpoints.rotate_secret(endpoint, request.user)
            messages.warning(request, f"{endpoint}: {secret}")


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = ["at", "status_code", "duration_ms", "response_excerpt", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "event_type",
        "ticket_number",
        "endpoint",
        "state",
        "attempts",
        "last_status_code",
        "created_at",
    ]
    list_filter = ["state", "event_type"]
    search_fields = ["ticket_number", "message_id"]
    list_select_related = ["endpoint"]
    inlines = [AttemptInline]
    # The body holds personal data: read on the endpoint's page, not listed here.
    exclude = ["body", "people"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again"))
    def send_again(self, request, queryset):
        count = 0
        for delivery in queryset:
            endpoints.redeliver(delivery, request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery is sent again.", "%(count)d deliveries are sent again.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
