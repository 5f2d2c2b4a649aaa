"""Erasure as anonymisation (GDPR art. 17), irreversible and audited.

The account stays as an anonymous shell so tickets, replies and histories stay readable
for the customer ("Anonymiserad användare"); everything that identifies the person is
replaced: the account's own fields, every text column in the database where their name,
address or phone number appears, their raw inbound mail and their attachments.

Kept, by design:
- billing records (time entries, accepted cost proposals) inside the bookkeeping period
  (settings.PRIVACY_BOOKKEEPING_YEARS) keep their non-personal content;
- the processing log is append-only accountability evidence and is never rewritten. It
  holds no names or addresses to begin with (kundcenter.privacy.log): its entries about
  the person stay, tied to the anonymised account, and read as that account from then on.
  The former address finds them no more: the log keeps an address's keyed hash only for
  people without an account, and the account no longer has the address. For a person
  who never had an account that hash is all the log holds; it stays, and cannot be
  turned back into the address.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.accounts import two_factor
from kundcenter.lib.errors import ActionError
from kundcenter.privacy import log
from kundcenter.privacy.models import DataSubjectRequest, LegalHold
from kundcenter.privacy.requests import add_one_month, may_handle_requests
from kundcenter.privacy.subject import PHONE_FIELDS, personal_data, raw_mail_mentioning

# Stored data, not UI text: the customer reads it in the ticket whatever their language.
ANONYMOUS_NAME = "Anonymiserad användare"
REMOVED = "[borttaget]"
RAW_PLACEHOLDER = b"X-Kundcenter-Erased: yes\r\n\r\n(The original message was erased.)\r\n"

# Never rewritten by the text sweep: the processing log is append-only (and holds no
# names or addresses, which the erasure tests check in every column); other people's
# accounts and customers' names are not this person's data even when a name coincides.
SWEEP_EXCLUDED = {"privacy.processinglogentry", "accounts.user", "accounts.organization"}


def anonymous_email(key) -> str:
    return f"anon-{key}@invalid"


@dataclass
class ErasureResult:
    """What an erasure did, for the confirmation message and the request's note."""

    user_id: int | None
    rows_rewritten: int = 0
    attachments_deleted: int = 0
    mails_replaced: int = 0
    billing_rows_kept: int = 0
    places: list[str] = field(default_factory=list)


def bookkeeping_cutoff(now=None) -> datetime.date:
    """Billing rows dated on or after this day must keep their content."""
    years = int(getattr(settings, "PRIVACY_BOOKKEEPING_YEARS", 7))
    today = timezone.localdate(now or timezone.now())
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def legal_hold_for(user) -> LegalHold | None:
    """The active legal hold that blocks erasing `user`, on them or on a customer of theirs."""
    if user is None:
        return None
    org_ids = set(user.memberships.values_list("organization_id", flat=True))
    org_ids |= set(user.reported_tickets.values_list("organization_id", flat=True).distinct())
    return (
        LegalHold.objects.filter(active=True)
        .filter(Q(user=user) | Q(organization_id__in=org_ids))
        .select_related("organization")
        .first()
    )


def erasure_refusal(user, *, by) -> str | None:
    """Why `by` may not erase `user` now, or None."""
    if not may_handle_requests(by):
        return _("Only support managers and administrators may erase a person's data.")
    if user is not None and user.pk == by.pk:
        return _("You cannot erase your own account; ask another administrator.")
    hold = legal_hold_for(user)
    if hold is not None:
        if hold.user_id:
            return _("A legal hold on this person blocks erasure: %(reason)s") % {
                "reason": hold.reason
            }
        return _("A legal hold on the customer %(customer)s blocks erasure: %(reason)s") % {
            "customer": hold.organization.name,
            "reason": hold.reason,
        }
    return None


def _identifiers(found, user):
    """The strings that identify the person, each with what replaces it."""
    key = user.pk if user else "x"
    replacements = {}
    for address in found.emails:
        replacements[address.lower()] = anonymous_email(key)
    names = set()
    if user is not None and len((user.full_name or "").strip()) >= 4:
        names.add(user.full_name.strip())
    mail_model = apps.get_model("mail", "InboundMessage")
    for name in (
        mail_model.objects.filter(sender_email__in=found.emails)
        .exclude(sender_name="")
        .values_list("sender_name", flat=True)
        .distinct()
    ):
        if len(name.strip()) >= 4:
            names.add(name.strip())
    for name in names:
        replacements[name.lower()] = ANONYMOUS_NAME
    phone = (getattr(user, "phone", "") or "").strip()
    if sum(ch.isdigit() for ch in phone) >= 5:
        replacements[phone.lower()] = REMOVED
    return replacements


