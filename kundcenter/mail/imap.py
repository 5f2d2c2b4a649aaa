"""The IMAP poller: fetch each new message, ingest it, and only then mark it done.

Thin on purpose: all decisions are in `kundcenter.mail.ingest`. A message is flagged
(\\Seen and our keyword) or moved to the processed folder only after its ingest has
committed, so a crash at any point leaves it to be read again, and reading it again is
harmless (ingest answers "duplicate" and the poller just marks it done).
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import ssl
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kundcenter.mail.models import InboundMessage

log = logging.getLogger(__name__)

KEYWORD = "$Kundcenter"
SECURITY_CHOICES = ("ssl", "starttls", "none")


@dataclass(frozen=True)
class ImapConfig:
    """Where the mailbox is; defaults come from the IMAP_* settings."""

    host: str
    user: str
    password: str
    port: int = 0
    security: str = "ssl"
    folder: str = "INBOX"
    processed_folder: str = ""
    timeout: float = 60.0

    @classmethod
    def from_settings(cls) -> ImapConfig:
        if not settings.IMAP_HOST:
            raise ImproperlyConfigured("IMAP_HOST is not set: there is no mailbox to poll.")
        return cls(
            host=settings.IMAP_HOST,
            port=settings.IMAP_PORT,
            user=settings.IMAP_USER,
            password=settings.IMAP_PASSWORD,
            security=settings.IMAP_SECURITY.lower(),
            folder=settings.IMAP_FOLDER or "INBOX",
            processed_folder=settings.IMAP_PROCESSED_FOLDER,
        )

    @property
    def effective_port(self) -> int:
        return self.port or (993 if self.security == "ssl" else 143)


@dataclass
class PollResult:
    """What one poll did: outcomes counted, how many messages were marked done."""

    seen: int = 0
    done: int = 0
    outcomes: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items())) or "nothing"
        return f"{self.seen} message(s) read, {self.done} marked done: {counts}"

    __str__ = summary


class ImapError(Exception):
    """The server refused a command the poller needs."""


def connect(config: ImapConfig, ssl_context: ssl.SSLContext | None = None) -> imaplib.IMAP4:
    """Open and log in. TLS is verified against the system's CAs unless a context is given."""
    if config.security not in SECURITY_CHOICES:
        raise ImproperlyConfigured(
            f"IMAP_SECURITY must be one of {', '.join(SECURITY_CHOICES)}, not {config.security!r}"
        )
    context = ssl_context or ssl.create_default_context()
    if config.security == "ssl":
        conn = imaplib.IMAP4_SSL(
            config.host, config.effective_port, ssl_context=context, timeout=config.timeout
        )
    else:
        conn = imaplib.IMAP4(config.host, config.effective_port, timeout=config.timeout)
        if config.security == "starttls":
            conn.starttls(ssl_context=context)
    conn.login(config.user, config.password)
    # Servers advertise more (MOVE, UIDPLUS) once logged in; imaplib keeps the first list.
    typ, data = conn.capability()
    if typ == "OK" and data and data[0]:
        conn.capabilities = tuple(data[0].decode("ascii", "replace").upper().split())
    return conn


def _check(result, what: str):
    typ, data = result
    if typ != "OK":
        raise ImapError(f"{what}: {typ} {data!r}")
    return data


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _keyword_allowed(conn: imaplib.IMAP4) -> bool:
    """May we set our own keyword here? (PERMANENTFLAGS lists it, or \\* for any.)"""
    _typ, data = conn.response("PERMANENTFLAGS")
    flags = b" ".join(d for d in data or [] if isinstance(d, bytes))
    return b"\\*" in flags or KEYWORD.encode() in flags


def _fetched_bytes(data) -> bytes | None:
    for item in data or []:
        if isinstance(item, tuple) and len(item) >= 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def poll(
    config: ImapConfig | None = None,
    *,
    limit: int | None = None,
    ingest: Callable | None = None,
    progress: Callable[[str], None] | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> PollResult:
    """Read the folder once and ingest every message not yet done.

    "Not yet done" is: without our keyword where the server lets us set one, else unseen.
    An exception from ingest stops the batch (the message and the rest stay as they were,
    to be read again on the next poll).
    """
    if ingest is None:
        from kundcenter.mail.ingest import ingest
    config = config or ImapConfig.from_settings()
    result = PollResult()
    conn = connect(config, ssl_context)
    try:
        if config.processed_folder:
            conn.create(_quote(config.processed_folder))  # fails harmlessly if it exists
        _check(conn.select(_quote(config.folder)), f"SELECT {config.folder}")
        use_keyword = _keyword_allowed(conn)
        criteria = ("UNKEYWORD", KEYWORD) if use_keyword else ("UNSEEN",)
        uids = _check(conn.uid("SEARCH", None, *criteria), "SEARCH")[0].split()
        if limit is not None:
            uids = uids[:limit]
        can_move = "MOVE" in conn.capabilities
        flags = f"(\\Seen {KEYWORD})" if use_keyword else "(\\Seen)"
        for uid in uids:
            data = _check(conn.uid("FETCH", uid, "(BODY.PEEK[])"), f"FETCH {uid!r}")
            raw = _fetched_bytes(data)
            if raw is None:  # expunged by someone else meanwhile
                continue
            result.seen += 1
            outcome = ingest(raw, source=InboundMessage.Source.IMAP).outcome
            result.outcomes[str(outcome)] += 1
            # Only now, with the ingest committed, is the message done on the server.
            _check(conn.uid("STORE", uid, "+FLAGS.SILENT", flags), f"STORE {uid!r}")
            if config.processed_folder:
                _move(conn, uid, config.processed_folder, can_move)
            result.done += 1
            if progress:
                progress(f"{uid.decode()}: {outcome}")
        if config.processed_folder and not can_move and "UIDPLUS" not in conn.capabilities:
            conn.expunge()
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.logout()
    return result


def _move(conn: imaplib.IMAP4, uid: bytes, folder: str, can_move: bool):
    if can_move:
        _check(conn.uid("MOVE", uid, _quote(folder)), f"MOVE {uid!r}")
        return
    _check(conn.uid("COPY", uid, _quote(folder)), f"COPY {uid!r}")
    _check(conn.uid("STORE", uid, "+FLAGS.SILENT", "(\\Deleted)"), f"STORE {uid!r}")
    if "UIDPLUS" in conn.capabilities:  # expunge just this one; else once at the end
        _check(conn.uid("EXPUNGE", uid), f"EXPUNGE {uid!r}")


def poll_once() -> PollResult:
    """One poll of the mailbox in the IMAP_* settings (the periodic task calls this)."""
    return poll(ImapConfig.from_settings())
