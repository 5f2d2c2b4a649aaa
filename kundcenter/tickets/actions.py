"""Domain actions on tickets.

Portal views, agent views, the API, e-mail ingestion and the SLA sweep all change tickets
through these functions, and nothing else saves a ticket. Each action checks first,
changes inside one transaction, writes its event rows and queues its notifications to run
after commit. A refused action raises `ActionError` with a translated message and
changes nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.accounts.entitlements import registration_refusal
from kundcenter.accounts.models import Organization, Team, User
from kundcenter.accounts.rules import is_staff_role, support_refusal
from kundcenter.lib.errors import ActionError
from kundcenter.sla import clock
from kundcenter.tickets import billing, notify, surveys
from kundcenter.tickets.access import actor_kinds
from kundcenter.tickets.files import check_uploads
from kundcenter.tickets.mentions import mentioned_staff
from kundcenter.tickets.models import (
    Attachment,
    Channel,
    Message,
    Tag,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketLink,
    TicketTag,
)
from kundcenter.tickets.workflows import (
    CLOSE_EARLY_ACTORS,
    CONVERSIONS,
    CUSTOMER_CLOSE_REASONS,
    EARLY_CLOSE_REASONS,
    STAFF,
    WAIT_ACTORS,
    Actor,
    Category,
    CloseReason,
    Lane,
    Status,
    find_transition,
    label_of,
    reopen_status,
    workflow_for,
)

Kind = TicketEvent.Kind


def _as_action_error(exc: ValidationError) -> ActionError:
    return ActionError(" ".join(str(m) for m in exc.messages))


# --- numbering -------------------------------------------------------------------------


def next_ticket_number(year: int) -> str:
    """Hand out the next number of `year`, e.g. 2026-000123. Call inside a transaction.

    The counter row is incremented with an UPDATE, which locks it until commit, so
    concurrent registrations on PostgreSQL never get the same number. Where the database
    can (PostgreSQL, SQLite 3.35+), the UPDATE returns the new value itself.
    """
    for _attempt in range(3):
        last = _increment_counter(year)
        if last is not None:
            return f"{year}-{last:06d}"
        try:
            with transaction.atomic():
                TicketCounter.objects.create(year=year, last=1)
            return f"{year}-{1:06d}"
        except IntegrityError:
            continue  # another registration created the row first; increment it instead
    raise RuntimeError("could not allocate a ticket number")


def _increment_counter(year: int) -> int | None:
    """Add one to `year`'s counter and return the new value (None: no row for the year)."""
    if not connection.features.can_return_columns_from_insert:  # no RETURNING
        if not TicketCounter.objects.filter(year=year).update(last=F("last") + 1):
            return None
        return TicketCounter.objects.filter(year=year).values_list("last", flat=True).get()
    table, last, year_column = map(
        connection.ops.quote_name, (TicketCounter._meta.db_table, "last", "year")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + 1 WHERE {year_column} = %s RETURNING {last}",
            [year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


# --- helpers ---------------------------------------------------------------------------


def _event(ticket, kind, actor, old="", new="", reason="", public=True, when=None):
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        old_value=str(old if old is not None else ""),
        new_value=str(new if new is not None else ""),
        reason=reason or "",
        public=public,
        created_at=when or timezone.now(),
    )


def _lock(ticket) -> Ticket:
    """Re-read the ticket under a row lock, so concurrent actions apply one at a time."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _touch(ticket, now, fields):
    ticket.updated_at = now
    ticket.last_activity_at = now
    ticket.save(update_fields=[*fields, "updated_at", "last_activity_at"])


def _require_staff(user, message=None):
    if not is_staff_role(user):
        raise ActionError(message or _("Only support staff can do this."))


def _save_files(ticket, message, uploader, checked, internal):
    for upload, content_type in checked:
        Attachment.objects.create(
            ticket=ticket,
            message=message,
            file=upload,
            filename=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            internal=internal,
            uploaded_by=uploader,
        )


def _service_level(value) -> int | None:
    """`value` as a service level 1–5, or None when it is missing or not one."""
    try:
        level = int(value)
    except (TypeError, ValueError):
        return None
    return level if 1 <= level <= 5 else None


def visible_staff_action(ticket, user, now) -> list[str]:
    """Handling starts at the first staff action the customer can see.

    Confirming receipt, a public reply, a cost proposal, any workflow move or early close
    by staff: every action that calls this. The one place the rule lives; returns the
    clock fields to save (none for a customer, or once handling has started).
    """
    if not is_staff_role(user):
        return []
    return clock.handling_started(ticket, now)


def follow_clock(ticket, user, now) -> list[str]:
    """Pause or resume the SLA clock for the ticket's new status, with a history row.

    The workflow table says where the next move is the customer's (`pauses_clock`); a
    cost proposal waiting for the customer's answer is their move too, whatever the
    status. Entering the customer's turn pauses, leaving it resumes. Every action that
    changes a status or a proposal's state calls this. Returns the fields to save.
    """
    pending = (
        ticket.status != Status.CLOSED
        and billing.needs_proposal(ticket)
        and billing.pending_proposal(ticket) is not None
    )
    fields, change = clock.follow_status(ticket, now, proposal_pending=pending)
    if change:
        _event(ticket, Kind.SLA, user, new=change, public=True, when=now)
    return fields


def _check_files(files):
    try:
        return check_uploads(files or [])
    except ValidationError as exc:
        raise _as_action_error(exc) from exc


# --- registration ----------------------------------------------------------------------


def register_ticket(
    *,
    reporter: User,
    organization: Organization,
    category: str,
    title: str,
    description: str,
    module=None,
    service_level: int | None = None,
    channel: str = Channel.PORTAL,
    files=(),
    registered_by: User | None = None,
    lane: str = Lane.SUPPORT,
    support_on_module: bool = True,
    module_facts=None,
    now=None,
) -> Ticket:
    """Register a new ticket for `organization`, reported by one of its SuperUsers.

    `support_on_module=False` keeps the module on the ticket without the licence and
    training rule: a service order names its module but is not asking for support on it.

    Staff may register on a customer's behalf (a phone call) by passing `registered_by`;
    the reporter must still be a SuperUser of a customer in good standing. `lane` starts
    the ticket in another lane than support (a service order goes to the consultants).
    `module_facts` (entitlements.ModuleFacts) read in the same request, by the form,
    answer the licence and training check without asking the database again.
    """
    if lane not in Lane.values:
        raise ActionError(_("Choose where to hand the ticket over."))
    if registered_by is not None:
        _require_staff(registered_by)
    # A SuperUser in good standing (or a level 1 bug, if the admin setting allows it while
    # overdue), trained on the module; no module (e-mail) is triaged by staff.
    refusal = registration_refusal(
        reporter,
        organization,
        category=category,
        service_level=_service_level(service_level),
        module=module if support_on_module else None,
        to_reporter=registered_by is None,
        facts=module_facts,
    )
    if refusal:
        raise ActionError(refusal)
    if category not in Category.values:
        raise ActionError(_("Choose a category."))
    title, description = (title or "").strip(), (description or "").strip()
    if not title or not description:
        raise ActionError(_("A ticket needs a title and a description."))
    # Only 1–5 exist; anything else (e-mail, API) would break the SLA targets or the DB.
    service_level = _service_level(service_level) if category == Category.BUG else None
    if category == Category.BUG and service_level is None:
        raise ActionError(_("A software bug needs a service level (1–5)."))
    checked = _check_files(files)
    now = now or timezone.now()
    with transaction.atomic():
        number = next_ticket_number(timezone.localtime(now).year)
        ticket = Ticket(
            number=number,
            channel=channel,
            organization=organization,
            reporter=reporter,
            module=module,
            category=category,
            service_level=service_level,
            title=title[:200],
            description=description,
            team_id=organization.industry.team_id,
            lane=lane,
            status=Status.NEW,
            created_at=now,
            updated_at=now,
            last_activity_at=now,
        )
        clock.start(ticket, now)
        ticket.save(force_insert=True)
        _event(ticket, Kind.CREATED, registered_by or reporter, new=Status.NEW, when=now)
        _save_files(ticket, None, reporter, checked, internal=False)
        notify.ticket_registered(ticket)
    return ticket


# --- conversation ----------------------------------------------------------------------


def reply(
    ticket: Ticket,
    author: User,
    body: str,
    *,
    internal: bool = False,
    files=(),
    channel: str = Channel.PORTAL,
    now=None,
) -> Message:
    """Add a public reply or (staff only) an internal note.

    A customer's reply to a ticket waiting for them puts it back where it was; to a ticket
    closed within settings.TICKET_REOPEN_DAYS, it reopens it (`may_reopen`).
    """
    body = (body or "").strip()
    if not body:
        raise ActionError(_("Write a message first."))
    staff = is_staff_role(author)
    if not staff:
        if internal:
            raise ActionError(_("Only support staff can write internal notes."))
        refusal = support_refusal(author, ticket.organization)
        if refusal:
            raise ActionError(refusal)
    now = now or timezone.now()
    if not ticket.is_open and not internal and (staff or not may_reopen(ticket, now)):
        raise ActionError(closed_refusal(ticket))
    checked = _check_files(files)
    with transaction.atomic():
        ticket = _lock(ticket)
        reopened = False
        if not ticket.is_open and not internal:
            if staff or not may_reopen(ticket, now):  # closed meanwhile, or long ago
                raise ActionError(closed_refusal(ticket))
            reopened = True
        message = Message.objects.create(
            ticket=ticket,
            author=author,
            body=body,
            internal=internal,
            channel=channel,
            created_at=now,
        )
        _save_files(ticket, message, author, checked, internal=internal)
        kind = Kind.NOTE if internal else (Kind.PHONE if channel == Channel.PHONE else Kind.REPLY)
        _event(ticket, kind, author, public=not internal, when=now)
        ticket.message_count = F("message_count") + 1
        fields = ["message_count"]
        if not internal:
            fields += visible_staff_action(ticket, author, now)
        if reopened:
            fields += _reopen(ticket, author, now)
        elif not staff and ticket.status == Status.WAITING:
            _event(
                ticket,
                Kind.STATUS,
                author,
                old=Status.WAITING,
                new=ticket.resume_status,
                reason=_("The customer replied."),
                when=now,
            )
            ticket.status, ticket.resume_status = ticket.resume_status, ""
            fields += ["status", "resume_status"]
            fields += follow_clock(ticket, author, now)
        _touch(ticket, now, sorted(set(fields)))
        ticket.refresh_from_db(fields=["message_count"])
        if reopened:
            notify.status_changed(ticket, Status.CLOSED)
        if not internal:
            notify.reply_added(ticket, message)
        elif staff:
            # Only colleagues who may open the ticket (a lane's staff see only their lane).
            mentioned = {
                u.pk
                for u in mentioned_staff(body)
                if u.pk != author.pk and Ticket.objects.visible_to(u).filter(pk=ticket.pk).exists()
            }
            notify.note_added(ticket, message, mentioned)
    return message


def closed_refusal(ticket: Ticket) -> str:
    """Why a reply to a closed ticket is refused (the window to reopen it has passed)."""
    return _("Ticket %(number)s is closed. Register a new ticket and mention this number.") % {
        "number": ticket.number
    }


def may_reopen(ticket: Ticket, now=None) -> bool:
    """Whether a customer's reply would reopen this closed ticket now.

    Within settings.TICKET_REOPEN_DAYS of closing, and only where the workflow table
    (`workflows.REOPEN_TO`) says where it goes: a declined or duplicate ticket never does.
    """
    if ticket.is_open or ticket.closed_at is None or settings.TICKET_REOPEN_DAYS <= 0:
        return False
    if reopen_status(ticket.category, ticket.close_reason) is None:
        return False
    now = now or timezone.now()
    return now - ticket.closed_at <= timedelta(days=settings.TICKET_REOPEN_DAYS)


def _reopen(ticket: Ticket, author: User, now) -> list[str]:
    """Reopen a closed ticket on the customer's reply (inside `reply`'s transaction)."""
    target = reopen_status(ticket.category, ticket.close_reason)
    closed_at = ticket.closed_at
    _event(
        ticket,
        Kind.STATUS,
        author,
        old=Status.CLOSED,
        new=target,
        reason=_("Reopened: the customer replied within %(days)d days of closing.")
        % {"days": settings.TICKET_REOPEN_DAYS},
        when=now,
    )
    ticket.status, ticket.resume_status = target, ""
    ticket.close_reason, ticket.closed_at = "", None
    fields = ["status", "resume_status", "close_reason", "closed_at"]
    # The clock resumes where it stopped: the days closed count as paused.
    fields += clock.reopened(ticket, closed_at, now)
    fields += follow_clock(ticket, author, now)
    return fields


# --- workflow --------------------------------------------------------------------------


def available_transitions(ticket: Ticket, user: User) -> list[dict]:
    """The moves `user` may make on `ticket` now, for buttons in the UI."""
    kinds = actor_kinds(user, ticket)
    moves = []
    if ticket.status == Status.CLOSED:
        return moves
    if ticket.status == Status.WAITING:
        if kinds & WAIT_ACTORS:
            moves.append(
                {"target": ticket.resume_status, "label": _("Resume (the customer has answered)")}
            )
        return moves
    for t in workflow_for(ticket.category).transitions_from(ticket.status):
        if kinds & t.actors:
            customer_only = Actor.CUSTOMER in kinds
            moves.append(
                {
                    "target": t.target,
                    "label": str(t.customer_label or t.label) if customer_only else str(t.label),
                    "needs_level": t.requires_service_level and not ticket.service_level,
                }
            )
    if kinds & WAIT_ACTORS:
        moves.append({"target": Status.WAITING, "label": _("Wait for the customer")})
    return moves


def transition(ticket: Ticket, user: User, target: str, *, reason: str = "", now=None) -> Ticket:
    """Move `ticket` to `target` if the workflow table allows `user` to; else refuse."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        kinds = actor_kinds(user, ticket)
        source = ticket.status
        if source == Status.CLOSED:
            raise ActionError(_("The ticket is closed."))
        if Actor.CUSTOMER in kinds:
            refusal = support_refusal(user, ticket.organization)
            if refusal:
                raise ActionError(refusal)
        fields = ["status"]
        if target == Status.WAITING:
            if not kinds & WAIT_ACTORS:
                raise ActionError(
                    _("Only support staff can set a ticket to wait for the customer.")
                )
            if source == Status.WAITING:
                # Else "waiting" would become the status to resume to, and the ticket stuck.
                raise ActionError(_("The ticket is already waiting for the customer."))
            ticket.resume_status = source
            fields.append("resume_status")
        elif source == Status.WAITING:
            if target != ticket.resume_status or not kinds & WAIT_ACTORS:
                raise ActionError(
                    _("A ticket waiting for the customer can only be resumed to %(status)s.")
                    % {"status": Status(ticket.resume_status).label}
                )
            ticket.resume_status = ""
            fields.append("resume_status")
        else:
            move = find_transition(ticket.category, source, target)
            if move is None:
                raise ActionError(
                    _("A %(category)s cannot go from %(source)s to %(target)s.")
                    % {
                        "category": Category(ticket.category).label.lower(),
                        "source": Status(source).label,
                        "target": label_of(Status, target),
                    }
                )
            if not kinds & move.actors:
                raise ActionError(
                    _("You may not move this ticket from %(source)s to %(target)s.")
                    % {"source": Status(source).label, "target": Status(target).label}
                )
            if move.requires_service_level and not ticket.service_level:
                raise ActionError(_("Set a service level (1–5) before escalating."))
            # Billable work waits for an accepted cost proposal (billing.py).
            refusal = billing.proposal_refusal(ticket, source, target)
            if refusal:
                raise ActionError(refusal)
            if move.close_reason:
                ticket.close_reason = move.close_reason
                ticket.closed_at = now
                fields += ["close_reason", "closed_at"]
            if move.lane and move.lane != ticket.lane:
                _event(ticket, Kind.LANE, user, ticket.lane, move.lane, public=False, when=now)
                ticket.lane = move.lane
                fields.append("lane")
        ticket.status = target
        fields += visible_staff_action(ticket, user, now)
        _event(ticket, Kind.STATUS, user, source, target, reason=reason, when=now)
        if target == Status.CLOSED:
            fields += clock.closed(ticket, now)
            surveys.offer(ticket, now)  # only when it closes as resolved
        else:
            fields += follow_clock(ticket, user, now)
        _touch(ticket, now, sorted(set(fields)))
        notify.status_changed(ticket, source)
    return ticket


