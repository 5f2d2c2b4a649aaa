"""Writing the processing log.

Views call `record(request, ...)` where staff read or change personal data; the entries
are collected on the request and `ProcessingLogMiddleware` writes them all with one
INSERT when the response is ready, so logging costs at most one INSERT per request.
Changes are noted without a call in the view: the audit rows the domain writes anyway
(ticket events, customer events, join-request decisions) are turned into `change`
entries by `kundcenter.privacy.changes` while a staff member's request is running.

The log holds no name and no e-mail address, so that an erasure leaves nothing behind in
it although it can never be rewritten. A person with an account is the account id; a
person without one is a keyed hash of their normalised address (`address_key`). Names
and addresses are read from the account when the log is shown, so after an erasure the
entries read as the anonymised account. What was processed is described without
personal data ("ticket 2026-000123", "customer page #12", "search: customers,
results: 3") and the path is stored without its query string (a search URL may carry an
address).
"""

import contextvars
import re
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy

from kundcenter.privacy.models import ProcessingLogEntry

_PENDING = "_processing_log_entries"

Action = ProcessingLogEntry.Action

# The request being answered, while ProcessingLogMiddleware runs the view: lets the
# change hooks (kundcenter.privacy.changes) log under it. None outside a request
# (tasks, management commands, tests calling actions directly).
_current_request = contextvars.ContextVar("processing_log_request", default=None)


# --- the keyed hash of an address ----------------------------------------------------------


def normalize_address(address: str) -> str:
    return (address or "").strip().lower()


def address_key(address: str, secret=None) -> str:
    """The keyed hash (HMAC-SHA256, hex) that stands for `address` in the log.

    The key is derived from SECRET_KEY (or `secret`) and settings.PRIVACY_LOG_KEY_SALT,
    so the hash cannot be recomputed from a copy of the database alone.
    """
    return salted_hmac(
        settings.PRIVACY_LOG_KEY_SALT,
        normalize_address(address),
        secret=secret,
        algorithm="sha256",
    ).hexdigest()


def address_keys(address: str) -> list[str]:
    """The hashes `address` may be stored under: with SECRET_KEY and every fallback key.

    After a key rotation (the old key moved to SECRET_KEY_FALLBACKS) entries written
    before it are still found; once the old key is dropped they are found by account only.
    """
    if not normalize_address(address):
        return []
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return list(dict.fromkeys(address_key(address, secret) for secret in secrets))


# --- collecting and writing ------------------------------------------------------------------


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


def _subject(person) -> tuple[int | None, str]:
    """(account id, address key) for one person as `record` accepts them."""
    if person is None:
        return None, ""
    if isinstance(person, str):
        address = normalize_address(person)
        # An address that is not an account's: the keyed hash is the only key.
        return None, address_key(address) if address else ""
    if isinstance(person, int):
        return person, ""
    return person.pk, ""


def record(request, *, action, subject=None, subjects=None, obj="", client_name=""):
    """Note that the current request processed personal data; written at its end.

    `subject` is one person and `subjects` many: a User, a user id, or an e-mail address
    for someone without an account (stored as its keyed hash). With neither, one entry
    without a subject is written (a search, an API call). `obj` says what was processed
    without personal data, e.g. "ticket 2026-000123". `client_name` is an API client's
    name, for calls made by a system rather than a person.
    """
    people = list(subjects or [])
    if subject is not None:
        people.insert(0, subject)
    if not people:
        people = [None]
    actor = _actor(request)
    pending = getattr(request, _PENDING, None)
    if pending is None:
        pending = {}
        setattr(request, _PENDING, pending)
    now = timezone.now()
    for person in people:
        subject_id, key = _subject(person)
        # The same person processed twice in one request for the same thing is one entry.
        dedupe = (action, subject_id, key, str(obj))
        if dedupe in pending:
            continue
        pending[dedupe] = ProcessingLogEntry(
            at=now,
            actor=actor,
            client_name=client_name[:100],
            subject_id=subject_id,
            subject_key=key,
            action=action,
            object_description=_storable(str(obj))[:255],
            ip_address=_client_ip(request),
            # request.path never holds the query string (?q=anna@example.se stays out).
            path=_storable(request.path)[:500],
            request_id=request_id(request),
        )


def _storable(text: str) -> str:
    """`text` without NUL, which PostgreSQL cannot store: a URL path may hold one (%00)."""
    return text.replace("\x00", "\\x00")


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


def current_request():
    """The request ProcessingLogMiddleware is answering, or None."""
    return _current_request.get()


def running(request):
    """Make `request` the current one (returns the token `finished` needs)."""
    return _current_request.set(request)


def finished(token):
    _current_request.reset(token)


def record_entry(*, actor, action, subject=None, obj="", at=None) -> ProcessingLogEntry:
    """Write one entry now, outside a request (an action's own audit, e.g. an erasure)."""
    subject_id, key = _subject(subject)
    return ProcessingLogEntry.objects.create(
        at=at or timezone.now(),
        actor=actor,
        subject_id=subject_id,
        subject_key=key,
        action=action,
        object_description=str(obj)[:255],
    )


# --- reading ---------------------------------------------------------------------------------


