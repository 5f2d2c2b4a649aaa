"""The staff side: the queue, the ticket page and its actions, phone registration and
the call log.

Views are thin: they parse a form, call an action from `kundcenter.tickets.actions`,
show a refusal (`ActionError`) as a message and redirect. Only vendor staff reach these
pages; to anyone else they do not exist (404).
"""

from functools import partial, wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from kundcenter.accounts.models import Team
from kundcenter.accounts.rules import is_staff_role
from kundcenter.accounts.views_entitlements import ticket_grants_context
from kundcenter.lib.compiled import Compiled
from kundcenter.privacy import log as privacy_log
from kundcenter.tickets import actions, links, macros, phone, presence, queues, surveys
from kundcenter.tickets.access import ALL_TICKET_ROLES, get_ticket_for
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.forms_agent import (
    AssignForm,
    BulkForm,
    CategoryForm,
    CloseForm,
    CustomerLookupForm,
    HandOverForm,
    LogCallForm,
    QueueFilterForm,
    RegisterForCustomerForm,
    ReplyForm,
    SavedViewForm,
    ServiceLevelForm,
    TagForm,
    TeamForm,
    TransitionForm,
    WorkaroundForm,
    find_customer,
)
from kundcenter.tickets.models import Attachment, Channel, SavedView, Ticket
from kundcenter.tickets.views import billing as billing_views
from kundcenter.tickets.workflows import Lane, progress