def close(ticket: Ticket, user: User, close_reason: str, *, reason: str = "", now=None) -> Ticket:
    """Close an open ticket early: declined, duplicate or withdrawn, with a reason."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        if not ticket.is_open:
            raise ActionError(_("The ticket is already closed."))
        kinds = actor_kinds(user, ticket)
        if kinds & CLOSE_EARLY_ACTORS:
            allowed = EARLY_CLOSE_REASONS
        elif Actor.CUSTOMER in kinds:
            allowed = CUSTOMER_CLOSE_REASONS
        else:
            raise ActionError(_("You may not close this ticket."))
        if close_reason not in allowed:
            raise ActionError(
                _("Choose a reason for closing: %(reasons)s.")
                % {"reasons": ", ".join(str(CloseReason(r).label).lower() for r in allowed)}
            )
        if kinds & CLOSE_EARLY_ACTORS and not (reason or "").strip():
            raise ActionError(_("Say briefly why the ticket is closed."))
        source = ticket.status
        ticket.status, ticket.resume_status = Status.CLOSED, ""
        ticket.close_reason, ticket.closed_at = close_reason, now
        fields = ["status", "resume_status", "close_reason", "closed_at"]
        fields += visible_staff_action(ticket, user, now)
        fields += clock.closed(ticket, now)
        text = f"{CloseReason(close_reason).label}: {reason}".strip().rstrip(":")
        _event(ticket, Kind.STATUS, user, source, Status.CLOSED, reason=text, when=now)
        _touch(ticket, now, sorted(set(fields)))
        notify.status_changed(ticket, source)
    return ticket


# --- staff changes ---------------------------------------------------------------------


def assign(ticket: Ticket, user: User, assignee: User | None, *, now=None) -> Ticket:
    """Assign the ticket to a staff member (or nobody); claiming is assigning oneself."""
    _require_staff(user)
    if assignee is not None and not is_staff_role(assignee):
        raise ActionError(_("Tickets can only be assigned to support staff."))
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.assignee_id == (assignee.pk if assignee else None):
            return ticket
        old = ticket.assignee.full_name if ticket.assignee else ""
        ticket.assignee = assignee
        event = _event(
            ticket,
            Kind.ASSIGNED,
            user,
            old,
            assignee.full_name if assignee else "",
            public=False,
            when=now,
        )
        ticket.updated_at = now
        ticket.save(update_fields=["assignee", "updated_at"])
        notify.assigned(ticket, event, assignee.pk if assignee else None, user.pk)
        notify.changed(ticket, event)
    return ticket


def change_service_level(ticket: Ticket, user: User, level: int, *, reason: str, now=None):
    """Set or change a bug's service level, with the reason in the history."""
    _require_staff(user)
    if ticket.category != Category.BUG:
        raise ActionError(_("Only software bugs have a service level."))
    if level not in (1, 2, 3, 4, 5):
        raise ActionError(_("A service level is a number from 1 to 5."))
    if not (reason or "").strip():
        raise ActionError(_("Say why the service level changes."))
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        # A closed ticket's SLA outcome is history; changing its level would rewrite it.
        if not ticket.is_open:
            raise ActionError(_("The ticket is closed."))
        if ticket.service_level == level:
            return ticket
        event = _event(
            ticket,
            Kind.SERVICE_LEVEL,
            user,
            ticket.service_level or "",
            level,
            reason=reason,
            when=now,
        )
        ticket.service_level = level
        _touch(ticket, now, ["service_level", *clock.recompute(ticket, now)])
        notify.changed(ticket, event)
    return ticket