def about_address(address: str) -> Q:
    """Entries about whoever has `address`: the account that has it now, or (without an
    account) the address's keyed hash. After an erasure the address belongs to nobody,
    so the erased person's entries are found by their account, not by the old address."""
    keys = address_keys(address)
    if not keys:
        return Q(pk__in=[])
    accounts = get_user_model()._base_manager.filter(email__iexact=normalize_address(address))
    return Q(subject__in=accounts.values("pk")) | Q(subject__isnull=True, subject_key__in=keys)


def about_user(user) -> Q:
    """Entries about `user`: by account, and from before they had one, by their address."""
    return Q(subject=user) | Q(subject__isnull=True, subject_key__in=address_keys(user.email))


def known_addresses(keys) -> dict[str, str]:
    """The addresses behind address keys, where the address is still held elsewhere.

    A hash cannot be reversed; it is matched against the addresses of people without an
    account that Kundcenter keeps (data-subject requests, senders of inbound e-mail).
    An address erased since is found nowhere, which is the point of erasing it.
    """
    keys = set(keys) - {""}
    if not keys:
        return {}
    candidates = set()
    for label, field in (
        ("privacy.DataSubjectRequest", "email"),
        ("mail.InboundMessage", "sender_email"),
    ):
        model = apps.get_model(label)
        values = model._base_manager.exclude(**{field: ""}).values_list(field, flat=True)
        candidates.update(normalize_address(value) for value in values.distinct())
    found = {}
    for address in sorted(candidates):
        for key in address_keys(address):
            if key in keys:
                found.setdefault(key, address)
    return found


# --- hooks: one line each in the views that show personal data to staff --------------------


def is_staff_request(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.staff_role)


def ticket_read(request, ticket, messages):
    """Staff opened `ticket`: log its reporter and the customer people who wrote in it.

    `messages` (the page's message queryset, authors selected) is evaluated here and
    returned as a list, so the template reuses it and logging costs no extra query.
    """
    messages = list(messages)
    if is_staff_request(request):
        people = [ticket.reporter_id] if ticket.reporter_id else []
        people += [m.author_id for m in messages if m.author_id and not m.author.staff_role]
        record(request, action=Action.READ, subjects=people, obj=f"ticket {ticket.number}")
    return messages


def organization_read(request, organization, memberships):
    """Staff opened a customer page: log every person shown on it (`memberships`, or any
    rows with a `user_id`, such as the requests to join)."""
    if is_staff_request(request):
        record(
            request,
            action=Action.READ,
            subjects=[m.user_id for m in memberships],
            # The page, not the customer's name: a sole trader's name is a person's.
            obj=f"customer page #{organization.pk}",
        )
    return memberships


def search(request, what: str, hits):
    """Staff searched `what` (a list filtered by text or customer) and saw `hits` rows.

    The search terms are not logged: they are often a person's name or address.
    """
    if is_staff_request(request):
        record(request, action=Action.SEARCH, obj=f"search: {what}, results: {hits}")


def api_access(request, client):
    """Every authenticated API call is logged under the calling client's name.

    Returns `client`, so an authentication hook can pass it straight through.
    """
    if client is not None:
        record(
            request,
            action=Action.API,
            obj=f"{request.method} {request.path}",
            client_name=getattr(client, "name", "") or "API",
        )
    return client


def queue_search(request, filters: dict, page):
    """The agent queue filtered by text or customer: one search entry with the hit count.

    `page` is the page of results shown; the queue never counts every match, so a full
    page with more behind it is logged as "25+".
    """
    used = [name for name in ("q", "customer") if str(filters.get(name) or "").strip()]
    if used:
        hits = f"{len(page.object_list)}{'+' if page.has_next else ''}"
        search(request, "queue by " + " and ".join(used), hits)


# The log stores what was processed as short English keys ("ticket 2026-000021"), the same
# for every reader; they are put into the reader's language when shown.
_DESCRIPTIONS = [
    (re.compile(r"^ticket (?P<n>[\w-]+)$"), gettext_lazy("ticket %(n)s")),
    (
        re.compile(r"^customer page #(?P<n>\d+)$"),
        gettext_lazy("the organisation's page (no. %(n)s)"),
    ),
    (
        re.compile(r"^(?:data-subject )?request (?P<n>\d+)$"),
        gettext_lazy("data protection request no. %(n)s"),
    ),
    (re.compile(r"^corrected (?P<n>.*)$"), gettext_lazy("corrected: %(n)s")),
    (re.compile(r"^person details$"), gettext_lazy("personal details")),
    (re.compile(r"^admin: person$"), gettext_lazy("personal details in the administration")),
    (re.compile(r"^legal hold$"), gettext_lazy("legal hold")),
    (
        re.compile(r"^search: (?P<what>.*), results: (?P<n>\d+)$"),
        gettext_lazy("search in %(what)s, %(n)s results"),
    ),
]


# What a search was over (`search(request, what, hits)`).
_SEARCHED = {
    "customers": gettext_lazy("customers"),
    "admin people by q": gettext_lazy("people in the administration"),
    "queue by q": gettext_lazy("the queue, by text"),
    "queue by customer": gettext_lazy("the queue, by customer"),
    "queue by q and customer": gettext_lazy("the queue, by text and customer"),
}


def describe_object(description: str) -> str:
    """An entry's "what" in the reader's language (pages show it; the log keeps keys)."""
    for pattern, text in _DESCRIPTIONS:
        found = pattern.match(description or "")
        if found:
            parts = found.groupdict()
            if "what" in parts:
                parts["what"] = str(_SEARCHED.get(parts["what"], parts["what"]))
            return str(text) % parts
    return description
