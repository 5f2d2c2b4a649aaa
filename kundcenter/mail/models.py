"""What the e-mail channel remembers: every message received, every message we sent.

Inbound messages are kept whole (the raw RFC 5322 bytes) so staff can always read the
original, and their Message-ID together with a hash of their content is unique, so that
a message is acted on exactly once however often an IMAP poller or an MTA hands it to
us, while a different message that reuses a Message-ID is still kept and read.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Message-IDs longer than this are stored as a hash ("sha256:…") so the unique index
# stays small on every database.
MESSAGE_ID_MAX = 250


def normalize_message_id(value: str) -> str:
    """A Message-ID as we store and compare it: without angle brackets or white space."""
    value = "".join((value or "").split())
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    return value


class InboundMessage(models.Model):
    """One e-mail received on the support address, and what became of it."""

    class Outcome(models.TextChoices):
        TICKET_CREATED = "ticket_created", _("Ticket registered")
        REPLY_ADDED = "reply_added", _("Reply added to a ticket")
        REFUSED = "refused", _("Refused")
        IGNORED_LOOP = "ignored_loop", _("Ignored (automatic mail)")
        # Never stored: a second delivery of a stored message is reported as this.
        DUPLICATE = "duplicate", _("Duplicate")

    class Reason(models.TextChoices):
        NONE = "", _("—")
        UNKNOWN_SENDER = "unknown_sender", _("Unknown sender")
        NO_CUSTOMER = "no_customer", _("Not linked to a customer")
        NOT_SUPERUSER = "not_superuser", _("Not a SuperUser")
        OVERDUE = "overdue", _("Customer has an overdue payment")
        STAFF = "staff", _("Sent by vendor staff")
        NOT_ALLOWED = "not_allowed", _("Not allowed")
        AUTO_REPLY = "auto_reply", _("Automatic reply")
        BULK = "bulk", _("Bulk or mailing-list mail")
        BOUNCE = "bounce", _("Bounce or delivery report")
        OWN_ADDRESS = "own_address", _("Sent from our own address")
        SENDER_MALFORMED = "sender_malformed", _("Sender address malformed or disguised")
        UNAUTHENTICATED = "unauthenticated", _("Sender not verified by our mail server")

    class Source(models.TextChoices):
        IMAP = "imap", _("IMAP mailbox")
        PIPE = "pipe", _("Mail server pipe")
        GATE = "gate", _("HTTP mail gate")
        OTHER = "other", _("Other")

    # The Message-ID without angle brackets, or "sha256:<content hash>" when the message
    # has none (or an unreasonably long one). Replies thread by it.
    message_key = models.CharField(_("Message-ID"), max_length=MESSAGE_ID_MAX + 10)
    # SHA-256 of the message without the trace headers each delivery adds
    # (kundcenter.mail.parsing.content_hash). Unique with message_key: the exactly-once
    # guard, which lets a different message that reuses a Message-ID through.
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, default="")
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    source = models.CharField(_("came in by"), max_length=8, choices=Source.choices)
    sender_email = models.CharField(_("sender"), max_length=254, blank=True, db_index=True)
    sender_name = models.CharField(_("sender name"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason_code = models.CharField(
        _("reason"), max_length=16, choices=Reason.choices, blank=True, default=""
    )
    # For staff: the sentence the sender was told, or the header that marked it automatic.
    reason = models.TextField(_("explanation"), blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_mail",
        verbose_name=_("ticket"),
    )
    # When the explaining reply to a refused message was sent (empty: rate-limited,
    # no usable address, or the mail server failed).
    answered_at = models.DateTimeField(_("explanation sent"), null=True, blank=True)
    # The whole message as received: kept in the database, in the same transaction as
    # the ticket, so the original can never be missing for a stored message.
    raw = models.BinaryField(_("original message"))
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound e-mail")
        verbose_name_plural = _("inbound e-mail")
        indexes = [models.Index(fields=["outcome", "-received_at"], name="inbound_outcome")]
        constraints = [
            # Also the index that finds a Message-ID (its first column).
            models.UniqueConstraint(fields=["message_key", "content_hash"], name="inbound_once"),
        ]

    def __str__(self):
        return f"{self.sender_email}: {self.subject}"


class OutboundMessage(models.Model):
    """A message we sent about a ticket, by its Message-ID.

    Written by the notification sender; read by ingestion to thread a reply (whose
    In-Reply-To or References name this id) onto its ticket. `message_id` is stored
    without angle brackets; use `record()` to get that right.
    """

    message_id = models.CharField(_("Message-ID"), max_length=MESSAGE_ID_MAX, unique=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        related_name="outbound_mail",
        verbose_name=_("ticket"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mail")

    def __str__(self):
        return self.message_id

    @classmethod
    def record(cls, message_id: str, ticket, sent_at=None) -> "OutboundMessage":
        """Remember that `message_id` (with or without <>) was sent about `ticket`."""
        key = normalize_message_id(message_id)[:MESSAGE_ID_MAX]
        obj, _created = cls.objects.get_or_create(
            message_id=key, defaults={"ticket": ticket, "sent_at": sent_at or timezone.now()}
        )
        return obj


class RefusalNotice(models.Model):
    """When a sender was last sent the explanation why their mail made no ticket.

    One row per address; claimed with a conditional UPDATE so that two workers never
    both answer within MAIL_REFUSAL_INTERVAL_HOURS.
    """

    sender_email = models.CharField(_("sender"), max_length=254, unique=True)
    last_sent_at = models.DateTimeField(_("last explanation sent"))

    class Meta:
        verbose_name = _("refusal notice")
        verbose_name_plural = _("refusal notices")

    def __str__(self):
        return f"{self.sender_email} {self.last_sent_at:%Y-%m-%d %H:%M}"


class NotificationPreference(models.Model):
    """Which of the optional notification e-mails a person wants. No row: all of them.

    Essential mail cannot be turned off and has no field here: the ticket number on
    registration, a cost proposal or a fix waiting for the customer, changes to support
    access grants, password resets (see kundcenter.mail.notifications).
    """

    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    replies = models.BooleanField(_("new replies on my tickets"), default=True)
    status_changes = models.BooleanField(_("status changes on my tickets"), default=True)
    team_new_tickets = models.BooleanField(_("new tickets in my team's queue"), default=True)
    sla_alerts = models.BooleanField(_("service-level warnings and breaches"), default=True)
    mentions = models.BooleanField(_("mentions in internal notes"), default=True)
    assignments = models.BooleanField(_("tickets assigned to me"), default=True)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user_id}"