def change_category(
    ticket: Ticket, user: User, category: str, *, reason: str, service_level=None, now=None
) -> Ticket:
    """Recategorise a ticket, e.g. turn a support question into a bug or an order.

    The ticket keeps its number, messages and history. Its status carries over when the
    new workflow has the same state, otherwise it starts again at New.
    """
    _require_staff(user)
    if category not in Category.values:
        raise ActionError(_("Choose a category."))
    if not (reason or "").strip():
        raise ActionError(_("Say why the category changes."))
    if not ticket.is_open:
        raise ActionError(_("The ticket is closed."))
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.category == category:
            return ticket
        if ticket.category in CONVERSIONS and category not in CONVERSIONS[ticket.category]:
            allowed = ", ".join(
                str(Category(c).label).lower() for c in CONVERSIONS[ticket.category]
            )
            raise ActionError(
                _("A %(category)s can be turned into: %(allowed)s.")
                % {"category": Category(ticket.category).label.lower(), "allowed": allowed}
            )
        if category == Category.BUG:
            service_level = _service_level(service_level or ticket.service_level)
            if service_level is None:
                raise ActionError(_("A software bug needs a service level (1–5)."))
        old_category = ticket.category
        event = _event(ticket, Kind.CATEGORY, user, old_category, category, reason=reason, when=now)
        ticket.category = category
        fields = ["category", "service_level", "status", "resume_status"]
        new_level = int(service_level) if category == Category.BUG else None
        if new_level != ticket.service_level:
            _event(
                ticket,
                Kind.SERVICE_LEVEL,
                user,
                ticket.service_level or "",
                new_level or "",
                reason=reason,
                when=now,
            )
        ticket.service_level = new_level
        current = ticket.resume_status if ticket.status == Status.WAITING else ticket.status
        # Work started as free support does not carry on as billable work unaccepted.
        gated = billing.proposal_refusal(ticket, current, current)
        if current not in workflow_for(category).states or gated:
            _event(ticket, Kind.STATUS, user, ticket.status, Status.NEW, reason=reason, when=now)
            ticket.status, ticket.resume_status = Status.NEW, ""
        # The new workflow may pause where the old one ran, or the other way round.
        fields += follow_clock(ticket, user, now)
        fields += clock.recompute(ticket, now)
        _touch(ticket, now, sorted(set(fields)))
        notify.changed(ticket, event)
    return ticket