def _pattern(replacements):
    # Longest first, so "Anna Berg Svensson" is replaced before "Anna Berg"; whole words
    # only, so "Bo" is erased and "Bolaget" is not. Case-insensitive, Unicode too.
    tokens = sorted(replacements, key=len, reverse=True)
    alternatives = "|".join(re.escape(t) for t in tokens)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


# A name part shorter than this is not redacted on its own ("Li" is; "A." is not).
NAME_PART_MIN = 2


def _name_parts(found, user) -> set[str]:
    """The person's first and last names (and any middle name), each on its own.

    Used only on the person's own tickets (`_own_tickets`): there a staff reply saying
    "Hej Zebulon!" names them; anywhere else a first name alone is someone else's.
    """
    names = []
    if user is not None:
        names.append(user.full_name or "")
    mail_model = apps.get_model("mail", "InboundMessage")
    names += mail_model.objects.filter(sender_email__in=found.emails).values_list(
        "sender_name", flat=True
    )
    parts = set()
    for name in names:
        for part in re.split(r"[\s,]+", name or ""):
            part = part.strip(".\"'()<>")
            if len(part) >= NAME_PART_MIN and any(ch.isalpha() for ch in part):
                parts.add(part)
    return parts - {ANONYMOUS_NAME, *ANONYMOUS_NAME.split()}


def _own_tickets(found, user):
    """The person's tickets: those they reported, and those their e-mail opened or joined."""
    ticket_model = apps.get_model("tickets", "Ticket")
    mine = Q(inbound_mail__sender_email__in=found.emails) if found.emails else Q(pk__in=[])
    if user is not None:
        mine |= Q(reporter=user)
    return list(ticket_model.objects.filter(mine).values_list("pk", flat=True).distinct())


def scrub_own_tickets(ticket_ids, name_parts, originals=()) -> int:
    """Replace the person's first and last names, each alone, in their tickets' text:
    the ticket, its replies, events, calls and e-mail (subject, text and original)."""
    if not ticket_ids or not name_parts:
        return 0
    replacements = {part.lower(): ANONYMOUS_NAME for part in name_parts}
    pattern = _pattern(replacements)
    search_terms = sorted(set(replacements) | set(name_parts) | set(originals))

    def substitute(match):
        return replacements[match.group(0).lower()]

    changed_rows = 0
    ticket_model = apps.get_model("tickets", "Ticket")
    for model in apps.get_models():
        if model._meta.label_lower in SWEEP_EXCLUDED or not model._meta.managed:
            continue
        if model is ticket_model:
            rows = model._base_manager.filter(pk__in=ticket_ids)
        else:
            links = [
                f.name
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is ticket_model
            ]
            if not links:
                continue
            on_ticket = Q(pk__in=[])
            for link in links:
                on_ticket |= Q(**{f"{link}__in": ticket_ids})
            rows = model._base_manager.filter(on_ticket)
        fields = _text_fields(model)
        if not fields:
            continue
        lookup = Q()
        for f in fields:
            for token in search_terms:
                lookup |= Q(**{f"{f.name}__icontains": token})
        for row in rows.filter(lookup).values("pk", *[f.attname for f in fields]).iterator():
            update = {}
            for f in fields:
                value = row[f.attname]
                if value and pattern.search(value):
                    new = pattern.sub(substitute, value)
                    update[f.attname] = new[: f.max_length] if f.max_length else new
            if update:
                model._base_manager.filter(pk=row["pk"]).update(**update)
                changed_rows += 1
    # The original bytes of their tickets' mail: replaced whole when a name part is there.
    mail_model = apps.get_model("mail", "InboundMessage")
    mail_model.objects.filter(ticket_id__in=ticket_ids).filter(
        raw_mail_mentioning(sorted(set(name_parts) | {p.lower() for p in name_parts}))
    ).update(raw=RAW_PLACEHOLDER, size=len(RAW_PLACEHOLDER))
    return changed_rows


def _text_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.primary_key
    ]


