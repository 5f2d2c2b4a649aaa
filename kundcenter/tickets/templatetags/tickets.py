"""Template helpers for ticket pages: readable event values and status badges."""

from django import template
from django.utils import dateformat
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from kundcenter.tickets.models import CostProposal, ServiceLevel, TicketEvent
from kundcenter.tickets.workflows import Category, Lane, Status, label_of

register = template.Library()

_LABELS = {
    TicketEvent.Kind.STATUS: Status,
    TicketEvent.Kind.CREATED: Status,
    TicketEvent.Kind.CATEGORY: Category,
    TicketEvent.Kind.LANE: Lane,
    TicketEvent.Kind.PROPOSAL: CostProposal.State,
}


# A cost proposal's history line reads "Cost proposal: sent, waiting for an answer", not
# "– → Waiting for the customer" (the customer reads it too).
PROPOSAL_EVENT_LABELS = {
    "pending": pgettext_lazy("cost proposal history", "sent, waiting for an answer"),
    "accepted": pgettext_lazy("cost proposal history", "accepted"),
    "declined": pgettext_lazy("cost proposal history", "declined"),
    "withdrawn": pgettext_lazy("cost proposal history", "withdrawn"),
}

SLA_EVENT_LABELS = {
    # The % is literal, not a format: keep it out of python-format checks.
    # xgettext:no-python-format
    "warned": gettext_lazy("75 % of the handling time has passed"),
    "response_breached": gettext_lazy("handling did not start in time"),
    "resolution_breached": gettext_lazy("the resolution target was missed"),
    "paused": gettext_lazy("the clock is paused: the next move is the customer's"),
    "resumed": gettext_lazy("the clock runs again"),
}


SURVEY_EVENT_LABELS = {
    "offered": gettext_lazy("survey offered to the reporter"),
    "followed_up": gettext_lazy("low score followed up"),
}


@register.filter
def event_value(event, which):
    """The old or new value of an event, as a person reads it."""
    raw = event.old_value if which == "old" else event.new_value
    if raw == "":
        return "–"
    if event.kind == TicketEvent.Kind.PROPOSAL and raw in PROPOSAL_EVENT_LABELS:
        return PROPOSAL_EVENT_LABELS[raw]
    choices = _LABELS.get(event.kind)
    if choices is not None and raw in choices.values:
        return choices(raw).label
    if event.kind == TicketEvent.Kind.BILLABLE:  # stored as "True" / "False"
        return _("yes") if raw == "True" else _("no")
    if event.kind == TicketEvent.Kind.SLA:
        return SLA_EVENT_LABELS.get(raw, raw)
    if event.kind == TicketEvent.Kind.SERVICE_LEVEL and raw.isdigit():
        return _("level %(level)s") % {"level": raw}
    if event.kind == TicketEvent.Kind.SURVEY:
        return SURVEY_EVENT_LABELS.get(raw) or _("score %(score)s") % {"score": raw}
    if event.kind == TicketEvent.Kind.PHONE and raw.isdigit():  # a logged call's wait
        return _("waited %(seconds)s s") % {"seconds": raw}
    return raw


@register.simple_tag(takes_context=True)
def event_text(context, event, which):
    """`event_value` as the reader reads it: the customer reads their own side of waiting
    ("Waiting for your answer"), not "Waiting for customer"."""
    raw = event.old_value if which == "old" else event.new_value
    if (
        not context.get("is_staff_side")
        and event.kind in (TicketEvent.Kind.STATUS, TicketEvent.Kind.CREATED)
        and raw == Status.WAITING
    ):
        return _("Waiting for your answer")
    return event_value(event, which)


@register.filter
def link_event(event):
    """What a link or merge event says: the other ticket's number and which way."""
    if event.kind == TicketEvent.Kind.MERGED:
        if event.new_value:
            return _("merged into %(number)s") % {"number": event.new_value}
        return _("%(number)s merged into this ticket") % {"number": event.old_value}
    if event.new_value:
        return _("linked to %(number)s") % {"number": event.new_value}
    return _("link to %(number)s removed") % {"number": event.old_value}


@register.filter
def status_label(value):
    return label_of(Status, value)


@register.filter
def level_label(value):
    return ServiceLevel(int(value)).label if value else ""


@register.filter
def preview_kind(attachment):
    """ "image", "pdf" or "" for an attachment, from the type proven at upload; the preview
    view proves it again from the bytes before showing anything."""
    from kundcenter.tickets.views.files import PREVIEWABLE

    content_type = getattr(attachment, "content_type", "")
    if content_type not in PREVIEWABLE:
        return ""
    return "pdf" if content_type == "application/pdf" else "image"


