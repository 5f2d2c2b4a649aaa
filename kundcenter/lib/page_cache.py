"""A logged-in person's page kept as rendered, and answered again while nothing it could
show has changed: the customer's ticket list, opened again and again, costs a session
read and one small statement instead of its queries and templates.

A view opts in with `@cached_page`. Its 200 answer to a GET is kept in this process,
for the very request it answered: the same path and query string, host, cookies (so
the same session and CSRF secret), languages asked for and htmx headers. It is answered
again only while all of this holds:

- the session row is byte for byte what it was (so the same person, still logged in,
  the same second-factor state, language and messages; a logout, an expiry or any
  change to the session ends it);
- no write has been committed to the database since, by any process, except to the
  tables in `NOT_SHOWN` (sessions, login attempts, the processing log, the outbox,
  deliveries, presence: bookkeeping no cached page shows). Every write statement that
  passes through Django's connections is seen (`_watch`: the ORM, `update()`, raw SQL,
  prepared statements), and once its transaction commits the data generation (a
  sequence on PostgreSQL, `ops.PageGeneration` on SQLite) goes up by one; a write in
  this process forgets the kept pages at once, before its commit;
- it is younger than PAGE_CACHE_SECONDS (what changes with the clock alone: whether
  support is open now, a due time passing).

A rendering that wrote anything (a processing-log row, a read marker), touched messages,
changed the session or set a cookie (other than renewing the CSRF cookie the browser
already has) is not kept, so what a page causes still happens
every time. What is kept is the body and the headers the inner middleware gave it; the
middleware outside this one (security headers, CSP, the session cookie) run on every
answer as on any other.

Pages are kept per process (gunicorn's workers each keep their own), at most
PAGE_CACHE_ENTRIES of them, the least recently used forgotten first.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import partial, wraps

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse

logger = logging.getLogger(__name__)

# Tables whose writes no cached page shows: they do not change the data generation. A
# page that shows one of them must not be a @cached_page.
NOT_SHOWN = frozenset(
    {
        "django_session",  # compared byte for byte instead
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
        "privacy_processinglogentry",
        "outbox_outboxitem",
        "webhooks_delivery",
        "webhooks_attempt",
        "tickets_ticketpresence",
        "ops_jobrun",
        "ops_pagegeneration",
        "api_idempotencyrecord",
        # What customers' searches and downloads leave for the reports.
        "knowledge_suggestionlog",
        "knowledge_suggestioncount",
        "knowledge_unansweredsearch",
        "catalog_downloadlog",
    }
)
GENERATION_TABLE = "ops_pagegeneration"
# On PostgreSQL the generation is this sequence (made by ops' migration 0002).
GENERATION_SEQUENCE = "ops_page_generation"
# A kept page larger than this is not kept (bytes).
MAX_BODY = 512 * 1024

# Statements that read (or only steer the transaction); anything else counts as a write.
_READS = (
    "SELECT",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "BEGIN",
    "COMMIT",
    "SHOW",
    "EXPLAIN",
    "PRAGMA",
    "SET ",
    "VALUES",
)
_WRITTEN_TABLE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)",
    re.IGNORECASE,
)


class _Writes:
    """Write statements seen in this process: `any` counts all of them, `shown` those to
    tables a page may show. Only ever compared for change, so a lost increment between
    two threads does no harm."""

    any = 0
    shown = 0


def _is_shown_write(sql: str) -> bool | None:
    """None for a read, True for a write to a table a page may show, False for a write
    only to NOT_SHOWN tables."""
    head = sql.lstrip()[:12].upper()
    if head.startswith(_READS):
        return None
    match = _WRITTEN_TABLE.match(sql)
    return not (match and match.group(1).lower() in NOT_SHOWN)


def _watch(execute, sql, params, many, context):
    shown = _is_shown_write(sql)
    if shown is not None:
        _Writes.any += 1
        if shown:
            _Writes.shown += 1
    try:
        return execute(sql, params, many, context)
    finally:
        if shown:
            _raise_generation_after_commit(context["connection"])


def _raise_generation_after_commit(connection) -> None:
    """Once per transaction, after its commit; at once for a statement in autocommit. A
    transaction managed by hand (set_autocommit(False)) raises nothing: its pages in other
    processes are seen as changed within PAGE_CACHE_SECONDS."""
    if connection.in_atomic_block:
        registered = any(
            isinstance(func, partial) and func.func is _bump
            for _sids, func, _robust in connection.run_on_commit
        )
        if not registered:
            transaction.on_commit(
                partial(_bump, connection.alias), using=connection.alias, robust=True
            )
    elif connection.get_autocommit():
        _bump(connection.alias)


def _bump(using: str = "default") -> None:
    """The data generation goes up by one (after the commit of what was written): on
    PostgreSQL a sequence, which takes no row lock and leaves no dead row, so concurrent
    commits never wait for each other here; on SQLite, whose writers take turns anyway,
    the one row of ops_pagegeneration."""
    try:
        connection = connections[using]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT nextval('{GENERATION_SEQUENCE}')")
            else:
                cursor.execute(
                    f"INSERT INTO {GENERATION_TABLE} (id, n) VALUES (1, 1) "
                    f"ON CONFLICT (id) DO UPDATE SET n = {GENERATION_TABLE}.n + 1"
                )
    except DatabaseError as exc:
        # Before the migration that makes it (a fresh database being built), or a busy
        # SQLite file: other processes then see the change within PAGE_CACHE_SECONDS.
        missing = GENERATION_TABLE in str(exc) or GENERATION_SEQUENCE in str(exc)
        level = logging.DEBUG if missing else logging.WARNING
        logger.log(level, "data generation not raised: %s", exc)
        _Pages.clear()


def generation(using: str = "default") -> int:
    """The data generation: changes whenever a write other processes could show commits."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT last_value FROM {GENERATION_SEQUENCE}")
        else:
            cursor.execute(f"SELECT n FROM {GENERATION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def watch_connection(sender, connection, **kwargs):
    """connection_created: every connection's statements pass `_watch` (OpsConfig.ready);
    not the server-level connections Django opens to create or drop a database."""
    if connection.alias in settings.DATABASES and _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def install() -> None:
    connection_created.connect(watch_connection, dispatch_uid="page_cache.watch")
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)


