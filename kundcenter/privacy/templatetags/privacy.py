import re

from django import template
from django.utils.translation import gettext_lazy

from kundcenter.privacy import incidents

register = template.Library()


@register.simple_tag(takes_context=True)
def overdue_incidents(context) -> int:
    """Unreported incidents past 72 hours, for the managers' banner (one COUNT query)."""
    user = context.get("user")
    if user is None or not incidents.may_handle_incidents(user):
        return 0
    return incidents.overdue_count()


# The log stores what was processed as short English keys ("ticket 2026-000021"), the same
# for every reader; they are put into the reader's language when shown.
_DESCRIPTIONS = [
    (re.compile(r"^ticket (?P<n>[\w-]+)$"), gettext_lazy("ticket %(n)s")),
    (
        re.compile(r"^customer page #(?P<n>\d+)$"),
        gettext_lazy("the organisation's page (no. %(n)s)"),
    ),
    (
        re.compile(r"^(?:data-subject )?request (?P<n>\d+)$"),
        gettext_lazy("data protection request no. %(n)s"),
    ),
    (re.compile(r"^corrected (?P<n>.*)$"), gettext_lazy("corrected: %(n)s")),
    (re.compile(r"^person details$"), gettext_lazy("personal details")),
    (re.compile(r"^admin: person$"), gettext_lazy("personal details in the administration")),
    (re.compile(r"^legal hold$"), gettext_lazy("legal hold")),
    (
        re.compile(r"^search: (?P<what>.*), results: (?P<n>\d+)$"),
        gettext_lazy("search in %(what)s, %(n)s results"),
    ),
]


@register.filter
def processed_object(description: str) -> str:
    """A processing-log entry's "what", in the reader's language."""
    for pattern, text in _DESCRIPTIONS:
        found = pattern.match(description or "")
        if found:
            return str(text) % found.groupdict()
    return description
