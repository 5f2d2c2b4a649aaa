"""The agent queue's table rows, written in Python.

A queue page shows 25–50 rows of eleven cells; through the template engine each row cost
some forty variable look-ups, filters and tags ({% url %}, {% sla_clock %}, `date`,
`timesince`), a third of the page's work. `rows_html` writes exactly the HTML the template
loop wrote, character for character (tests/agent/test_queue_rows.py compares them), with
the labels translated and the ticket URL reversed once per page, not once per row.
"""

from django.urls import reverse
from django.utils import dateformat
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from kundcenter.sla import clock as sla_clock
from kundcenter.sla import display as sla_display
from kundcenter.tickets.models import ServiceLevel

# Ticket URLs are the reversed URL of one number with the number swapped: reversing per
# row was the slowest part of a row. A number is digits and a dash: nothing to quote.
_MARK = "2000-000000"


def _clock_cell(ticket, now) -> str:
    """tickets/includes/sla_clock.html, as {% sla_clock t %} rendered it (less its final
    line break)."""
    state = sla_clock.state(ticket, now)
    if not state:
        return '<span class="muted">–</span>'
    due = localtime(state.due)
    if state.paused:
        title = sla_display.paused_text(state)
    elif state.kind == "response":
        title = _("Handling due %(when)s") % {"when": dateformat.format(due, "Y-m-d H:i")}
    else:
        title = _("Resolution due %(when)s") % {"when": dateformat.format(due, "Y-m-d H:i")}
    paused = " sla-paused" if state.paused else ""
    return (
        f'<span class="sla-clock sla-{escape(state.urgency)}{paused}" title="{escape(title)}">'
        f'<time datetime="{dateformat.format(due, "c")}">'
        f"{escape(sla_display.clock_text(state))}</time></span>"
    )


def rows_html(tickets, tickets_name: str) -> str:
    """The `<tr>`s of the queue table for these tickets (with `tag_names` attached)."""
    from django.utils import timezone

    if not tickets:
        return ""
    now = timezone.now()
    # Literal msgids, so that makemessages finds them.
    labels = {
        "select": escape(_("Select ticket")),
        "number": escape(_("Number")),
        "left": escape(_("Time left")),
        "title": escape(_("Title")),
        "customer": escape(_("Customer")),
        "category": escape(_("Category")),
        "module": escape(_("Module")),
        "level": escape(_("Level")),
        "status": escape(_("Status")),
        "assignee": escape(_("Assignee")),
        "activity": escape(_("Latest activity")),
    }
    unassigned = escape(_("Unassigned"))
    url_prefix, url_suffix = reverse("agent:ticket", args=[_MARK]).split(_MARK)
    name = conditional_escape(tickets_name)
    levels = {level.value: escape(level.label) for level in ServiceLevel}
    out = []
    for t in tickets:
        number = escape(t.number)
        tags = "".join(f' <span class="badge tag">{escape(tag)}</span>' for tag in t.tag_names)
        module = escape(t.module.name) if t.module_id and t.module.name else "–"
        if t.service_level:
            level = (
                f'<span class="badge level-{t.service_level}" title="{levels[t.service_level]}">'
                f"{t.service_level}</span>"
            )
        else:
            level = "–"
        if t.assignee_id:
            assignee = escape(t.assignee.full_name)
        else:
            assignee = f'<span class="muted">{unassigned}</span>'
        activity = localtime(t.last_activity_at)
        activity_at = (
            f'<time datetime="{dateformat.format(activity, "c")}"'
            f' title="{dateformat.format(activity, "Y-m-d H:i")}">'
            f"{escape(timesince(t.last_activity_at, now))}</time>"
        )
        status = (
            f'<span class="badge status-{escape(t.status)}">{escape(t.get_status_display())}</span>'
        )
        select = (
            f'<input type="checkbox" name="{name}" value="{number}"'
            f' aria-label="{labels["select"]} {number}">'
        )
        link = f'<a class="ticket-number" href="{url_prefix}{number}{url_suffix}">{number}</a>'
        out.append(
            "\n    <tr>"
            f'\n      <td data-label="{labels["select"]}">{select}</td>'
            f'\n      <td data-label="{labels["number"]}">{link}</td>'
            f'\n      <td data-label="{labels["left"]}">{_clock_cell(t, now)}\n</td>'
            f'\n      <td class="text" data-label="{labels["title"]}">{escape(t.title)}{tags}</td>'
            f'\n      <td class="text" data-label="{labels["customer"]}">'
            f"{escape(t.organization.name)}</td>"
            f'\n      <td data-label="{labels["category"]}">'
            f"{escape(t.get_category_display())}</td>"
            f'\n      <td data-label="{labels["module"]}">{module}</td>'
            f'\n      <td data-label="{labels["level"]}">{level}</td>'
            "\n      "
            f'\n      <td data-label="{labels["status"]}">{status}</td>'
            f'\n      <td data-label="{labels["assignee"]}">{assignee}</td>'
            f'\n      <td data-label="{labels["activity"]}">{activity_at}</td>'
            "\n    </tr>\n    "
        )
    return mark_safe("".join(out))
