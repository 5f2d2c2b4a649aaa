"""The mail channel's part of the profile page: which optional notification e-mails the
person wants. A template tag, so the accounts app's page shows it without importing the
mail app."""

from django import template

register = template.Library()


@register.inclusion_tag("mail/notification_settings.html", takes_context=True)
def notification_settings(context):
    """The notification settings card for the logged-in person (the form as posted, with
    its errors, when the mail app's view renders the profile page again)."""
    from kundcenter.mail.forms import NotificationPreferenceForm

    values = context.flatten()
    user = values.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    form = values.get("notification_form") or NotificationPreferenceForm(user=user)
    return {**values, "notification_form": form, "show": True}
