"""Ingestion: one received e-mail becomes a ticket, a reply, a refusal or nothing.

`ingest()` is the one door for inbound mail; the IMAP poller and the MTA pipe command
both call it. It stores every message (whole) with what became of it, exactly once:
the row's unique (Message-ID, content hash) is claimed first, inside the same
transaction as the ticket, so a second delivery, a re-read after a crash or a second
poller running at the same moment finds the claim and does nothing. The content hash
leaves out the headers each delivery adds, so only a *different* message that reuses a
Message-ID gets through, and is read like any other.

Mail acts as a person only if its sender is plain: a From header that is malformed,
disguises its address or names several senders is refused, and with
MAIL_REQUIRE_AUTHENTICATION so is mail our mail server could not verify as sent from
the sender's domain.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kundcenter.accounts import rules
from kundcenter.accounts.entitlements import module_refusal
from kundcenter.accounts.models import Module, Organization, User
from kundcenter.accounts.rules import support_refusal
from kundcenter.lib.errors import ActionError
from kundcenter.mail.authresults import AuthenticationResults, passing_check
from kundcenter.mail.cleaning import clean_body
from kundcenter.mail.models import InboundMessage, OutboundMessage, RefusalNotice
from kundcenter.mail.parsing import (
    SENDER_DISGUISED,
    SENDER_SEVERAL,
    MailAttachment,
    ParsedMessage,
    content_hash,
    message_key,
    parse_message,
)
from kundcenter.outbox.events import record_mail
from kundcenter.tickets import actions
from kundcenter.tickets.files import check_uploads
from kundcenter.tickets.models import Channel, Ticket
from kundcenter.tickets.workflows import Category

log = logging.getLogger(__name__)

Outcome = InboundMessage.Outcome
Reason = InboundMessage.Reason

# "[Ärende 2026-000123]", "[Ticket 2026-000123]", "[2026-000123]", "[Ärende #2026-000123]".
TICKET_TAG_RE = re.compile(
    r"\[\s*(?:(?:ärende|arende|ticket|case)\s*(?:nr\.?|no\.?)?\s*[:#]?\s*)?#?"
    r"(\d{4}-\d{6})\s*\]",
    re.IGNORECASE,
)
_REPLY_PREFIX_RE = re.compile(r"^\s*((re|sv|aw|fwd?|vb|vs|wg|tr)\s*(\[\d+\])?\s*:\s*)+", re.I)


@dataclass(frozen=True)
class IngestResult:
    """What ingesting one message did."""

    outcome: str
    message_key: str
    record: InboundMessage | None = None
    ticket: Ticket | None = None
    reason_code: str = ""
    reason: str = ""


@dataclass
class _Decision:
    outcome: str
    ticket: Ticket | None = None
    reason_code: str = ""
    reason: str = ""
    # For the explaining reply to a refusal, sent after commit.
    explain: bool = False
    user: User | None = None
    organization: Organization | None = None


# --- the entry point ----------------------------------------------------------------------


def ingest(raw: bytes, *, source: str = InboundMessage.Source.PIPE, now=None) -> IngestResult:
    """Act on one raw RFC 5322 message, exactly once, and store it with its outcome.

    Safe to call again with the same message (returns outcome "duplicate") and from
    several processes at once. A sender's explaining reply is recorded in the outbox in
    the same transaction (so a poller killed after the commit loses nothing) and goes
    out after commit.
    """
    parsed = parse_message(raw)
    key = message_key(parsed, raw)
    digest = content_hash(raw)
    now = now or timezone.now()
    record = InboundMessage(
        message_key=key,
        content_hash=digest,
        received_at=now,
        source=source,
        sender_email=parsed.sender_email[:254],
        sender_name=parsed.sender_name[:200],
        subject=parsed.subject[:300],
        sent_at=_aware(parsed.date),
        outcome=Outcome.IGNORED_LOOP,  # replaced below, in this transaction
        raw=raw,
        size=len(raw),
    )
    claimed = False
    try:
        with transaction.atomic():
            # The claim, before anything else: the same message stored before (its
            # Message-ID and content) fails here on the unique key, and a concurrent ingest
            # of it waits here for our commit (PostgreSQL) or for the write lock (SQLite),
            # then fails. No "seen before?" query first: the claim answers that too.
            record.save(force_insert=True)
            claimed = True
            decision = _decide(parsed, now)
            record.outcome = decision.outcome
            record.reason_code = decision.reason_code
            record.reason = decision.reason
            record.ticket = decision.ticket
            record.save(update_fields=["outcome", "reason_code", "reason", "ticket"])
            if decision.explain and _claim_refusal_notice(parsed.sender_email, now):
                # Recorded in this transaction: a poller killed after the commit loses
                # nothing.
                _send_explanation(record, parsed, decision)
    except IntegrityError:
        if claimed:  # not the claim: a fault in deciding, for the caller to see
            raise
        return IngestResult(Outcome.DUPLICATE, key)
    return IngestResult(
        decision.outcome,
        key,
        record=record,
        ticket=decision.ticket,
        reason_code=decision.reason_code,
        reason=decision.reason,
    )


def _aware(value):
    if value is None:
        return None
    if timezone.is_naive(value):
        return value.replace(tzinfo=UTC)
    return value


# --- deciding -----------------------------------------------------------------------------


def own_addresses() -> set[str]:
    """Our own addresses: mail from them is never answered (no loops between systems)."""
    candidates = [settings.SUPPORT_ADDRESS, settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL]
    return {parseaddr(c)[1].lower() for c in candidates if c and parseaddr(c)[1]}


def loop_reason(parsed: ParsedMessage) -> tuple[str, str] | None:
    """(reason code, evidence) when the message must never be answered, else None."""
    own = own_addresses()
    if parsed.sender_email in own:
        return Reason.OWN_ADDRESS, f"From: {parsed.sender_email}"
    for value in parsed.x_loop:
        if any(address in value for address in own):
            return Reason.OWN_ADDRESS, f"X-Loop: {value}"
    if parsed.is_bounce:
        return Reason.BOUNCE, parsed.auto_reason
    if parsed.is_auto_reply:
        return Reason.AUTO_REPLY, parsed.auto_reason
    if parsed.is_bulk:
        return Reason.BULK, parsed.auto_reason
    if parsed.auto_reason:
        return Reason.AUTO_REPLY, parsed.auto_reason
    return None


def ticket_number_in(subject: str) -> str | None:
    """The ticket number tagged in a subject, e.g. "[Ärende 2026-000123]"."""
    match = TICKET_TAG_RE.search(subject or "")
    return match.group(1) if match else None


def _sender_user(address: str) -> User | None:
    if not address:
        return None
    # LOWER(email) = …, which the case-insensitive unique index answers; email__iexact
    # compares UPPER(…) on PostgreSQL, which no index covers: a scan of every account,
    # for every message.
    people = User.objects.alias(email_lower=Lower("email"))
    return people.filter(email_lower=address.lower(), is_active=True).first()


def _thread_ticket(parsed: ParsedMessage) -> Ticket | None:
    """The ticket this message answers: by the ids it replies to, else by subject tag."""
    ids = parsed.thread_ids
    if ids:
        # Our own notifications first; then mail that already went onto a ticket (a
        # reply-all within a customer's thread).
        found = dict(
            OutboundMessage.objects.filter(message_id__in=ids).values_list("message_id", "ticket")
        )
        # A Message-ID reused by a later message still means the first one with it.
        for mid, ticket_id in (
            InboundMessage.objects.filter(message_key__in=ids, ticket__isnull=False)
            .order_by("received_at", "id")
            .values_list("message_key", "ticket")
        ):
            found.setdefault(mid, ticket_id)
        for mid in ids:
            if mid in found:
                return Ticket.objects.select_related("organization").get(pk=found[mid])
    number = ticket_number_in(parsed.subject)
    if number:
        return Ticket.objects.select_related("organization").filter(number=number).first()
    return None


def _may_reply(user: User | None, ticket: Ticket) -> bool:
    if user is None:
        return False
    if not Ticket.objects.visible_to(user).filter(pk=ticket.pk).exists():
        return False
    return support_refusal(user, ticket.organization) is None


def sender_problem_evidence(parsed: ParsedMessage) -> str:
    """For staff: what is wrong with the sender headers, and the headers as written."""
    if parsed.sender_problem == SENDER_DISGUISED:
        why = _("The display name shows another address than the one the mail came from")
    elif parsed.sender_problem == SENDER_SEVERAL:
        why = _("The message names more than one sender")
    else:
        why = _("The sender address cannot be read as written")
    return f"{why}:\n{parsed.sender_evidence}"


def our_authentication_results(parsed: ParsedMessage) -> AuthenticationResults | None:
    """The verdict of our own mail server: the topmost Authentication-Results header
    (of MAIL_AUTHSERV_ID, when set). Headers further down were written by others."""
    wanted = settings.MAIL_AUTHSERV_ID.strip().lower()
    for results in parsed.authentication:
        if not wanted or results.authserv_id == wanted:
            return results
    return None


def unauthenticated_evidence(parsed: ParsedMessage) -> str | None:
    """None when our mail server verified the sender's domain; else, for staff, why not."""
    results = our_authentication_results(parsed)
    if results is None:
        return _("No Authentication-Results header from our mail server.")
    domain = parsed.sender_email.rpartition("@")[2]
    if passing_check(results, domain) is not None:
        return None
    return f"Authentication-Results: {results.header}"


