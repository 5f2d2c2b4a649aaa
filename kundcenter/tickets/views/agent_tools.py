"""Agent tools around the queue and the ticket page: canned replies (makron), tags, bulk
actions on the queue and saved queue views (linking, presence and the customer panel are
in kundcenter.tickets.views.workspace).

Thin like the other agent views: parse a form, call `tickets.actions`, `tickets.bulk` or
`tickets.macros`, show a refusal as a message. Staff only; 404 to everyone else.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kundcenter.lib.errors import ActionError
from kundcenter.lib.params import search_text
from kundcenter.tickets import actions, bulk, macros, queues
from kundcenter.tickets.forms_agent import BulkForm, MacroForm, ReplyForm, SavedViewForm, TagForm
from kundcenter.tickets.models import SavedView
from kundcenter.tickets.views.agent import _back, _form_errors, _load, staff_only

# --- canned replies: managing them ---------------------------------------------------


@staff_only(login_redirect=True)
def macro_list(request):
    """The canned replies the person may use, searchable; edit links where they may edit."""
    text = search_text(request.GET.get("q"), 100)
    items = list(macros.search(macros.macros_for(request.user), text))
    for macro in items:
        macro.editable = macros.may_edit(request.user, macro)
    context = {"nav": "queue", "macros": items, "q": text}
    return render(request, "tickets/agent/macros/list.html", context)


def _editable_macro(request, pk):
    macro = macros.get_macro_for(request.user, pk)
    if macro is None:
        raise Http404("No such canned reply")
    if not macros.may_edit(request.user, macro):
        raise Http404("Not yours to edit")
    return macro


@staff_only(login_redirect=True)
def macro_edit(request, pk=None):
    macro = _editable_macro(request, pk) if pk is not None else None
    form = MacroForm(request.POST or None, instance=macro, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The canned reply has been saved."))
        return redirect("agent:macros")
    context = {"nav": "queue", "form": form, "macro": macro}
    return render(request, "tickets/agent/macros/edit.html", context)


@staff_only()
@require_POST
def macro_delete(request, pk):
    macro = _editable_macro(request, pk)
    macro.delete()
    messages.success(
        request, _("The canned reply “%(name)s” has been deleted.") % {"name": macro.name}
    )
    return redirect("agent:macros")


# --- canned replies: using them on a ticket ------------------------------------------


@staff_only()
def macro_picker(request, number):
    """The picker's results (htmx): the canned replies matching the search."""
    ticket = _load(request, number)
    found = macros.search(
        macros.macros_for(request.user), search_text(request.GET.get("makrosok"), 100)
    )
    context = {"ticket": ticket, "macros": found[:20]}
    return render(request, "tickets/agent/macros/_picker_results.html", context)


def reply_form_for_macro(request, ticket, macro) -> ReplyForm:
    """The reply form filled in from `macro` for this ticket."""
    return ReplyForm(
        initial={
            "kind": ReplyForm.PUBLIC,
            "body": macros.render(macro, ticket, request.user),
            "macro": macro.pk,
        }
    )


@staff_only()
def macro_insert(request, number, pk):
    """Put a canned reply into the reply box: its text, filled in (htmx swaps it in).

    Without htmx this goes to the ticket page with the reply box filled in.
    """
    ticket = _load(request, number)
    macro = macros.get_macro_for(request.user, pk)
    if macro is None:
        raise Http404("No such canned reply")
    if not request.htmx:
        return redirect(f"{reverse('agent:ticket', args=[ticket.number])}?makro={macro.pk}#reply")
    context = {
        "ticket": ticket,
        "reply_form": reply_form_for_macro(request, ticket, macro),
        "macro": macro,
        "macro_effects": macros.describe_effects(macro),
    }
    return render(request, "tickets/agent/_reply_body.html", context)


# --- tags on a ticket ------------------------------------------------------------------


@staff_only()
def tag_suggestions(request):
    """The `<option>`s of existing tags matching what is typed in a tag field (htmx).

    Any tag field may ask: the text is the value of whichever field sent it; in a list
    of tags separated by commas, the last one is the one being typed.
    """
    typed = search_text(next((v for k, v in request.GET.items() if v.strip()), ""), 2000)
    names = queues.tag_suggestions(typed.split(",")[-1][:50])
    return render(request, "tickets/agent/_tag_options.html", {"names": names})