def move_team(ticket: Ticket, user: User, team: Team, *, reason: str = "", now=None) -> Ticket:
    """Move the ticket to another support team (assignment is cleared)."""
    _require_staff(user)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.team_id == team.pk:
            return ticket
        event = _event(
            ticket,
            Kind.TEAM,
            user,
            ticket.team.name,
            team.name,
            reason=reason,
            public=False,
            when=now,
        )
        ticket.team = team
        ticket.assignee = None
        ticket.updated_at = now
        ticket.save(update_fields=["team", "assignee", "updated_at"])
        notify.changed(ticket, event)
    return ticket


def hand_over(ticket: Ticket, user: User, lane: str, *, reason: str = "", now=None) -> Ticket:
    """Escalate to the product department or hand over to consultants (or take back).

    A bug in New is escalated through its workflow (it needs a service level); any other
    ticket changes lane and keeps its status.
    """
    if not actor_kinds(user, ticket) & STAFF:
        raise ActionError(_("Only support staff can do this."))
    if lane not in Lane.values:
        raise ActionError(_("Choose where to hand the ticket over."))
    if ticket.category == Category.BUG and ticket.status == Status.NEW and lane == Lane.PRODUCT:
        return transition(ticket, user, Status.ESCALATED, reason=reason, now=now)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        if not ticket.is_open:
            raise ActionError(_("The ticket is closed."))
        if ticket.lane == lane:
            return ticket
        event = _event(
            ticket, Kind.LANE, user, ticket.lane, lane, reason=reason, public=False, when=now
        )
        ticket.lane = lane
        ticket.assignee = None
        ticket.updated_at = now
        ticket.save(update_fields=["lane", "assignee", "updated_at"])
        notify.changed(ticket, event)
    return ticket