@dataclass(frozen=True)
class _Page:
    generation: int
    local: int
    session: str
    kept_at: float
    status: int
    headers: tuple
    cookies: tuple
    content: bytes


class _Pages:
    entries: OrderedDict[tuple, _Page] = OrderedDict()
    lock = threading.Lock()

    @classmethod
    def get(cls, key):
        return cls.entries.get(key)

    @classmethod
    def put(cls, key, page: _Page) -> None:
        with cls.lock:
            cls.entries[key] = page
            cls.entries.move_to_end(key)
            while len(cls.entries) > settings.PAGE_CACHE_ENTRIES:
                cls.entries.popitem(last=False)

    @classmethod
    def drop(cls, key) -> None:
        with cls.lock:
            cls.entries.pop(key, None)

    @classmethod
    def clear(cls) -> None:
        with cls.lock:
            cls.entries.clear()


def clear() -> None:
    """Forget every kept page of this process (tests)."""
    _Pages.clear()


def cached_page(view):
    """Marks a view whose GET answer PageCacheMiddleware may keep (see the module)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapper.page_cache = True
    return wrapper


def _key(request) -> tuple:
    meta = request.META
    return (
        request.get_host(),
        request.get_full_path(),
        meta.get("HTTP_COOKIE", ""),
        meta.get("HTTP_ACCEPT_LANGUAGE", ""),
        tuple(sorted((k, v) for k, v in meta.items() if k.startswith("HTTP_HX_"))),
    )


def _session_row(request) -> str | None:
    """The session's data as read from its row (kundcenter.accounts.sessions), or None
    when there is no logged-in session."""
    session = getattr(request, "session", None)
    if session is None or not session.get("_auth_user_id"):
        return None
    return getattr(session, "loaded_data", None)


def _only_renewed_csrf_cookie(request, response) -> bool:
    """The response sets no cookie but the CSRF cookie the request already carried (Django
    sends it again with every page that has a form, to renew its expiry; a kept page sends
    it again too)."""
    name = settings.CSRF_COOKIE_NAME
    return all(
        key == name and morsel.value == request.COOKIES.get(name)
        for key, morsel in response.cookies.items()
    )


class PageCacheMiddleware:
    """Answers a kept page (see the module); right after SessionRefreshMiddleware, so a
    session due its refresh is saved first and is then a different session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if request.method != "GET" or seconds <= 0:
            return self.get_response(request)
        key = _key(request)
        page = _Pages.get(key)
        if page is not None:
            now = time.time()
            if (
                page.kept_at <= now < page.kept_at + seconds
                and page.local == _Writes.shown
                and page.session == _session_row(request)
                and page.generation == generation()
            ):
                response = HttpResponse(page.content, status=page.status)
                for header, value in page.headers:
                    response.headers[header] = value
                for name, morsel in page.cookies:
                    response.cookies[name] = morsel
                response.page_cache_hit = True
                return response
            _Pages.drop(key)
        request._page_cache = None
        response = self.get_response(request)
        started = request._page_cache
        if started is not None and self._keepable(request, response, started):
            kept_generation, local, writes, session = started
            _Pages.put(
                key,
                _Page(
                    generation=kept_generation,
                    local=local,
                    session=session,
                    kept_at=time.time(),
                    status=response.status_code,
                    headers=tuple(response.headers.items()),
                    cookies=tuple(response.cookies.items()),
                    content=response.content,
                ),
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Right before a @cached_page view: what the kept page will be checked against."""
        if getattr(view_func, "page_cache", False) and hasattr(request, "_page_cache"):
            session = _session_row(request)
            if session is not None:
                request._page_cache = (generation(), _Writes.shown, _Writes.any, session)

    @staticmethod
    def _keepable(request, response, started) -> bool:
        _generation, _local, writes, session = started
        messages = getattr(request, "_messages", None)
        return (
            response.status_code == 200
            and not response.streaming
            and _only_renewed_csrf_cookie(request, response)
            and len(response.content) <= MAX_BODY
            and _Writes.any == writes  # nothing written (so nothing shown changed either)
            and not request.session.modified
            and not (messages is not None and (messages.used or messages.added_new))
            and _session_row(request) == session
        )
