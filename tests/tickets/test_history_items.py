# ruff: noqa: E501 (the old template, kept as it was)
"""A ticket's history and conversation written in Python (history_items and
conversation_items in tickets/templatetags/tickets.py) are, character for character, what
the template loops they replaced wrote: every kind of event, with and without a person and
a reason; messages of staff and customers, notes, calls, files, none; on both sides."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import timezone, translation

from kundcenter.tickets import actions
from kundcenter.tickets.models import Channel, TicketEvent
from tests import factories

# tickets/includes/history.html as it was.
TEMPLATE = """{% load i18n tickets %}<ol class="history">
  {% for e in events %}
  <li><time datetime="{{ e.created_at|date:'c' }}">{{ e.created_at|date:"Y-m-d H:i" }}</time> ·
    {{ e.get_kind_display }}{% if e.kind == "sla" or e.kind == "survey" or e.kind == "proposal" %}: {% event_text e "new" %}{% elif e.kind == "tag" %}: {% if e.new_value %}+ {{ e.new_value }}{% else %}− {{ e.old_value }}{% endif %}{% elif e.kind == "link" or e.kind == "merged" %}: {{ e|link_event }}{% elif e.kind != "created" and e.kind != "reply" and e.kind != "note" and e.kind != "phone" %}: {% event_text e "old" %} → {% event_text e "new" %}{% elif e.kind == "phone" and e.new_value %}: {% event_text e "new" %}{% endif %}
    {% if e.actor %}· {{ e.actor.full_name }}{% endif %}
    {% if e.reason %}<div class="muted small">{{ e.reason }}</div>{% endif %}
  </li>
  {% endfor %}
</ol>
"""

NEW = Template(
    '{% include "tickets/includes/history.html" %}',
)

VALUES = {
    "created": ("", "new"),
    "status": ("new", "waiting"),
    "assigned": ("", "Sara Specialist"),
    "category": ("support", "bug"),
    "level": ("3", "2"),
    "team": ("Handel", "Hantverk"),
    "lane": ("support", "product"),
    "reply": ("", ""),
    "note": ("", ""),
    "phone": ("", "45"),
    "sla": ("", "warned"),
    "proposal": ("", "pending"),
    "billable": ("False", "True"),
    "survey": ("", "4"),
    "link": ("", "2026-000123"),
    "merged": ("2026-000045", ""),
    "tag": ("<gammal>", ""),
}


def _events(specialist):
    at = timezone.now() - timedelta(days=400)
    events = []
    for i, kind in enumerate(TicketEvent.Kind.values):
        old, new = VALUES[kind]
        events.append(
            TicketEvent(
                kind=kind,
                actor=specialist if i % 2 else None,
                old_value=old,
                new_value=new,
                reason='Därför <i>"så"</i> & så' if i % 3 == 0 else "",
                created_at=at + timedelta(hours=i),
            )
        )
    events.append(TicketEvent(kind="tag", new_value="ny & fin", created_at=at))
    events.append(TicketEvent(kind="phone", new_value="", created_at=at))
    events.append(TicketEvent(kind="link", old_value="2026-000007", created_at=at))
    events.append(TicketEvent(kind="merged", new_value="2026-000008", created_at=at))
    events.append(TicketEvent(kind="status", old_value="waiting", new_value="", created_at=at))
    return events


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("staff_side", [True, False])
def test_history_is_what_the_template_wrote(language, staff_side, specialist_hantverk):
    events = _events(specialist_hantverk)
    context = {"events": events, "is_staff_side": staff_side}
    with translation.override(language):
        expected = Template(TEMPLATE).render(Context(context))
        written = NEW.render(Context(context))
    assert "Sara Specialist" in written
    assert written == expected


# tickets/includes/conversation.html as it was.
CONVERSATION = """{% load i18n %}{% comment %}
Messages of a ticket. Expects `messages_list` (already filtered for the viewer) with
prefetched attachments, and `attachment_url_name` for downloads.
{% endcomment %}
<ol class="conversation">
  {% for m in messages_list %}
  <li id="m{{ m.pk }}" class="{% if m.author.staff_role %}staff{% endif %}{% if m.internal %} internal{% endif %}">
    <div class="meta">
      <strong>{% if m.author %}{{ m.author.full_name }}{% else %}{% translate "Anonymised user" %}{% endif %}</strong>
      {% if m.author.staff_role %}· {{ vendor_name }}{% endif %}
      · <time datetime="{{ m.created_at|date:'c' }}">{{ m.created_at|date:"Y-m-d H:i" }}</time>
      {% if m.internal %}· <span class="badge">{% translate "Internal note" %}</span>{% endif %}
      {% if m.channel != "portal" %}· {{ m.get_channel_display }}{% endif %}
    </div>
    <div class="body">{{ m.body }}</div>
    {% if m.attachments.all %}
      {% include "tickets/includes/attachment_list.html" with files=m.attachments.all ticket_number=ticket.number %}
    {% endif %}
  </li>
  {% empty %}
  <li class="muted">{% translate "No replies yet." %}</li>
  {% endfor %}
</ol>
"""

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize("language", ["sv", "en"])
def test_conversation_is_what_the_template_wrote(language, org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(org_a, superuser_a)
    png = SimpleUploadedFile("bild <1>.png", PNG, content_type="image/png")
    actions.reply(ticket, specialist_hantverk, 'Svar med <b>"fil"</b> & så', files=[png])
    actions.reply(ticket, specialist_hantverk, "Anteckning", internal=True)
    actions.reply(ticket, specialist_hantverk, "Samtal", channel=Channel.PHONE)
    actions.reply(ticket, superuser_a, "Tack!")
    messages = list(ticket.messages.select_related("author").prefetch_related("attachments"))
    messages[-1].author = None
    messages[-1].author_id = None
    for listed in (messages, []):
        context = {"messages_list": listed, "ticket": ticket, "vendor_name": "Bolaget & Co"}
        with translation.override(language):
            expected = Template(CONVERSATION).render(Context(context))
            written = NEW_CONVERSATION.render(Context(context))
        assert written == expected
        if listed:
            assert "bild &lt;1&gt;.png" in written and "Bolaget &amp; Co" in written


NEW_CONVERSATION = Template('{% include "tickets/includes/conversation.html" %}')