def provide_workaround(ticket: Ticket, user: User, *, reason: str, now=None) -> Ticket:
    """A workaround is provided for a level 1 or 2 bug: it becomes level 3.

    Its due times are recomputed for level 3; the change and its reason stay in the
    history.
    """
    _require_staff(user)
    if ticket.category != Category.BUG or ticket.service_level not in (1, 2):
        raise ActionError(_("Only a level 1 or 2 bug can be downgraded for a workaround."))
    if not (reason or "").strip():
        raise ActionError(_("Describe the workaround."))
    text = _("Workaround provided: %(reason)s") % {"reason": reason.strip()}
    return change_service_level(ticket, user, 3, reason=text, now=now)


# --- linking and merging -----------------------------------------------------------------


def mark_duplicate(ticket: Ticket, user: User, original: Ticket, *, reason: str = "", now=None):
    """Close `ticket` as a duplicate of `original` and show its conversation there.

    Only staff; only within one customer (a merge across customers would show one
    customer's messages to another, so it is refused); the duplicate must be open and
    `original` must not itself be closed as a duplicate. The duplicate closes with the
    close reason Duplicate, both tickets get an event, and the duplicate's reporter is told.
    """
    _require_staff(user)
    if ticket.pk == original.pk:
        raise ActionError(_("A ticket cannot be a duplicate of itself."))
    if ticket.organization_id != original.organization_id:
        raise ActionError(
            _("Only tickets of the same customer can be merged. Link them as related instead.")
        )
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        if not ticket.is_open:
            raise ActionError(_("The ticket is already closed."))
        if TicketLink.objects.filter(ticket=original, kind=TicketLink.Kind.DUPLICATE).exists():
            raise ActionError(
                _("Ticket %(number)s is itself a duplicate; merge into the ticket it continues in.")
                % {"number": original.number}
            )
        # A related link between the two becomes the duplicate link.
        TicketLink.objects.filter(
            ticket__in=[ticket, original], other__in=[ticket, original]
        ).delete()
        TicketLink.objects.create(
            ticket=ticket,
            other=original,
            kind=TicketLink.Kind.DUPLICATE,
            created_by=user,
            created_at=now,
        )
        source = ticket.status
        ticket.status, ticket.resume_status = Status.CLOSED, ""
        ticket.close_reason, ticket.closed_at = CloseReason.DUPLICATE, now
        fields = ["status", "resume_status", "close_reason", "closed_at"]
        fields += visible_staff_action(ticket, user, now)
        fields += clock.closed(ticket, now)
        text = _("Duplicate of %(number)s") % {"number": original.number}
        if (reason or "").strip():
            text = f"{text}: {reason.strip()}"
        _event(ticket, Kind.STATUS, user, source, Status.CLOSED, reason=text, when=now)
        event = _event(ticket, Kind.MERGED, user, new=original.number, reason=reason, when=now)
        _touch(ticket, now, sorted(set(fields)))
        _event(
            original,
            Kind.MERGED,
            user,
            old=ticket.number,
            reason=reason,
            public=False,
            when=now,
        )
        Ticket.objects.filter(pk=original.pk).update(updated_at=now, last_activity_at=now)
        notify.merged(ticket, event)
    return ticket


