"""Writing the processing log.

Views call `record(request, ...)` where staff read or change personal data; the entries
are collected on the request and `ProcessingLogMiddleware` writes them all with one
INSERT when the response is ready, so logging costs at most one query per request.
"""

import uuid

from django.utils import timezone

from kundcenter.privacy.models import ProcessingLogEntry

_PENDING = "_processing_log_entries"

Action = ProcessingLogEntry.Action


def request_id(request) -> str:
    """A short id shared by every entry of one request (so they can be read together)."""
    rid = getattr(request, "_processing_log_request_id", None)
    if rid is None:
        rid = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        request._processing_log_request_id = rid
    return rid


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: a forwarded header is whatever the client wants it to be unless a
    # trusted proxy rewrites REMOTE_ADDR for us.
    return request.META.get("REMOTE_ADDR") or None


def _actor(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def record(request, *, action, subject=None, subjects=None, obj="", actor_label=""):
    """Note that the current request processed personal data; written at its end.

    `subject` is one person (a User, or an e-mail address for someone without an
    account) and `subjects` many; with neither, one entry without a subject is written
    (a search, an API call). `obj` says what was processed, e.g. "ticket 2026-000123".
    """
    people = list(subjects or [])
    if subject is not None:
        people.insert(0, subject)
    if not people:
        people = [None]
    actor = _actor(request)
    label = actor_label or (actor.get_full_name() or actor.email if actor else "")
    pending = getattr(request, _PENDING, None)
    if pending is None:
        pending = {}
        setattr(request, _PENDING, pending)
    now = timezone.now()
    for person in people:
        if isinstance(person, str):
            subject_user, email = None, person.strip().lower()
        elif person is None:
            subject_user, email = None, ""
        else:
            subject_user, email = person, person.email
        # The same person processed twice in one request for the same thing is one entry.
        key = (action, subject_user.pk if subject_user else None, email, str(obj))
        if key in pending:
            continue
        pending[key] = ProcessingLogEntry(
            at=now,
            actor=actor,
            actor_label=label[:200],
            subject=subject_user,
            subject_email=email,
            action=action,
            object_description=str(obj)[:255],
            ip_address=_client_ip(request),
            path=request.path[:500],
            request_id=request_id(request),
        )


def pending_entries(request) -> list[ProcessingLogEntry]:
    return list(getattr(request, _PENDING, {}).values())


def flush(request) -> int:
    """Write the entries collected on `request` with one INSERT; returns how many."""
    entries = pending_entries(request)
    if not entries:
        return 0
    ProcessingLogEntry.objects.bulk_create(entries)
    setattr(request, _PENDING, {})
    return len(entries)


# --- hooks: one line each in the views that show personal data to staff --------------------


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.staff_role)


def ticket_read(request, ticket, messages):
    """Staff opened `ticket`: log its reporter and the customer people who wrote in it.

    `messages` (the page's message queryset, authors selected) is evaluated here and
    returned as a list, so the template reuses it and logging costs no extra query.
    """
    messages = list(messages)
    if _is_staff(request):
        people = [ticket.reporter] if ticket.reporter_id else []
        people += [m.author for m in messages if m.author_id and not m.author.staff_role]
        record(request, action=Action.READ, subjects=people, obj=f"ticket {ticket.number}")
    return messages


def organization_read(request, organization, memberships):
    """Staff opened a customer page: log every member shown on it."""
    if _is_staff(request):
        record(
            request,
            action=Action.READ,
            subjects=[m.user for m in memberships],
            obj=f"customer {organization.org_number} {organization.name}",
        )
    return memberships


def search(request, description: str):
    """Staff searched (a queue or customer list filtered by text or customer)."""
    if _is_staff(request) and description:
        record(request, action=Action.SEARCH, obj=description)


def api_access(request, client):
    """Every authenticated API call is logged under the calling client's name.

    Returns `client`, so an authentication hook can pass it straight through.
    """
    if client is not None:
        record(
            request,
            action=Action.API,
            obj=f"{request.method} {request.path}",
            actor_label=getattr(client, "name", "") or "API",
        )
    return client


def queue_search(request, filters: dict):
    """The agent queue filtered by text or customer: one search entry with the terms."""
    terms = [
        f"{name}={str(filters.get(name) or '').strip()}"
        for name in ("q", "customer")
        if str(filters.get(name) or "").strip()
    ]
    if terms:
        search(request, "queue " + " ".join(terms))