def staff_only(login_redirect=False):
    """Let vendor staff in; everyone else gets a 404 (or the login page, where harmless)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_staff_role(request.user):
                if login_redirect and not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise Http404("Not a staff page")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- the queue -------------------------------------------------------------------------


@staff_only(login_redirect=True)
def queue(request):
    """Open tickets for the viewer's role, filterable and sortable, without COUNT(*).

    Without any parameters the person's default saved view opens, if they have one.
    """
    saved_views = list(SavedView.objects.filter(owner=request.user))
    active_view = None
    data = request.GET.copy()
    if not data:
        active_view = next((v for v in saved_views if v.is_default), None)
        if active_view is not None:
            data = QueryDict(active_view.query, mutable=True)
    # The role's defaults fill what the request leaves out; a field sent empty means "any".
    for name, value in queues.default_filters(request.user).items():
        data.setdefault(name, value)
    form = QueueFilterForm(data, user=request.user)
    form.is_valid()  # invalid fields are ignored; the others still filter
    filters = form.cleaned_data

    text = filters.get("q", "")
    if queues.looks_like_ticket_number(text):
        found = Ticket.objects.visible_to(request.user).filter(number=text.strip()).first()
        if found is not None:
            url = reverse("agent:ticket", args=[found.number])
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)

    sort = filters.get("sort", "")
    page = queues.search_queue(
        request.user,
        filters,
        queues.page_number(request.GET.get("page")),
        settings.TICKETS_PER_PAGE,
    )
    queues.attach_tags(page.object_list)
    privacy_log.queue_search(request, filters, page)
    query = data.copy()
    query.pop("page", None)
    sort_key, descending = queues.parse_sort(sort)
    if not sort:
        sort_key = ""
    context = {
        "nav": "queue",
        "form": form,
        "page": page,
        "query": query,
        "current_query": query.urlencode(),
        "sorting": _sorting(sort_key, descending),
        "saved_views": saved_views,
        "active_view": active_view,
        "save_view_form": SavedViewForm(),
        "bulk_form": BulkForm(people=form.people, teams=form.teams),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "tickets/agent/_queue_results.html" if partial else "tickets/agent/queue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _sorting(current: str, descending: bool) -> dict:
    """Per sortable column: the `sort` value its header link sets, and aria-sort now."""
    columns = {}
    for key in queues.SORT_KEYS:
        if key == current:
            columns[key] = {
                "next": key if descending else f"-{key}",
                "aria": "descending" if descending else "ascending",
            }
        else:
            # Latest activity is most useful newest first; the rest ascending.
            columns[key] = {"next": f"-{key}" if key == "activity" else key, "aria": ""}
    return columns


# --- the ticket page -------------------------------------------------------------------


def _ticket_with_page_facts(viewer, since=None):
    # `has_links` comes with the ticket, so the page reads its links (a query of four
    # joined tables) only when there are some: most tickets have none. The survey's
    # follow-up author is read only for a survey that was followed up (seldom). So are the
    # cost proposals, the time entries and the colleagues who have the ticket open.
    return presence.with_others_present(
        billing_views.with_has_billing(
            links.with_has_links(
                Ticket.objects.select_related(
                    "organization__industry__team",
                    "reporter",
                    "module",
                    "team",
                    "assignee",
                    "sla_terms",
                    "survey",
                )
            )
        ),
        viewer,
        since=since,
    )


# The read above for the roles that see every ticket (specialists, managers, admins), its
# SQL built once per process (kundcenter.lib.compiled): building it cost the ORM about
# 2 ms a page, more than PostgreSQL spends running it.
_EVERY_TICKET_READ = Compiled(
    lambda number, viewer, since: _ticket_with_page_facts(viewer, since).filter(number=number),
    strings={"number"},
    datetimes={"since"},
)


def _load(request, number) -> Ticket:
    user = request.user
    if user.is_active and is_staff_role(user, *ALL_TICKET_ROLES):
        found = _EVERY_TICKET_READ.objects(str(number), user.pk, presence.fresh_since())
        if not found:
            raise Http404("No such ticket")
        return found[0]
    return get_ticket_for(user, number, queryset=_ticket_with_page_facts(user))


def _ticket_page(request, ticket, reply_form=None, status=200, workaround_form=None, newer=()):
    from kundcenter.tickets.views import workspace

    user = request.user
    transitions = actions.available_transitions(ticket, user)
    grants = ticket_grants_context(user, ticket)
    messages_list = privacy_log.ticket_read(
        request,
        ticket,
        ticket.messages.select_related("author").prefetch_related("attachments"),
    )
    macro = None
    if reply_form is None and request.GET.get("makro"):
        # Without JavaScript the picker comes here: the reply box filled from the macro.
        macro = macros.get_macro_for(user, request.GET["makro"])
        if macro is not None:
            reply_form = ReplyForm(
                initial={"body": macros.render(macro, ticket, user), "macro": macro.pk}
            )
    elif reply_form is not None and reply_form.is_bound:
        macro = macros.get_macro_for(user, reply_form.data.get("macro"))
    # The picker's list is drawn here only when the page is the picker's answer without
    # JavaScript (a search or a chosen reply); with htmx it comes when the picker is opened
    # (agent_tools.macro_picker), so the page does not read canned replies nobody looks at.
    # A blank reply box is drawn once per process ({% memo %}); typed or canned text is not.
    reply_filled = reply_form is not None or macro is not None
    macro_search = request.GET.get("makrosok")
    macros_listed = macro is not None or macro_search is not None
    macro_search = macro_search or ""
    people = list(queues.staff_for_team(ticket.team_id))
    context = {
        "nav": "queue",
        "ticket": ticket,
        "progress": progress(ticket.category, ticket.status, ticket.resume_status),
        "messages_list": messages_list,
        "ticket_files": Attachment.objects.filter(ticket=ticket, message__isnull=True),
        "events": ticket.events.select_related("actor"),
        "transitions": transitions,
        "needs_level": any(t.get("needs_level") for t in transitions),
        # The forms of the rarely used actions are drawn once per process and language
        # ({% memo %} in the template, keyed on what they show of the ticket): the template
        # calls these only when it draws them.
        "transition_form": TransitionForm,
        "reply_form": reply_form or ReplyForm(),
        "reply_filled": reply_filled,
        "macro": macro,
        "macro_effects": macros.describe_effects(macro) if macro else [],
        "macro_search": macro_search[:100],
        "macros_listed": macros_listed,
        "macros": list(macros.search(macros.macros_for(user), macro_search[:100])[:50])
        if macros_listed
        else [],
        "ticket_tags": ticket.ticket_tags.select_related("tag"),
        "tag_form": TagForm,
        # The assign and move-team selects are drawn once per process for what they show
        # ({% memo %}): the ticket's team and assignee and the options read from the
        # database, so a change of staff or teams gives a new key. The forms are made
        # only when a select is drawn.
        "assign_field": ASSIGNEE_FIELD,
        "assign_key": (
            ticket.team_id,
            ticket.assignee_id,
            tuple((p.pk, p.full_name) for p in people),
        ),
        "assign_form": partial(AssignForm, ticket=ticket, people=people),
        "close_form": CloseForm,
        "level_form": partial(ServiceLevelForm, initial={"level": ticket.service_level}),
        "category_form": partial(CategoryForm, initial={"category": ticket.category}),
        "team_form": partial(TeamForm, initial={"team": ticket.team_id}),
        "team_key": partial(_team_key, ticket),
        "other_lanes": [lane for lane in Lane if lane != ticket.lane],
        "handover_form": HandOverForm,
        **grants,
        "workaround_form": workaround_form or WorkaroundForm(),
        **billing_views.agent_context(request, ticket),
        **workspace.ticket_context(request, ticket, messages_list=messages_list),
        "newer_messages": newer,
        "survey": surveys.survey_of(ticket),
        "low_score": surveys.LOW_SCORE,
        "may_follow_up": surveys.may_follow_up(user),
    }
    return render(request, "tickets/agent/ticket.html", context, status=status)


# The assignee field's name, for the "Take it" and "Unassign" buttons.
ASSIGNEE_FIELD = f"{AssignForm.prefix}-assignee"


def _team_key(ticket) -> tuple:
    """What the move-team select shows: read only when the page draws it (open tickets)."""
    return (ticket.team_id, tuple(Team.objects.values_list("pk", "name")))


@staff_only()
def ticket_detail(request, number):
    return _ticket_page(request, _load(request, number))


def _back(number):
    return redirect("agent:ticket", number=number)


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _ticket_action(form_class):
    """A POST view around one action: `run(request, ticket, form)` returns a success text.

    Invalid input and refused actions become an error message on the ticket page;
    nothing changes then.
    """

    def decorator(run):
        @staff_only()
        @require_POST
        @wraps(run)
        def view(request, number):
            ticket = _load(request, number)
            form = form_class(request.POST)
            if not form.is_valid():
                messages.error(request, _form_errors(form))
                return _back(ticket.number)
            try:
                done = run(request, ticket, form)
            except ActionError as exc:
                messages.error(request, exc.message)
            else:
                if done:
                    messages.success(request, done)
            return _back(ticket.number)

        return view

    return decorator


def _save_reply(request, ticket, form):
    kind = form.cleaned_data["kind"]
    return actions.reply(
        ticket,
        request.user,
        form.cleaned_data["body"],
        internal=kind == ReplyForm.INTERNAL,
        channel=Channel.PHONE if kind == ReplyForm.PHONE else Channel.PORTAL,
        files=form.cleaned_data["files"],
    )


@staff_only()
@require_POST
def ticket_reply(request, number):
    """Public reply, internal note or phone log. On a refusal the typed text stays."""
    ticket = _load(request, number)
    form = ReplyForm(request.POST, request.FILES)
    newer = []
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        seen = form.cleaned_data["last_seen"]
        # Collision: someone else wrote since this form was shown. Ask before sending;
        # the text stays in the form (files must be chosen again: browsers cannot refill).
        if seen is not None and not form.cleaned_data["send_anyway"]:
            newer = presence.newer_messages(ticket, seen, request.user)
        also = []
        send = {
            "internal": kind == ReplyForm.INTERNAL,
            "channel": Channel.PHONE if kind == ReplyForm.PHONE else Channel.PORTAL,
            "files": form.cleaned_data["files"],
        }
        try:
            if newer:
                raise ActionError(
                    _(
                        "Someone else has written on this ticket since you opened it. Read it, "
                        "then send yours anyway or change it first."
                    )
                )
            if form.cleaned_data["macro"]:
                # A canned reply: its tags and status go with it, or nothing is sent.
                macro = macros.get_macro_for(request.user, form.cleaned_data["macro"])
                if macro is None:
                    raise ActionError(_("That canned reply is not available to you."))
                macros.send_with_macro(
                    ticket, request.user, macro, form.cleaned_data["body"], **send
                )
            elif kind == ReplyForm.PUBLIC and form.cleaned_data["notify_linked"]:
                _message, also = actions.reply_to_linked(
                    ticket,
                    request.user,
                    form.cleaned_data["body"],
                    files=form.cleaned_data["files"],
                )
            else:
                actions.reply(ticket, request.user, form.cleaned_data["body"], **send)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            if also:
                messages.info(
                    request,
                    _("The reply was also posted on %(numbers)s.") % {"numbers": ", ".join(also)},
                )
            done = {
                ReplyForm.PUBLIC: _("Your reply has been sent."),
                ReplyForm.INTERNAL: _("The internal note has been saved."),
                ReplyForm.PHONE: _("The phone call has been logged."),
            }[kind]
            messages.success(request, done)
            return _back(ticket.number)
    return _ticket_page(request, ticket, reply_form=form, newer=newer)


@staff_only()
@require_POST
def ticket_transition(request, number):
    """A workflow step. The step buttons send the reply form, so text typed there is
    saved first (as the kind of message chosen); the step and the text succeed together
    or neither does, and on a refusal the page comes back with the text."""
    ticket = _load(request, number)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(ticket.number)
    draft = None
    if request.POST.get("body", "").strip() or request.FILES:
        draft = ReplyForm(request.POST, request.FILES)
        if not draft.is_valid():
            return _ticket_page(request, ticket, reply_form=draft)
    level, reason = form.cleaned_data["service_level"], form.cleaned_data["reason"]
    try:
        # A bug without a level gets it set in the same step; all succeed or none does.
        with transaction.atomic():
            if draft is not None:
                _save_reply(request, ticket, draft)
            if level and not ticket.service_level:
                ticket = actions.change_service_level(
                    ticket, request.user, level, reason=reason or _("Set when escalating.")
                )
            ticket = actions.transition(
                ticket, request.user, form.cleaned_data["target"], reason=reason
            )
    except ActionError as exc:
        if draft is not None:
            draft.add_error(None, exc.message)
            return _ticket_page(request, ticket, reply_form=draft)
        messages.error(request, exc.message)
        return _back(ticket.number)
    done = _("The ticket now has the status “%(status)s”.") % {
        "status": ticket.get_status_display()
    }
    if draft is not None:
        done = f"{_('Your text has been saved with the step.')} {done}"
    messages.success(request, done)
    return _back(ticket.number)


@_ticket_action(CloseForm)
def ticket_close(request, ticket, form):
    actions.close(
        ticket, request.user, form.cleaned_data["close_reason"], reason=form.cleaned_data["reason"]
    )
    return _("The ticket has been closed.")


@staff_only()
@require_POST
def ticket_assign(request, number):
    ticket = _load(request, number)
    form = AssignForm(request.POST, ticket=ticket)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(ticket.number)
    assignee = form.assignee_for(request.user)
    try:
        actions.assign(ticket, request.user, assignee)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        if assignee is None:
            messages.success(request, _("Nobody is assigned now."))
        else:
            messages.success(request, _("Assigned to %(name)s.") % {"name": assignee.full_name})
    return _back(ticket.number)


@_ticket_action(ServiceLevelForm)
def ticket_service_level(request, ticket, form):
    actions.change_service_level(
        ticket, request.user, form.cleaned_data["level"], reason=form.cleaned_data["reason"]
    )
    return _("The service level has been changed.")


@_ticket_action(CategoryForm)
def ticket_category(request, ticket, form):
    actions.change_category(
        ticket,
        request.user,
        form.cleaned_data["category"],
        reason=form.cleaned_data["reason"],
        service_level=form.cleaned_data["service_level"],
    )
    return _("The category has been changed.")


@_ticket_action(TeamForm)
def ticket_team(request, ticket, form):
    team = form.cleaned_data["team"]
    actions.move_team(ticket, request.user, team, reason=form.cleaned_data["reason"])
    return _("The ticket has been moved to %(team)s.") % {"team": team.name}


@_ticket_action(HandOverForm)
def ticket_hand_over(request, ticket, form):
    lane = form.cleaned_data["lane"]
    actions.hand_over(ticket, request.user, lane, reason=form.cleaned_data["reason"])
    return _("The ticket has been handed over to %(lane)s.") % {"lane": Lane(lane).label}


@staff_only()
@require_POST
def ticket_workaround(request, number):
    """A workaround for a level 1–2 bug makes it level 3. On a refusal the text stays."""
    ticket = _load(request, number)
    form = WorkaroundForm(request.POST)
    if form.is_valid():
        try:
            actions.provide_workaround(ticket, request.user, reason=form.cleaned_data["reason"])
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("The workaround has been recorded: the ticket is now level 3.")
            )
            return _back(ticket.number)
    return _ticket_page(request, ticket, workaround_form=form)


# --- registration on a customer's behalf ----------------------------------------------


@staff_only(login_redirect=True)
def register_for_customer(request):
    """Log a phone call as a new ticket for one of the customer's SuperUsers."""
    organization = None
    lookup = CustomerLookupForm(request.GET or None)
    if request.method == "POST":
        organization = find_customer(request.POST.get("customer", ""))
        if organization is None:
            messages.error(request, _("Look up the customer first."))
            return redirect("agent:register")
        form = RegisterForCustomerForm(request.POST, organization=organization)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = actions.register_ticket(
                    reporter=data["reporter"],
                    organization=organization,
                    category=data["category"],
                    title=data["title"],
                    description=data["description"],
                    module=data["module"],
                    service_level=data["service_level"],
                    channel=Channel.PHONE,
                    registered_by=request.user,
                )
            except ActionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Ticket %(number)s has been registered. Tell the caller the number.")
                    % {"number": ticket.number},
                )
                return redirect("agent:ticket", number=ticket.number)
        lookup = CustomerLookupForm(initial={"customer": organization.org_number})
    elif lookup.is_valid():
        organization = lookup.cleaned_data["customer"]
        form = RegisterForCustomerForm(organization=organization)
    else:
        form = None
    context = {"nav": "queue", "lookup": lookup, "form": form, "organization": organization}
    return render(request, "tickets/agent/register.html", context)


# --- the call log ----------------------------------------------------------------------


@staff_only(login_redirect=True)
def log_call(request):
    """Log a call for the call log; `?ticket=<number>` links it to that ticket.

    With htmx a refused form comes back as the form alone, to replace itself.
    """
    initial = {"ticket": request.GET.get("ticket", ""), "team": request.user.team_id}
    form = LogCallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        number = data["ticket"].strip()
        ticket = None
        if number:
            visible = Ticket.objects.visible_to(request.user).select_related("organization")
            ticket = visible.filter(number=number).first()
        try:
            if number and ticket is None:
                raise ActionError(_("No ticket has the number %(number)s.") % {"number": number})
            phone.log_call(
                by=request.user,
                started_at=data["started_at"],
                waited_seconds=data["waited_seconds"],
                team=data["team"],
                ticket=ticket,
                caller_number=data["caller_number"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The call has been logged."))
            url = (
                reverse("agent:ticket", args=[ticket.number])
                if ticket
                else reverse("agent:log_call")
            )
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    template = "tickets/agent/_call_form.html" if request.htmx else "tickets/agent/log_call.html"
    status = 422 if form.errors and request.htmx else 200
    return render(request, template, {"nav": "queue", "form": form}, status=status)