def link_tickets(ticket: Ticket, user: User, other: Ticket, *, now=None) -> TicketLink:
    """Link two related tickets (staff only; may span customers). Customers never see the
    link unless they may see the other ticket too; the events are internal."""
    _require_staff(user)
    if ticket.pk == other.pk:
        raise ActionError(_("A ticket cannot be linked to itself."))
    low, high = sorted([ticket, other], key=lambda t: t.pk)
    now = now or timezone.now()
    with transaction.atomic():
        existing = TicketLink.objects.filter(ticket__in=[low, high], other__in=[low, high]).first()
        if existing is not None:
            raise ActionError(
                _("Ticket %(number)s is already linked to this ticket.") % {"number": other.number}
            )
        link = TicketLink.objects.create(
            ticket=low, other=high, kind=TicketLink.Kind.RELATED, created_by=user, created_at=now
        )
        _event(ticket, Kind.LINK, user, new=other.number, public=False, when=now)
        _event(other, Kind.LINK, user, new=ticket.number, public=False, when=now)
    return link


def unlink_tickets(ticket: Ticket, user: User, other: Ticket, *, now=None) -> None:
    """Remove a related link (a duplicate link stays: it is the merged ticket's history)."""
    _require_staff(user)
    now = now or timezone.now()
    with transaction.atomic():
        deleted, _rows = TicketLink.objects.filter(
            ticket__in=[ticket, other], other__in=[ticket, other], kind=TicketLink.Kind.RELATED
        ).delete()
        if not deleted:
            raise ActionError(_("These tickets are not linked."))
        _event(ticket, Kind.LINK, user, old=other.number, public=False, when=now)
        _event(other, Kind.LINK, user, old=ticket.number, public=False, when=now)


