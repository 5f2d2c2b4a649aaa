from django import template

from kundcenter.privacy import incidents, log

register = template.Library()


@register.simple_tag(takes_context=True)
def overdue_incidents(context) -> int:
    """Unreported incidents past 72 hours, for the managers' banner (one COUNT query)."""
    user = context.get("user")
    if user is None or not incidents.may_handle_incidents(user):
        return 0
    return incidents.overdue_count()


@register.filter
def processed_object(description: str) -> str:
    """A processing-log entry's "what", in the reader's language."""
    return log.describe_object(description)