def _decide(parsed: ParsedMessage, now) -> _Decision:
    loop = loop_reason(parsed)
    if loop:
        return _Decision(Outcome.IGNORED_LOOP, reason_code=loop[0], reason=loop[1])
    if parsed.sender_problem:
        # Whoever the headers seem to name, the mail acts as nobody.
        return _refusal(
            Reason.SENDER_MALFORMED, parsed, None, None, evidence=sender_problem_evidence(parsed)
        )
    user = _sender_user(parsed.sender_email)
    if user is not None and settings.MAIL_REQUIRE_AUTHENTICATION:
        evidence = unauthenticated_evidence(parsed)
        if evidence is not None:
            return _refusal(Reason.UNAUTHENTICATED, parsed, user, None, evidence=evidence)
    body = clean_body(parsed.text, forwarded=parsed.is_forward)
    kept, notes = screen_attachments(parsed.attachments)
    extra: list[str] = []

    ticket = _thread_ticket(parsed)
    closed_for_good = ticket is not None and not actions.may_reopen(ticket, now)
    if ticket is not None and not ticket.is_open and closed_for_good and _may_reply(user, ticket):
        # A ticket closed too long ago takes no replies (one closed within
        # TICKET_REOPEN_DAYS is reopened by the reply below): the mail becomes a new
        # ticket that says so.
        extra.append(
            _("(Sent as a reply to ticket %(number)s, which is closed.)")
            % {"number": ticket.number}
        )
    elif ticket is not None and _may_reply(user, ticket):
        # The action writes inside its own transaction (a savepoint here): one it
        # refuses leaves nothing behind, and the mail becomes a new ticket instead.
        try:
            actions.reply(
                ticket,
                user,
                _with_notes(body, notes) or _("(The e-mail had no text.)"),
                files=_uploads(kept),
                channel=Channel.EMAIL,
                now=now,
            )
            return _Decision(Outcome.REPLY_ADDED, ticket=ticket)
        except ActionError as exc:
            extra.append(
                _("(Sent as a reply to ticket %(number)s: %(why)s)")
                % {"number": ticket.number, "why": exc.message}
            )
    return _register(parsed, user, body, kept, notes + extra, now)