def related_tickets(ticket: Ticket):
    """The tickets linked to `ticket` as related, in either direction (one query)."""
    from django.db.models import Q

    return (
        Ticket.objects.filter(
            Q(links_out__other=ticket, links_out__kind=TicketLink.Kind.RELATED)
            | Q(links_in__ticket=ticket, links_in__kind=TicketLink.Kind.RELATED)
        )
        .distinct()
        .order_by("pk")
    )


def reply_to_linked(ticket: Ticket, author: User, body: str, *, files=(), now=None):
    """A public reply on `ticket` that is also posted on every open related ticket, so
    each linked reporter is told in their own ticket and sees only their own customer's
    data (the text is the author's; nothing of the other tickets is copied into it).

    Returns (the reply on `ticket`, the numbers of the tickets it was also posted on).
    Attachments stay on the main ticket.
    """
    _require_staff(author)
    now = now or timezone.now()
    with transaction.atomic():
        message = reply(ticket, author, body, files=files, now=now)
        also = []
        for other in related_tickets(ticket).filter(status__in=_open_statuses()):
            reply(other, author, body, now=now)
            also.append(other.number)
    return message, also


def _open_statuses():
    return [s.value for s in Status if s != Status.CLOSED]


# --- tags (internal: customers never see them) ------------------------------------------