@staff_only()
@require_POST
def ticket_add_tags(request, number):
    ticket = _load(request, number)
    form = TagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(ticket.number)
    try:
        added = actions.add_tags(ticket, request.user, form.cleaned_data["names"])
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        if added:
            messages.success(
                request,
                _("Tagged: %(tags)s.") % {"tags": ", ".join(t.name for t in added)},
            )
        else:
            messages.info(request, _("The ticket already has these tags."))
    return _back(ticket.number)


@staff_only()
@require_POST
def ticket_remove_tag(request, number):
    ticket = _load(request, number)
    name = request.POST.get("tag", "")
    try:
        removed = actions.remove_tag(ticket, request.user, name)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        if removed:
            messages.success(request, _("The tag %(tag)s has been removed.") % {"tag": name})
    return _back(ticket.number)


# --- bulk actions from the queue -------------------------------------------------------


def _queue_url(next_url, request) -> str:
    # A path of ours, never a bare word: redirect() would take that for a view's name.
    if (
        next_url
        and next_url.startswith("/")
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return next_url
    return reverse("agent:queue")


@staff_only()
@require_POST
def queue_bulk(request):
    """One action on every ticket ticked in the queue; all or nothing."""
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(_queue_url(request.POST.get("next"), request))
    data = form.cleaned_data
    back = redirect(_queue_url(request.POST.get("next"), request))
    action = data["action"]
    try:
        tickets = bulk.selected_tickets(request.user, data["tickets"])
        if action == bulk.ASSIGN:
            assignee = form.assignee_for(request.user)
            count = bulk.assign(tickets, request.user, assignee)
        elif action == bulk.TEAM:
            if data["team"] is None:
                raise ActionError(_("Choose a team."))
            count = bulk.move_team(tickets, request.user, data["team"])
        elif action == bulk.TAG:
            count = bulk.add_tags(tickets, request.user, data["tag"])
        else:
            if not data["target"]:
                raise ActionError(_("Choose a status."))
            count = bulk.transition(tickets, request.user, data["target"])
    except ActionError as exc:
        messages.error(request, exc.message)
        return back
    messages.success(
        request,
        ngettext("Done for %(count)d ticket.", "Done for %(count)d tickets.", count)
        % {"count": count},
    )
    return back


# --- saved queue views -----------------------------------------------------------------


def query_of(filters: dict) -> str:
    """The query string of a queue's filters and sort (empty values left out)."""
    items = []
    for name, value in filters.items():
        if name == "page" or value in (None, ""):
            continue
        items.append((name, getattr(value, "pk", value)))
    return urlencode(items)


@staff_only(login_redirect=True)
def saved_views(request):
    views = SavedView.objects.filter(owner=request.user)
    return render(request, "tickets/agent/saved_views.html", {"nav": "queue", "views": views})


@staff_only()
@require_POST
def save_view(request):
    form = SavedViewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("agent:queue")
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if data["is_default"]:
                SavedView.objects.filter(owner=request.user, is_default=True).update(
                    is_default=False
                )
            view = SavedView.objects.create(
                owner=request.user,
                name=data["name"].strip(),
                query=data["query"],
                is_default=data["is_default"],
            )
    except IntegrityError:
        messages.error(request, _("You already have a view with that name."))
        return redirect(f"{reverse('agent:queue')}?{data['query']}")
    messages.success(request, _("The view “%(name)s” has been saved.") % {"name": view.name})
    return redirect(f"{reverse('agent:queue')}?{view.query}")


def _own_view(request, pk) -> SavedView:
    view = SavedView.objects.filter(owner=request.user, pk=pk).first()
    if view is None:
        raise Http404("No such view")
    return view


@staff_only()
@require_POST
def make_default_view(request, pk):
    view = _own_view(request, pk)
    with transaction.atomic():
        SavedView.objects.filter(owner=request.user, is_default=True).update(is_default=False)
        if request.POST.get("default") != "off":
            view.is_default = True
            view.save(update_fields=["is_default"])
    messages.success(request, _("Your default queue has been changed."))
    return redirect("agent:saved_views")


@staff_only()
@require_POST
def delete_view(request, pk):
    view = _own_view(request, pk)
    view.delete()
    messages.success(request, _("The view “%(name)s” has been deleted.") % {"name": view.name})
    return redirect("agent:saved_views")