def _register(parsed, user, body, kept, notes, now) -> _Decision:
    """A new ticket from a SuperUser in good standing; else a refusal that explains."""
    if user is None:
        return _refusal(Reason.UNKNOWN_SENDER, parsed, None, None)
    if user.staff_role:
        return _refusal(Reason.STAFF, parsed, user, None)
    organization, code = choose_organization(user)
    if code:
        return _refusal(code, parsed, user, organization)
    description = _with_notes(body, notes) or _("(The e-mail had no text.)")
    try:  # like reply, the action writes in its own transaction
        ticket = actions.register_ticket(
            reporter=user,
            organization=organization,
            category=Category.SUPPORT,
            title=ticket_title(parsed.subject, body),
            description=description,
            module=guess_module(parsed.subject, user, organization),
            channel=Channel.EMAIL,
            files=_uploads(kept),
            now=now,
        )
    except ActionError as exc:
        return _refusal(Reason.NOT_ALLOWED, parsed, user, organization, detail=exc.message)
    return _Decision(Outcome.TICKET_CREATED, ticket=ticket)


def choose_organization(user: User) -> tuple[Organization | None, str]:
    """The customer a SuperUser's mail is for, or (a customer to explain, reason code).

    A person who is SuperUser of several customers gets the first one, in name order
    (by code point, the same on every database), where support is open to them (in good
    standing); the others are never guessed.
    """
    # The memberships support_refusal and register_ticket look at again: read once.
    memberships = sorted(
        rules.memberships(user), key=lambda m: (m.organization.name, m.organization_id)
    )
    superuser_of = [m.organization for m in memberships if m.is_superuser_role]
    for organization in superuser_of:
        if support_refusal(user, organization) is None:
            return organization, ""
    if superuser_of:
        return superuser_of[0], Reason.OVERDUE
    if memberships:
        return memberships[0].organization, Reason.NOT_SUPERUSER
    return None, Reason.NO_CUSTOMER