@register.simple_tag
def queue_rows(page, tickets_name):
    """The agent queue's rows (kundcenter/tickets/queue_rows.py)."""
    from kundcenter.tickets.queue_rows import rows_html

    return rows_html(page.object_list, tickets_name)


# Kinds whose history line shows only the new value, and kinds that show no value at all.
_NEW_ONLY = frozenset({"sla", "survey", "proposal"})
_NO_VALUE = frozenset({"created", "reply", "note", "phone"})


def _history_item(context, e) -> str:
    kind = e.kind
    if kind in _NEW_ONLY:
        value = f": {conditional_escape(event_text(context, e, 'new'))}"
    elif kind == TicketEvent.Kind.TAG:
        value = f": + {escape(e.new_value)}" if e.new_value else f": − {escape(e.old_value)}"
    elif kind in (TicketEvent.Kind.LINK, TicketEvent.Kind.MERGED):
        value = f": {escape(link_event(e))}"
    elif kind not in _NO_VALUE:
        old = conditional_escape(event_text(context, e, "old"))
        value = f": {old} → {conditional_escape(event_text(context, e, 'new'))}"
    elif kind == TicketEvent.Kind.PHONE and e.new_value:
        value = f": {conditional_escape(event_text(context, e, 'new'))}"
    else:
        value = ""
    actor = f"· {escape(e.actor.full_name)}" if e.actor_id and e.actor else ""
    reason = f'<div class="muted small">{escape(e.reason)}</div>' if e.reason else ""
    at = localtime(e.created_at)
    return (
        f'\n  <li><time datetime="{dateformat.format(at, "c")}">'
        f"{dateformat.format(at, 'Y-m-d H:i')}</time> ·\n"
        f"    {escape(e.get_kind_display())}{value}\n"
        f"    {actor}\n"
        f"    {reason}\n"
        f"  </li>\n  "
    )


@register.simple_tag(takes_context=True)
def history_items(context, events):
    """The `<li>`s of a ticket's history (tickets/includes/history.html): the same HTML the
    template loop wrote (tests/tickets/test_history_items.py compares them), without some
    thirty template look-ups per line."""
    return mark_safe("".join(_history_item(context, e) for e in events))


def _conversation_item(context, m, files_template, vendor) -> str:
    author = m.author if m.author_id else None
    staff = bool(author is not None and author.staff_role)
    css = ("staff" if staff else "") + (" internal" if m.internal else "")
    name = escape(author.full_name) if author is not None else escape(_("Anonymised user"))
    at = localtime(m.created_at)
    # gettext outside the f-strings: makemessages does not look inside them.
    note = escape(_("Internal note")) if m.internal else ""
    internal = f'· <span class="badge">{note}</span>' if m.internal else ""
    channel = f"· {escape(m.get_channel_display())}" if m.channel != "portal" else ""
    files = ""
    attachments = m.attachments.all()
    if attachments:
        with context.push(files=attachments, ticket_number=context.get("ticket").number):
            files = f"\n      {files_template.render(context)}\n    "
    return (
        f'\n  <li id="m{m.pk}" class="{css}">'
        '\n    <div class="meta">'
        f"\n      <strong>{name}</strong>"
        f"\n      {f'· {vendor}' if staff else ''}"
        f'\n      · <time datetime="{dateformat.format(at, "c")}">'
        f"{dateformat.format(at, 'Y-m-d H:i')}</time>"
        f"\n      {internal}"
        f"\n      {channel}"
        "\n    </div>"
        f'\n    <div class="body">{conditional_escape(m.body)}</div>'
        f"\n    {files}"
        "\n  </li>\n  "
    )


@register.simple_tag(takes_context=True)
def conversation_items(context, messages_list):
    """The `<li>`s of a ticket's conversation (tickets/includes/conversation.html): the same
    HTML the template loop wrote (tests/tickets/test_history_items.py compares them)."""
    files_template = context.template.engine.get_template("tickets/includes/attachment_list.html")
    vendor = conditional_escape(context.get("vendor_name", ""))
    items = [_conversation_item(context, m, files_template, vendor) for m in messages_list]
    if not items:
        none = escape(_("No replies yet."))
        return mark_safe(f'\n  <li class="muted">{none}</li>\n  ')
    return mark_safe("".join(items))
