"""`{% two_factor_state as two_factor %}`: the profile page's two-factor section."""

from django import template

from kundcenter.accounts import two_factor
from kundcenter.accounts.forms_two_factor import CodeForm

register = template.Library()


@register.simple_tag(takes_context=True)
def two_factor_state(context):
    """Whether the viewer has two-factor authentication on, must have it, and how many
    backup codes are left; with the form that turns it off."""
    user = context["request"].user
    enabled = two_factor.is_enabled(user)
    return {
        "enabled": enabled,
        "required": two_factor.is_required(user),
        "backup_codes_left": two_factor.backup_codes_left(user) if enabled else 0,
        "turn_off_form": CodeForm(),
    }
