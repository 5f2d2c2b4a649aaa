# ruff: noqa: E501 (the old template, kept as it was)
"""The queue's rows written in Python (kundcenter/tickets/queue_rows.py) are, character for
character, what the template loop they replace wrote: every kind of clock, tags, no module,
no level, nobody assigned, text that needs escaping; in Swedish and English."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from kundcenter.tickets.queue_rows import rows_html
from kundcenter.tickets.workflows import Status
from tests import factories

# The loop as it was in tickets/agent/_queue_results.html.
TEMPLATE_LOOP = (
    "{% load i18n sla tickets %}"
    + """    {% translate "Select ticket" as select_label %}{% translate "Number" as l_number %}{% translate "Time left" as l_left %}{% translate "Title" as l_title %}{% translate "Customer" as l_customer %}{% translate "Category" as l_category %}{% translate "Module" as l_module %}{% translate "Level" as l_level %}{% translate "Status" as l_status %}{% translate "Assignee" as l_assignee %}{% translate "Latest activity" as l_activity %}{% translate "Unassigned" as unassigned %}
    {% with tickets_name=bulk_form.tickets.html_name %}{% for t in page %}
    <tr>
      <td data-label="{{ select_label }}"><input type="checkbox" name="{{ tickets_name }}" value="{{ t.number }}" aria-label="{{ select_label }} {{ t.number }}"></td>
      <td data-label="{{ l_number }}"><a class="ticket-number" href="{% url 'agent:ticket' t.number %}">{{ t.number }}</a></td>
      <td data-label="{{ l_left }}">{% sla_clock t %}</td>
      <td class="text" data-label="{{ l_title }}">{{ t.title }}{% for name in t.tag_names %} <span class="badge tag">{{ name }}</span>{% endfor %}</td>
      <td class="text" data-label="{{ l_customer }}">{{ t.organization.name }}</td>
      <td data-label="{{ l_category }}">{{ t.get_category_display }}</td>
      <td data-label="{{ l_module }}">{{ t.module.name|default:"–" }}</td>
      <td data-label="{{ l_level }}">{% if t.service_level %}<span class="badge level-{{ t.service_level }}" title="{{ t.service_level|level_label }}">{{ t.service_level }}</span>{% else %}–{% endif %}</td>
      {# The staff side's status badge (tickets/includes/status_badge.html), written out: once per row. #}
      <td data-label="{{ l_status }}"><span class="badge status-{{ t.status }}">{{ t.get_status_display }}</span></td>
      <td data-label="{{ l_assignee }}">{% if t.assignee %}{{ t.assignee.full_name }}{% else %}<span class="muted">{{ unassigned }}</span>{% endif %}</td>
      <td data-label="{{ l_activity }}"><time datetime="{{ t.last_activity_at|date:'c' }}" title="{{ t.last_activity_at|date:'Y-m-d H:i' }}">{{ t.last_activity_at|timesince }}</time></td>
    </tr>
    {% endfor %}{% endwith %}
"""
)


def _tickets(org_a, superuser_a, specialist):
    now = timezone.now()
    made = []
    for i, (title, change) in enumerate(
        [
            ("Vanlig fråga", {}),
            ('Fel <b>"fet"</b> & märkligt', {"assignee": specialist}),
            ("Sent", {"next_due_at": now - timedelta(days=3)}),
            ("Snart", {"next_due_at": now + timedelta(minutes=20)}),
            ("Pausad", {"paused_at": now - timedelta(hours=2)}),
            ("Ingen klocka", {"next_due_at": None}),
            ("Stängd", {"status": Status.CLOSED}),
            ("Påbörjad", {"handling_started_at": now - timedelta(hours=1)}),
        ]
    ):
        ticket = factories.make_ticket(
            org_a, superuser_a, title=title, module=None if i == 3 else "ekonomi"
        )
        if i == 2:
            ticket = factories.make_ticket(org_a, superuser_a, title=title, category="bug")
        for name, value in change.items():
            setattr(ticket, name, value)
        ticket.tag_names = ["faktura", "<tagg>"] if i % 2 else []
        made.append(ticket)
    return made


@pytest.mark.parametrize("language", ["sv", "en"])
def test_rows_are_what_the_template_wrote(language, org_a, superuser_a, specialist_hantverk):
    tickets = _tickets(org_a, superuser_a, specialist_hantverk)
    with translation.override(language):
        expected = Template(TEMPLATE_LOOP).render(
            Context({"page": tickets, "bulk_form": {"tickets": {"html_name": "bulk-tickets"}}})
        )
        written = rows_html(tickets, "bulk-tickets")
    assert "sla-paused" in written and "sla-late" in written
    assert written.strip() == expected.strip()