def guess_module(subject: str, user: User, organization: Organization) -> Module | None:
    """The one module named in the subject (whole word, any case), if the sender may get
    support on it; otherwise None and staff triage."""
    subject = subject or ""
    matches = []
    for module in Module.objects.filter(active=True):
        names = {module.name, module.slug}
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", subject, re.I) for n in names if n):
            matches.append(module)
    if len(matches) != 1:
        return None
    module = matches[0]
    return module if module_refusal(user, organization, module) is None else None


def ticket_title(subject: str, body: str) -> str:
    """The subject without reply/forward prefixes and ticket tags, or the body's start."""
    title = TICKET_TAG_RE.sub("", subject or "")
    title = _REPLY_PREFIX_RE.sub("", title)
    title = " ".join(title.split())
    if not title:
        first = next((line.strip() for line in (body or "").splitlines() if line.strip()), "")
        title = first[:80]
    return (title or _("E-mail without a subject"))[:200]


def _with_notes(body: str, notes: list[str]) -> str:
    parts = [body.strip()] if body and body.strip() else []
    if notes:
        parts.append("\n".join(notes))
    return "\n\n".join(parts)


# --- attachments --------------------------------------------------------------------------


def screen_attachments(
    attachments: tuple[MailAttachment, ...],
) -> tuple[list[MailAttachment], list[str]]:
    """Split a message's files into those the portal would accept and notes for the rest.

    The portal's limits apply (size, type, count). Attached files come before inline
    images, so a signature logo never pushes a real attachment over the count.
    """
    ordered = [a for a in attachments if not a.inline] + [a for a in attachments if a.inline]
    kept, notes = [], []
    for attachment in ordered:
        if len(kept) >= settings.ATTACHMENT_MAX_FILES:
            notes.append(
                _("[attachment %(name)s removed: too many files]") % {"name": attachment.filename}
            )
            continue
        if attachment.size > settings.ATTACHMENT_MAX_BYTES:
            notes.append(
                _("[attachment %(name)s removed: too large]") % {"name": attachment.filename}
            )
            continue
        try:
            check_uploads([_upload(attachment)])
        except ValidationError:
            notes.append(
                _("[attachment %(name)s removed: file type not allowed]")
                % {"name": attachment.filename}
            )
            continue
        kept.append(attachment)
    return kept, notes


def _upload(attachment: MailAttachment) -> SimpleUploadedFile:
    return SimpleUploadedFile(attachment.filename, attachment.content, attachment.content_type)


def _uploads(kept: list[MailAttachment]) -> list[SimpleUploadedFile]:
    # Fresh file objects for every attempt: a failed reply must not leave them consumed.
    return [_upload(a) for a in kept]


# --- refusals -----------------------------------------------------------------------------


def _refusal(code, parsed, user, organization, *, detail="", evidence="") -> _Decision:
    reason = detail or refusal_sentence(
        code, address=parsed.sender_email, user=user, organization=organization
    )
    if evidence:  # for staff only: the sender is told the sentence
        reason = f"{reason}\n\n{evidence}"
    return _Decision(
        Outcome.REFUSED,
        reason_code=code,
        reason=reason,
        explain=bool(parsed.sender_email),
        user=user,
        organization=organization,
    )


def refusal_sentence(code, *, address="", user=None, organization=None) -> str:
    """Why the mail made no ticket, in the active language, for the sender and staff."""
    if code in (Reason.NOT_SUPERUSER, Reason.OVERDUE) and user and organization:
        sentence = support_refusal(user, organization)
        if sentence:
            return sentence
    if code == Reason.STAFF:
        return _(
            "This address belongs to the vendor's staff. Staff answer tickets in the agent "
            "workspace, not by e-mail."
        )
    if code == Reason.NO_CUSTOMER:
        return _(
            "Your account is not linked to a customer yet. Ask your organisation's "
            "SuperUsers to add you, or ask to join in the customer center."
        )
    if code == Reason.SENDER_MALFORMED:
        return _(
            "The sender address of your e-mail is malformed or shows a different address "
            "than the one it was sent from, so we cannot tell who sent it. Tickets are "
            "registered by e-mail only from our customers' SuperUsers, from the address "
            "they are registered with, written plainly."
        )
    if code == Reason.UNAUTHENTICATED:
        return _(
            "Our mail server could not verify that your e-mail was sent from %(address)s "
            "(no passing DMARC, SPF or DKIM check for its domain), so it may not act on "
            "your account. Ask your IT department to set up SPF and DKIM for your e-mail "
            "domain, or register the ticket in the customer center."
        ) % {"address": address}
    return _(
        "We have no customer-center account with the address %(address)s. Tickets are "
        "registered by e-mail only from our customers' SuperUsers, from the address they "
        "are registered with."
    ) % {"address": address}