def scrub_text_columns(replacements, originals=()) -> int:
    """Replace the identifiers in every text column of every model; returns rows changed.

    `originals` are the identifiers as written: SQLite's LIKE folds only ASCII case, so
    "Åsa" is searched as written as well as in lower case.
    """
    pattern = _pattern(replacements)
    search_terms = sorted(set(replacements) | set(originals))

    def substitute(match):
        return replacements[match.group(0).lower()]

    changed_rows = 0
    for model in apps.get_models():
        if model._meta.label_lower in SWEEP_EXCLUDED or not model._meta.managed:
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        lookup = Q()
        for f in fields:
            for token in search_terms:
                lookup |= Q(**{f"{f.name}__icontains": token})
        manager = model._base_manager
        names = [f.attname for f in fields]
        for row in manager.filter(lookup).values("pk", *names).iterator():
            update = {}
            for f in fields:
                value = row[f.attname]
                if value and pattern.search(value):
                    new = pattern.sub(substitute, value)
                    update[f.attname] = new[: f.max_length] if f.max_length else new
            if update:
                manager.filter(pk=row["pk"]).update(**update)
                changed_rows += 1
    return changed_rows


def replace_raw_mail(found, replacements, originals=()) -> int:
    """Replace stored original messages from or mentioning the person with a placeholder.

    The database finds them (name, address or phone in the original bytes, or the
    person as sender); the other mail is not read.
    """
    mail_model = apps.get_model("mail", "InboundMessage")
    needles = sorted(set(replacements) | set(originals))
    hits = mail_model.objects.filter(
        raw_mail_mentioning(needles) | Q(sender_email__in=found.emails)
    )
    hit_ids = list(hits.values_list("pk", flat=True))
    if hit_ids:
        mail_model.objects.filter(pk__in=hit_ids).update(
            raw=RAW_PLACEHOLDER, size=len(RAW_PLACEHOLDER)
        )
        mail_model.objects.filter(pk__in=hit_ids, sender_email__in=found.emails).update(
            sender_name=ANONYMOUS_NAME
        )
    return len(hit_ids)


def _delete_attachments(user) -> int:
    attachment_model = apps.get_model("tickets", "Attachment")
    attachments = list(attachment_model.objects.filter(uploaded_by=user))
    files = [a.file for a in attachments if a.file]
    storage_names = [(f.storage, f.name) for f in files]

    def remove_files():
        for storage, name in storage_names:
            storage.delete(name)

    # Files go only once the database change is certain.
    transaction.on_commit(remove_files)
    attachment_model.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    return len(attachments)


def _clear_phone_numbers(found) -> int:
    """Empty the columns that hold the person's phone number as digits (PHONE_FIELDS)."""
    cleared = 0
    for place in found.places:
        if place.label in PHONE_FIELDS and place.relation in PHONE_FIELDS[place.label]:
            cleared += place.queryset().update(**{place.relation: ""})
    return cleared


def _anonymise_account(user):
    user.full_name = ANONYMOUS_NAME
    user.email = anonymous_email(user.pk)
    user.phone = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.staff_role = ""
    user.team = None
    user.save(
        update_fields=[
            "full_name",
            "email",
            "phone",
            "password",
            "is_active",
            "is_staff",
            "is_superuser",
            "staff_role",
            "team",
        ]
    )
    user.groups.clear()
    user.user_permissions.clear()


def _end_sessions(user, emails) -> int:
    """Delete the person's sessions and any session that names one of their addresses
    (a registration remembers where its mail went: `registration_sent_to`)."""
    session_model = apps.get_model("sessions", "Session")
    addresses = [address.lower() for address in emails if address]
    user_id = str(user.pk) if user is not None else None
    doomed = []
    for session in session_model.objects.iterator():
        data = session.get_decoded()  # {} for a session that does not decode
        if user_id is not None and str(data.get("_auth_user_id", "")) == user_id:
            doomed.append(session.pk)
            continue
        text = json.dumps(data, default=str, ensure_ascii=False).lower()
        if any(address in text for address in addresses):
            doomed.append(session.pk)
    if doomed:
        session_model.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def _billing(user, cutoff):
    """Clear the person's time-entry notes older than the bookkeeping period; count kept."""
    time_entry = apps.get_model("tickets", "TimeEntry")
    proposal = apps.get_model("tickets", "CostProposal")
    time_entry.objects.filter(user=user, work_date__lt=cutoff).exclude(note="").update(note="")
    kept = time_entry.objects.filter(user=user, work_date__gte=cutoff).count()
    kept += (
        proposal.objects.filter(state=proposal.State.ACCEPTED, decided_at__date__gte=cutoff)
        .filter(Q(decided_by=user) | Q(created_by=user))
        .count()
    )
    return kept


