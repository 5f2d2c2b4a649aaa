"""The HTTP mail gate: the MTA hands each message to the running site over HTTP.

Like Request Tracker's rt-mailgate: the MTA pipes a message to a small client
(contrib/kundcenter-mailgate, standard library only, so it starts in milliseconds) that
POSTs the raw RFC 5322 bytes to `/epost/grind/` with `Authorization: Bearer <token>`.
The site, already started, ingests it (`kundcenter.mail.ingest.ingest`) and answers:

- 200 and `{"outcome": …, "ticket": …}` when the message was stored, or was already;
- 401 on a missing or wrong token, 404 while MAIL_GATE_TOKEN is empty (the gate is off);
- 400 on an empty message, 413 on one above MAIL_GATE_MAX_BYTES, 415 on another type;
- 503 with Retry-After when the database cannot be reached: the client then exits
  EX_TEMPFAIL and the MTA keeps the message and tries again later.

The view (kundcenter.mail.views_gate) only translates between HTTP and these functions.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation

from kundcenter.mail.ingest import IngestResult, ingest
from kundcenter.mail.models import InboundMessage

CONTENT_TYPES = ("message/rfc822", "application/octet-stream")
# Seconds the client is told to wait after a database outage (the MTA's own queue
# schedule decides when it really tries again).
RETRY_AFTER_SECONDS = 60
# Connection problems: the database is down, restarting or out of connections. Other
# database errors are faults, answered 500 (the client asks the MTA to retry those too).
UNAVAILABLE = (OperationalError, InterfaceError)

_READ_CHUNK = 64 * 1024
# A refused body up to this many times the limit is read to its end before answering 413.
DRAIN_FACTOR = 4


class GateRefusal(Exception):
    """A request the gate does not take, with its HTTP status and a sentence for the log."""

    status = 400

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class EmptyMessage(GateRefusal):
    status = 400


class MessageTooLarge(GateRefusal):
    status = 413


class UnsupportedType(GateRefusal):
    status = 415


def enabled() -> bool:
    """Is the gate on? It is off (and answers 404) until MAIL_GATE_TOKEN is set."""
    return bool(settings.MAIL_GATE_TOKEN)


def token_matches(authorization: str) -> bool:
    """Does an `Authorization` header carry the gate's bearer token?

    Compared in constant time, as digests of equal length, so neither the time taken nor
    an early mismatch in length tells a caller how close a guess came.
    """
    expected = settings.MAIL_GATE_TOKEN
    scheme, _, presented = (authorization or "").strip().partition(" ")
    if not expected or scheme.lower() != "bearer" or not presented.strip():
        return False
    return hmac.compare_digest(_digest(presented.strip()), _digest(expected))


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def check_content_type(content_type: str) -> None:
    """Only a raw message is taken: message/rfc822 or application/octet-stream."""
    if (content_type or "").split(";")[0].strip().lower() not in CONTENT_TYPES:
        raise UnsupportedType(
            f"send the raw message as {' or '.join(CONTENT_TYPES)}, not {content_type!r}"
        )


def read_message(stream, content_length: int | None, limit: int | None = None) -> bytes:
    """The message from the request body, read in chunks, never more than `limit` bytes.

    A declared length above the limit is refused before anything is read. Django's
    `request.body` is not used: it refuses anything above DATA_UPLOAD_MAX_MEMORY_SIZE
    (a limit for forms) with an error page, where the MTA needs a clear 413.
    """
    limit = settings.MAIL_GATE_MAX_BYTES if limit is None else limit
    if content_length is not None and content_length > limit:
        _drain(stream, content_length, limit)
        raise MessageTooLarge(f"the message has {content_length} bytes; the limit is {limit}")
    chunks, size = [], 0
    while True:
        chunk = stream.read(min(_READ_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            _drain(stream, content_length, limit)
            raise MessageTooLarge(f"the message has more than {limit} bytes")
    raw = b"".join(chunks)
    if not raw.strip():
        raise EmptyMessage("the request carried no message")
    return raw


def _drain(stream, content_length: int | None, limit: int) -> None:
    """Read what is left of a refused body, unless it is absurdly large.

    A client still sending when the server answers and closes may get a connection
    reset instead of the answer, and would ask the MTA to try again: a message that can
    never pass would wait in the queue for days instead of bouncing at once. Only
    callers with the token get this far.
    """
    if content_length is None or content_length > limit * DRAIN_FACTOR:
        return
    while stream.read(_READ_CHUNK):
        pass


def receive(raw: bytes) -> IngestResult:
    """Ingest one message that came through the gate.

    In the site's own language, whatever the client's Accept-Language, so the
    sentences stored with a refusal do not depend on how the MTA's client was built.
    Raises one of UNAVAILABLE when the database cannot be reached: nothing was stored,
    and the MTA should try again.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return ingest(raw, source=InboundMessage.Source.GATE)


def answer(result: IngestResult) -> dict:
    """The JSON body of a 200: what became of the message, and its ticket if any."""
    return {
        "outcome": str(result.outcome),
        "ticket": result.ticket.number if result.ticket else None,
    }