TAG_MAX_LENGTH = 50


def clean_tag_names(names) -> list[str]:
    """Tag names as typed (a list, or one text with commas), trimmed, without repeats.

    Refuses a name longer than a tag can be. Case does not make two tags.
    """
    if isinstance(names, str):
        names = names.split(",")
    cleaned, seen = [], set()
    for name in names:
        name = " ".join(str(name).split())
        if not name or name.lower() in seen:
            continue
        if len(name) > TAG_MAX_LENGTH:
            raise ActionError(
                _("A tag can be at most %(max)d characters long.") % {"max": TAG_MAX_LENGTH}
            )
        seen.add(name.lower())
        cleaned.append(name)
    return cleaned


def tags_for(names: list[str]) -> list[Tag]:
    """The tags with these names (whatever the case), created where missing."""
    lowered = Tag.objects.annotate(lowered=Lower("name"))
    found = {t.lowered: t for t in lowered.filter(lowered__in=[n.lower() for n in names])}
    tags = []
    for name in names:
        tag = found.get(name.lower())
        if tag is None:
            try:
                with transaction.atomic():
                    tag = Tag.objects.create(name=name)
            except IntegrityError:  # made at the same moment by someone else
                tag = Tag.objects.get(name__iexact=name)
            found[name.lower()] = tag
        tags.append(tag)
    return tags


def add_tags(ticket: Ticket, user: User, names, *, now=None) -> list[Tag]:
    """Put tags on a ticket (staff only); one internal event per tag actually added.

    Returns the tags that were new on this ticket.
    """
    _require_staff(user)
    names = clean_tag_names(names)
    if not names:
        raise ActionError(_("Write a tag first."))
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        tags = tags_for(names)
        present = set(
            TicketTag.objects.filter(ticket=ticket, tag__in=tags).values_list("tag_id", flat=True)
        )
        added = [t for t in tags if t.pk not in present]
        for tag in added:
            TicketTag.objects.create(ticket=ticket, tag=tag, added_by=user, added_at=now)
            _event(ticket, Kind.TAG, user, new=tag.name, public=False, when=now)
        if added:
            ticket.updated_at = now
            ticket.save(update_fields=["updated_at"])
    return added


def remove_tag(ticket: Ticket, user: User, name: str, *, now=None) -> bool:
    """Take a tag off a ticket (staff only), with an internal event. False if it had none."""
    _require_staff(user)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        link = (
            TicketTag.objects.filter(ticket=ticket, tag__name__iexact=(name or "").strip())
            .select_related("tag")
            .first()
        )
        if link is None:
            return False
        link.delete()
        _event(ticket, Kind.TAG, user, old=link.tag.name, public=False, when=now)
        ticket.updated_at = now
        ticket.save(update_fields=["updated_at"])
    return True