@transaction.atomic
def erase_person(*, by, user=None, email=None, dsr: DataSubjectRequest | None = None, now=None):
    """Anonymise everything held about `user` (or the address `email`). Irreversible.

    Refused (ActionError, nothing changed) for anyone but managers and administrators,
    and while a legal hold covers the person or a customer of theirs. Writes a
    processing-log entry and closes (or creates) the erasure request.
    """
    now = now or timezone.now()
    if user is None and not (email or "").strip():
        raise ActionError(_("Give the person's e-mail address."))
    found = personal_data(user=user, email=email)
    user = found.user
    if user is not None:
        # Lock the account so two erasures (or an erasure and a login) do not interleave.
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
    refusal = erasure_refusal(user, by=by)
    if refusal:
        raise ActionError(refusal)
    originals = [user.full_name, user.phone] if user is not None else []
    originals = [value for value in originals if value]
    replacements = _identifiers(found, user)
    name_parts = _name_parts(found, user)
    own_tickets = _own_tickets(found, user)
    result = ErasureResult(user_id=user.pk if user else None)
    result.places = [place.key for place, _count in found.counts()]

    if dsr is None:
        dsr = DataSubjectRequest.objects.create(
            user=user,
            email="",
            kind=DataSubjectRequest.Kind.ERASURE,
            received_at=now,
            due_at=add_one_month(now),
        )
    mail_models = apps.get_model("mail", "RefusalNotice")
    mail_models.objects.filter(sender_email__in=found.emails).delete()
    # Mail to the person (and registrations, resets) still waiting in the outbox never go.
    to_them = Q(pk__in=[])
    for address in found.emails:
        to_them |= Q(recipient__iexact=address)
    apps.get_model("outbox", "OutboxItem").objects.filter(to_them).delete()
    _end_sessions(user, found.emails)
    if user is not None:
        result.attachments_deleted = _delete_attachments(user)
        user.memberships.all().delete()
        user.join_requests.all().delete()
        apps.get_model("mail", "NotificationPreference").objects.filter(user=user).delete()
        # Their webhook endpoints (address, description, secret) with their delivery logs.
        apps.get_model("webhooks", "Endpoint").objects.filter(owner=user).delete()
        # Their API tokens: nothing may act as an erased person.
        apps.get_model("api", "PersonalToken").objects.filter(user=user).delete()
        # Their authenticator app and backup codes: of no use to an erased account.
        two_factor.reset(user)
        result.billing_rows_kept = _billing(user, bookkeeping_cutoff(now))
        _anonymise_account(user)
    result.mails_replaced = replace_raw_mail(found, replacements, originals)
    result.rows_rewritten = scrub_text_columns(replacements, originals)
    result.rows_rewritten += scrub_own_tickets(own_tickets, name_parts, originals)
    result.rows_rewritten += _clear_phone_numbers(found)
    # The sweep may have rewritten the request's own note; build on the scrubbed text.
    dsr.refresh_from_db()

    dsr.status = DataSubjectRequest.Status.DONE
    dsr.handled_by = by
    dsr.handled_at = now
    dsr.email = anonymous_email(user.pk) if user else ""
    dsr.note = (
        dsr.note
        + "\n"
        + _(
            "Erased: %(rows)s rows rewritten, %(files)s attachments deleted, "
            "%(mails)s e-mails replaced, %(kept)s billing records kept."
        )
        % {
            "rows": result.rows_rewritten,
            "files": result.attachments_deleted,
            "mails": result.mails_replaced,
            "kept": result.billing_rows_kept,
        }
    ).strip()
    dsr.save(update_fields=["status", "handled_by", "handled_at", "email", "note"])
    # By account; someone without one by their (erased) address's keyed hash.
    log.record_entry(
        actor=by,
        action=log.Action.ERASE,
        subject=user if user is not None else (found.emails[0] if found.emails else None),
        obj=f"data-subject request {dsr.pk}",
        at=now,
    )
    return result
