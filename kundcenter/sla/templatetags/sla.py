"""Template tags for the service-level clock.

- `{% sla_clock ticket %}`: the business time left ("1 h 20 min left", "35 min late",
  "paused"), coloured by urgency, with the exact due time as its title. Used once per
  queue row: it reads only the ticket's columns and the cached calendar.
- `{% sla_facts ticket as sla %}`: everything the ticket page's SLA panel shows.
- `{% sla_target ticket %}`: the customer's short version: the next target and its time.
"""

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kundcenter.sla import clock, display
from kundcenter.tickets.workflows import Status

register = template.Library()


@register.inclusion_tag("tickets/includes/sla_clock.html")
def sla_clock(ticket):
    """The ticket's clock as a coloured text; nothing to show renders a dash."""
    state = clock.state(ticket)
    return {
        "clock": state,
        "text": display.clock_text(state),
        "paused_title": display.paused_text(state) if state and state.paused else "",
    }


@register.simple_tag
def sla_facts(ticket):
    """The SLA panel's facts: `{% sla_facts ticket as sla %}`."""
    return display.facts(ticket)


def _local(value, fmt="Y-m-d H:i") -> str:
    return formats.date_format(timezone.localtime(value), fmt)


def _time(value, text):
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.simple_tag
def sla_target(ticket):
    """The customer's view of the clock: which target comes next and when.

    Customers see the promised times and whether one has passed, not how late nor the
    internal urgency colours.
    """
    if ticket.status == Status.CLOSED:
        return "–"
    if ticket.paused_at is not None:
        return _("Paused while we wait for you")
    now = timezone.now()
    if ticket.handling_started_at is None and ticket.response_due_at is not None:
        due = ticket.response_due_at
        when = _local(due)
        if now > due:
            return _time(due, _("Handling was due %(when)s") % {"when": when})
        return _time(due, _("Handling starts by %(when)s") % {"when": when})
    due = ticket.resolution_due_at
    if due is not None:
        if ticket.resolution_window_start is not None:
            text = _("Resolution between %(earliest)s and %(latest)s") % {
                "earliest": _local(ticket.resolution_window_start, "Y-m-d"),
                "latest": _local(due, "Y-m-d"),
            }
        elif now > due:
            text = _("Resolution was due %(when)s") % {"when": _local(due)}
        else:
            text = _("Resolution by %(when)s") % {"when": _local(due)}
        return _time(due, text)
    if ticket.handling_started_at is not None:
        return _("Handling started")
    return "–"
