"""Staff pages for inbound e-mail: refused and automatic mail, and any message whole.

Staff only; to anyone else these pages do not exist (404). Nothing here changes data.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kundcenter.accounts.forms import ProfileForm
from kundcenter.lib.params import page_number, parse_ticket_number, search_text
from kundcenter.mail.cleaning import clean_body
from kundcenter.mail.forms import NotificationPreferenceForm
from kundcenter.mail.ingest import screen_attachments
from kundcenter.mail.models import InboundMessage
from kundcenter.mail.parsing import parse_message
from kundcenter.mail.preferences import update_preferences
from kundcenter.outbox import delivery
from kundcenter.outbox.events import EMAIL
from kundcenter.tickets.views.agent import staff_only

PER_PAGE = 50
Outcome = InboundMessage.Outcome

_TABS = [
    ("mail:refused", Outcome.REFUSED, _("Refused")),
    ("mail:ignored", Outcome.IGNORED_LOOP, _("Automatic")),
    ("mail:list", None, _("All mail")),
]


@staff_only(login_redirect=True)
def inbound_list(request, outcome=None):
    """Received mail, newest first: refused, automatic, or all; by sender or ticket."""
    messages = InboundMessage.objects.defer("raw").select_related("ticket")
    if outcome:
        messages = messages.filter(outcome=outcome)
    query = search_text(request.GET.get("q"))
    if query:
        messages = messages.filter(Q(sender_email__icontains=query) | Q(subject__icontains=query))
    ticket_number = search_text(request.GET.get("ticket"), 20)
    if ticket_number:
        # A malformed number matches no ticket: an empty list, not a database error.
        wanted = parse_ticket_number(ticket_number)
        messages = messages.filter(ticket__number=wanted) if wanted else messages.none()
    page = page_number(request.GET.get("page"))
    # One row more than a page says whether there is a next page, without a COUNT(*).
    rows = list(messages[(page - 1) * PER_PAGE : page * PER_PAGE + 1])
    context = {
        "nav": "mail",
        "rows": rows[:PER_PAGE],
        "page": page,
        "has_next": len(rows) > PER_PAGE,
        "outcome": outcome,
        "query": query,
        "ticket_number": ticket_number,
        "tabs": [(name, label, value == outcome) for name, value, label in _TABS],
        "interval_hours": settings.MAIL_REFUSAL_INTERVAL_HOURS,
        # Outgoing mail the mail server refused: a note here, where staff look at mail.
        "outbox": delivery.summary(topic=EMAIL),
    }
    return render(request, "mail/refused/list.html", context)


def _load(pk) -> tuple[InboundMessage, object]:
    record = get_object_or_404(InboundMessage.objects.select_related("ticket"), pk=pk)
    return record, parse_message(bytes(record.raw))


@staff_only()
def inbound_detail(request, pk):
    """One received message: what became of it, its new text and the full original."""
    record, parsed = _load(pk)
    kept, notes = screen_attachments(parsed.attachments)
    kept_ids = {id(a) for a in kept}
    # Other messages with the same Message-ID: a redelivery is never stored twice, so
    # these are different messages reusing it (a broken mailer, or a forger).
    same_id = list(
        InboundMessage.objects.defer("raw")
        .filter(message_key=record.message_key)
        .exclude(pk=record.pk)
        .order_by("received_at", "id")[:10]
    )
    context = {
        "nav": "mail",
        "record": record,
        "parsed": parsed,
        "same_id": same_id,
        "cleaned": clean_body(parsed.text, forwarded=parsed.is_forward),
        "attachments": [(i, a, id(a) in kept_ids) for i, a in enumerate(parsed.attachments)],
        "notes": notes,
    }
    return render(request, "mail/refused/detail.html", context)


@staff_only()
def inbound_original(request, pk):
    """The message exactly as received, as a .eml download."""
    record = get_object_or_404(InboundMessage, pk=pk)
    response = HttpResponse(bytes(record.raw), content_type="message/rfc822")
    response["Content-Disposition"] = content_disposition_header(True, f"message-{record.pk}.eml")
    return response


@staff_only()
def inbound_attachment(request, pk, index):
    """One file of a received message, always as a download (never shown in the page)."""
    _record, parsed = _load(pk)
    if not 0 <= index < len(parsed.attachments):
        raise Http404("No such attachment")
    attachment = parsed.attachments[index]
    response = HttpResponse(attachment.content, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    return response


@login_required
@require_POST
def notification_preferences(request):
    """Save which optional notification e-mails the person wants (on the profile page)."""
    user = request.user
    notification_form = NotificationPreferenceForm(request.POST, user=user)
    if notification_form.is_valid():
        update_preferences(user, **notification_form.cleaned_data)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect(f"{reverse('accounts:profile')}#notifications")
    memberships = user.memberships.select_related("organization").order_by("organization__name")
    context = {
        "form": ProfileForm(instance=user),
        "memberships": memberships,
        "nav": "profile",
        "notification_form": notification_form,
    }
    return render(request, "accounts/profile.html", context)