def _claim_refusal_notice(address: str, now) -> bool:
    """True if the sender may be sent an explanation now (at most one per interval)."""
    if not address:
        return False
    cutoff = now - timedelta(hours=settings.MAIL_REFUSAL_INTERVAL_HOURS)
    notices = RefusalNotice.objects.filter(sender_email=address[:254])
    if notices.filter(last_sent_at__lte=cutoff).update(last_sent_at=now):
        return True
    if notices.exists():
        return False
    try:
        with transaction.atomic():
            RefusalNotice.objects.create(sender_email=address[:254], last_sent_at=now)
    except IntegrityError:  # another worker answered this sender a moment ago
        return False
    return True


def explanation_text(decision_code, *, parsed, user=None, organization=None, detail="") -> str:
    """The explaining reply in the active language."""
    register_url = settings.SITE_URL + reverse("accounts:register")
    sentence = detail or refusal_sentence(
        decision_code, address=parsed.sender_email, user=user, organization=organization
    )
    lines = [
        _("Hello,"),
        "",
        _('Thank you for your e-mail "%(subject)s". It has not been registered as a ticket:')
        % {"subject": parsed.subject or _("(no subject)")},
        "",
        sentence,
        "",
    ]
    if decision_code == Reason.UNKNOWN_SENDER:
        lines += [
            _(
                "If you are a SuperUser, please write from your registered address. New "
                "users register at %(url)s."
            )
            % {"url": register_url},
            "",
        ]
    lines += [
        # No phone number: the sender is not known as a customer handed over to support.
        _("This is an automatic reply; you get it at most once every %(hours)d hours.")
        % {"hours": settings.MAIL_REFUSAL_INTERVAL_HOURS},
        "",
        _("Kind regards,"),
        _("%(vendor)s customer support") % {"vendor": settings.VENDOR_NAME},
    ]
    return "\n".join(lines)


def _languages(user: User | None) -> list[str]:
    first = (user.language if user else "") or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    return [first] + [code for code in codes if code != first]


def _send_explanation(record: InboundMessage, parsed: ParsedMessage, decision: _Decision):
    """Send the one polite explanation (all our languages, the sender's first)."""
    detail = decision.reason if decision.reason_code == Reason.NOT_ALLOWED else ""
    parts: list[str] = []
    for language in _languages(decision.user):
        with translation.override(language):
            text = explanation_text(
                decision.reason_code,
                parsed=parsed,
                user=decision.user,
                organization=decision.organization,
                detail=detail,
            )
        if text not in parts:  # a language not translated yet would repeat the first
            parts.append(text)
    subject = parsed.subject or _("Your e-mail")
    headers = {
        # RFC 3834: an automatic reply, which well-behaved systems never answer.
        "Auto-Submitted": "auto-replied",
        "X-Auto-Response-Suppress": "All",
        "X-Loop": settings.SUPPORT_ADDRESS,
        # What this mail is, for filters and for staff reading a mail log.
        "X-Kundcenter-Mail": f"refusal; reason={decision.reason_code}",
    }
    if parsed.message_id:
        headers["In-Reply-To"] = f"<{parsed.message_id}>"
        headers["References"] = " ".join(f"<{m}>" for m in (*parsed.references, parsed.message_id))
    payload = {
        "to": [parsed.sender_email],
        "subject": f"Re: {subject}"[:250],
        "body": "\n\n----------------------------------------\n\n".join(parts) + "\n",
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "reply_to": [settings.SUPPORT_ADDRESS],
        "headers": headers,
        # Marked answered once sent; given up, the sender may be answered the next time
        # (kundcenter.mail.sending).
        "answers_inbound": record.pk,
    }
    record_mail(payload)


def release_refusal_notice(address: str) -> None:
    """Let the next refused mail from `address` be answered (this answer never went out)."""
    RefusalNotice.objects.filter(sender_email=address[:254]).delete()
