"""Tickets (ärenden), their messages, attachments and event history."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import Module, Organization, Team
from kundcenter.tickets.workflows import Category, CloseReason, Lane, Status, label_of

OPEN_STATUSES = [s.value for s in Status if s != Status.CLOSED]


class TicketCounter(models.Model):
    """The last ticket sequence number handed out per year (row-locked while used)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ticket counter")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    # Ordered from the service catalog (kundcenter.catalog.actions.order_service).
    CATALOG = "catalog", _("Service catalog")


class ServiceLevel(models.IntegerChoices):
    L1 = 1, _("1 – the service cannot start")
    L2 = 2, _("2 – business considerably hampered")
    L3 = 3, _("3 – part of the business hampered")
    L4 = 4, _("4 – important, can be worked around")
    L5 = 5, _("5 – standard level")


SERVICE_LEVEL_DESCRIPTIONS = {
    1: _(
        "The service cannot start; the whole or essential parts are unavailable "
        "and there is no workaround."
    ),
    2: _("The business is considerably hampered, but use is not prevented."),
    3: _(
        "Part of the business is considerably hampered, but use is not prevented. Also "
        "level 1–2 cases where a workaround is provided."
    ),
    4: _("Important to your business, but it can be worked around."),
    5: _("Does not noticeably hamper the business; most bugs are at this level."),
}


class TicketQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Status.CLOSED)

    def resolved(self):
        return self.filter(status=Status.CLOSED)

    def visible_to(self, user):
        """Tickets `user` may see. Everything else is 404 to them (see access.py)."""
        from kundcenter.tickets.access import visible_tickets_filter

        return self.filter(visible_tickets_filter(user))


class Ticket(models.Model):
    """One registered matter (ärende) with a unique, human-friendly number."""

    number = models.CharField(_("ticket number"), max_length=16, unique=True, editable=False)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("customer")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_tickets",
        verbose_name=_("reported by"),
    )
    module = models.ForeignKey(
        Module,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("module"),
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    service_level = models.PositiveSmallIntegerField(
        _("service level"), choices=ServiceLevel.choices, null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("team")
    )
    lane = models.CharField(_("lane"), max_length=12, choices=Lane.choices, default=Lane.SUPPORT)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    # Where a ticket goes back to when the customer has answered.
    resume_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    close_reason = models.CharField(
        _("close reason"), max_length=10, choices=CloseReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("latest activity"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    message_count = models.PositiveIntegerField(default=0, editable=False)
    # Work outside free support: needs an accepted cost proposal before it starts.
    billable = models.BooleanField(_("outside free support"), default=False)

    # Service-level clock (kundcenter.sla.clock keeps these in step; see DOMAIN.md).
    sla_terms = models.ForeignKey(
        "sla.SlaTermsVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("service-level terms"),
    )
    sla_clock_start = models.DateTimeField(_("clock started"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("handling due"), null=True, blank=True)
    response_warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    resolution_window_start = models.DateTimeField(
        _("resolution window opens"), null=True, blank=True
    )
    handling_started_at = models.DateTimeField(_("handling started"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("business seconds paused"), default=0)
    response_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    response_breached_at = models.DateTimeField(_("handling late since"), null=True, blank=True)
    resolution_breached_at = models.DateTimeField(_("resolution late since"), null=True, blank=True)
    # The nearest pending deadline: handling due until handling starts, then resolution
    # due; empty while paused or closed. The queue sorts on it and the sweep scans it.
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    # Business time (the SLA calendar) from registration to handling start, and to closing
    # less the time paused, in seconds. Stored by the clock when they happen (see
    # kundcenter.sla.clock.durations), so the times report reads them instead of working
    # them out for every ticket at every request; `manage.py rebuild_report_figures`
    # recomputes them.
    handling_business_seconds = models.FloatField(null=True, blank=True, editable=False)
    resolution_business_seconds = models.FloatField(null=True, blank=True, editable=False)
    # Which cells of TicketCount this ticket is counted in (kundcenter.tickets.counts):
    # kept in step by `save()`, so a change moves the ticket from its old cells to its new.
    counted_as = models.CharField(max_length=120, blank=True, editable=False)
    # Which cells of the times report's histograms (DurationCount) this ticket is counted
    # in (kundcenter.tickets.timings), kept in step by `save()` the same way.
    timed_as = models.CharField(max_length=80, blank=True, editable=False)
    # Which cells of CustomerCount (new tickets per customer and month) it is counted in
    # (kundcenter.tickets.customer_counts), kept in step by `save()` the same way.
    customer_counted_as = models.CharField(max_length=40, blank=True, editable=False)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["organization", "-last_activity_at"], name="ticket_org_activity"),
            # The portal's open tab: its count and its page (latest activity first) read
            # only the customer's open tickets, however many it has closed over the years
            # (at a million tickets the biggest customer has some 45,000).
            models.Index(
                fields=["organization", "-last_activity_at"],
                condition=~models.Q(status="closed"),
                name="ticket_org_open_activity",
            ),
            models.Index(
                fields=["team", "status", "service_level", "created_at"], name="ticket_queue"
            ),
            models.Index(fields=["lane", "status", "created_at"], name="ticket_lane"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee"),
            # The queue's urgency order (next_due_at, created_at; the pk is in every index):
            # an index that gives the whole order lets the first page be read from its
            # start, and SQLite's planner keeps to it with statistics present (with one
            # giving only the first column it sorted the whole table instead).
            models.Index(fields=["team", "next_due_at", "created_at"], name="ticket_team_due"),
            models.Index(fields=["next_due_at", "created_at"], name="ticket_due"),
            # A team's open tickets in the queue's order: the search in them
            # (kundcenter.tickets.queues.first_matches) reads the first of them in order
            # without skipping the closed ones between them. (Not also one over every
            # team's open tickets: PostgreSQL combined such a whole partial index with
            # ticket_org_open_activity's, 56,000 rows each at a million, instead of using
            # the word index, 300 ms for a word without hits.)
            models.Index(
                fields=["team", "next_due_at", "created_at"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="ticket_open_team_due",
            ),
            models.Index(fields=["response_warn_at"], name="ticket_warn"),
            # The reports: tickets registered in a range (per customer, the dashboard's
            # today and this month), the open ones, and the week's breaches; with the
            # closing time, the backlog's age is read from this index alone.
            models.Index(
                fields=["created_at", "organization", "closed_at"], name="ticket_created_closed"
            ),
            # The times report reads the durations of a range from this index alone.
            # (Key columns, not INCLUDE: SQLite has no covering indexes and would warn.)
            models.Index(
                fields=[
                    "created_at",
                    "handling_business_seconds",
                    "resolution_business_seconds",
                    "service_level",
                    "category",
                    "team",
                    "module",
                    "lane",
                ],
                name="ticket_created_durations",
            ),
            models.Index(
                fields=["team", "lane"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="ticket_open_team_lane",
            ),
            models.Index(
                fields=[
                    "created_at",
                    "category",
                    "channel",
                    "module",
                    "team",
                    "lane",
                    "organization",
                ],
                condition=models.Q(closed_at__isnull=True),
                name="ticket_unclosed",
            ),
            models.Index(fields=["response_breached_at"], name="ticket_response_breach"),
            models.Index(fields=["resolution_breached_at"], name="ticket_resolution_breach"),
            # Sorting the queue by latest activity (alone or within a team).
            models.Index(fields=["last_activity_at"], name="ticket_activity"),
            models.Index(fields=["team", "last_activity_at"], name="ticket_team_activity"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        """Save, and move the ticket between the report counts (TicketCount) when what
        they count it by changed, in the same transaction."""
        from kundcenter.tickets import counts, customer_counts, timings

        update_fields = kwargs.get("update_fields")
        followers = [
            recount
            for fields, recount in (
                (counts.COUNTED_FIELDS, counts.recount),
                (timings.TIMED_FIELDS, timings.retime),
                (customer_counts.COUNTED_FIELDS, customer_counts.recount),
            )
            if update_fields is None or fields.intersection(update_fields)
        ]
        if not followers:
            super().save(*args, **kwargs)
            return
        # No savepoint: the caller's transaction (every action has one) is enough.
        with transaction.atomic(savepoint=False):
            if self._state.adding and not self.counted_as:
                # A new ticket is inserted with its key: no UPDATE after the INSERT.
                self.counted_as = counts.key_of(self)
                super().save(*args, **kwargs)
                counts.move("", self.counted_as)
                return
            super().save(*args, **kwargs)
            for recount in followers:
                recount(self)

    # The labels of the status and the category, which every list row shows. Django's own
    # get_FOO_display builds the field's whole choices dict again at every call (about
    # 80 µs; 50 calls on a page of the customer's list).
    def get_status_display(self):
        return str(label_of(Status, self.status))

    def get_category_display(self):
        return str(label_of(Category, self.category))

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def workflow(self):
        from kundcenter.tickets.workflows import workflow_for

        return workflow_for(self.category)


class TicketCount(models.Model):
    """How many tickets fall in one cell of a report count: tickets registered (`new`),
    closed (`closed`) or with a service-level target by outcome (`sla`), per local day
    (`span` d) and per month (`span` m) and per what the reports filter and group by.

    Kept current by `Ticket.save()` and the SLA sweep (kundcenter.tickets.counts, which
    also rebuilds it), so the volumes and service-level reports add up a few thousand
    cells instead of counting a million tickets. 0 stands for "none" in the id columns
    and "" in the text columns, so every cell has one row (unique, upserted)."""

    cube = models.CharField(max_length=6)
    span = models.CharField(max_length=1)
    period = models.DateField()
    category = models.CharField(max_length=10)
    channel = models.CharField(max_length=10)
    module = models.IntegerField()
    industry = models.IntegerField()
    team = models.IntegerField()
    lane = models.CharField(max_length=12)
    service_level = models.SmallIntegerField()
    handling = models.CharField(max_length=8)
    resolution = models.CharField(max_length=8)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("ticket count")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "cube",
                    "span",
                    "period",
                    "category",
                    "channel",
                    "module",
                    "industry",
                    "team",
                    "lane",
                    "service_level",
                    "handling",
                    "resolution",
                ],
                name="ticketcount_cell",
            )
        ]

    def __str__(self):
        return f"{self.cube} {self.span} {self.period}: {self.n}"


class DurationCount(models.Model):
    """How many tickets registered in a month (`period`, its first day) took a business
    time to handling start (`measure` h) or to resolution (r) that falls in `bucket` (the
    value the times report takes for it, in seconds; kundcenter.tickets.timings.bucket),
    per lane ("" = every lane) and per grouping: the whole month (`axis` ""), or one
    service level, category or team (`axis` level/category/team, `value` the level, code
    or team id; "0" for none). The same counts again in bands of buckets (`measure` H and
    R, `bucket` the band's lower bound; kundcenter.tickets.timings.band).

    Kept current by `Ticket.save()` (kundcenter.tickets.timings, which also rebuilds it),
    so the times report takes medians and percentiles of whole months from a few thousand
    histogram cells instead of sorting a year of durations."""

    period = models.DateField()
    lane = models.CharField(max_length=12)
    axis = models.CharField(max_length=8)
    value = models.CharField(max_length=12)
    measure = models.CharField(max_length=1)
    bucket = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("duration count")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "lane", "axis", "value", "measure", "bucket"],
                name="durationcount_cell",
            )
        ]
        # The band cells alone (a sixth of the cells), read without the table: the count
        # is the last key column, not an INCLUDE column, which SQLite does not know
        # (Django would warn on every command there).
        indexes = [
            models.Index(
                fields=["lane", "period", "measure", "axis", "value", "bucket", "n"],
                condition=models.Q(measure__in=["H", "R"]),
                name="durationcount_band",
            )
        ]

    def __str__(self):
        return f"{self.period} {self.axis}={self.value} {self.measure} {self.bucket}: {self.n}"


class CustomerCount(models.Model):
    """How many tickets a customer (`organization`, its id) registered in a month
    (`period`, its first day), per lane ("" = every lane). Kept current by
    `Ticket.save()` (kundcenter.tickets.customer_counts, which also rebuilds it), so the
    volumes report finds the busiest customers of a year from each month's busiest."""

    period = models.DateField()
    lane = models.CharField(max_length=12)
    organization = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("customer count")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "lane", "organization"], name="customercount_cell"
            )
        ]
        # A month's busiest customers first, read from the index alone.
        indexes = [
            models.Index(fields=["period", "lane", "-n", "organization"], name="customercount_rank")
        ]

    def __str__(self):
        return f"{self.period} {self.organization}: {self.n}"


class Message(models.Model):
    """A public reply (återkoppling, customer-visible) or an internal note (staff only)."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages", verbose_name=_("ticket")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ticket_messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"))
    internal = models.BooleanField(_("internal note"), default=False)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["ticket", "created_at"])]

    def __str__(self):
        return f"{self.ticket.number}: {self.body[:40]}"


def attachment_path(instance, filename):
    """Random server-side names: the user's file name is kept only in the database."""
    suffix = PurePath(filename).suffix.lower()[:10]
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file on a ticket. Served only through the access-checked download view."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("ticket")
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("message"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    internal = models.BooleanField(_("internal"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename


class TicketEvent(models.Model):
    """Every change to a ticket: its timeline and audit trail."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Registered")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        CATEGORY = "category", _("Category changed")
        SERVICE_LEVEL = "level", _("Service level changed")
        TEAM = "team", _("Moved to another team")
        LANE = "lane", _("Handed over")
        REPLY = "reply", _("Reply")
        NOTE = "note", _("Internal note")
        PHONE = "phone", _("Phone call logged")
        SLA = "sla", _("Service level")
        PROPOSAL = "proposal", _("Cost proposal")
        BILLABLE = "billable", _("Outside free support")
        SURVEY = "survey", _("Customer satisfaction")
        LINK = "link", _("Linked tickets")
        MERGED = "merged", _("Duplicate merged")
        TAG = "tag", _("Tags changed")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    old_value = models.CharField(_("from"), max_length=200, blank=True)
    new_value = models.CharField(_("to"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Customers see the public events (status changes, replies); the rest is staff-only.
    public = models.BooleanField(_("visible to the customer"), default=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        indexes = [models.Index(fields=["ticket", "created_at"])]

    def __str__(self):
        return f"{self.ticket_id} {self.kind}"


class BillableReason(models.TextChoices):
    ORDER = "order", _("Order")
    EXTRA_SERVICE = "extra_service", _("Extra service")
    CUSTOMER_IT = "customer_it", _("The customer's IT environment")
    CUSTOMER_HANDLING = "customer_handling", _("The customer's handling")


class CostProposal(models.Model):
    """A cost proposal (kostnadsförslag) that a SuperUser accepts before billable work."""

    class Pricing(models.TextChoices):
        FIXED = "fixed", _("Fixed price")
        HOURLY = "hourly", _("Estimated hours × rate")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the customer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("ticket")
    )
    description = models.TextField(_("what the work covers"))
    pricing = models.CharField(_("pricing"), max_length=8, choices=Pricing.choices)
    fixed_price = models.DecimalField(
        _("fixed price (SEK, excl. VAT)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    hourly_rate = models.DecimalField(
        _("hourly rate (SEK, excl. VAT)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cost proposal")
        verbose_name_plural = _("cost proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"], condition=models.Q(state="pending"), name="one_pending_proposal"
            )
        ]

    def __str__(self):
        return f"{self.ticket.number}: {self.get_pricing_display()}"

    @property
    def total(self):
        if self.pricing == self.Pricing.FIXED:
            return self.fixed_price
        if self.estimated_hours is not None and self.hourly_rate is not None:
            return self.estimated_hours * self.hourly_rate
        return None


class TimeEntry(models.Model):
    """Time spent on a ticket, billable or not; billable time needs a reason."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="time_entries", verbose_name=_("ticket")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="time_entries",
        verbose_name=_("who"),
    )
    work_date = models.DateField(_("date"), default=timezone.localdate)
    minutes = models.PositiveIntegerField(_("minutes"))
    billable = models.BooleanField(_("billable"), default=False)
    reason = models.CharField(
        _("why billable"), max_length=20, choices=BillableReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["work_date", "id"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        indexes = [models.Index(fields=["work_date", "billable"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(billable=False) | ~models.Q(reason=""),
                name="billable_time_has_reason",
            )
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.minutes} min"


class PhoneCall(models.Model):
    """One call to the support line: the call log that the average phone wait comes from.

    Fed by staff when they log a call (the agent side) and by the switchboard through the
    API. Lives beside the tickets because a phone contact is served with a ticket number:
    a call belongs to the phone channel and is usually linked to the ticket it was about.
    `external_id` is the switchboard's own id, unique per source, so a repeated POST
    finds the call it already made. The caller's number is personal data: it is stored
    as digits only (kundcenter.lib.phone.normalize_phone) so the privacy export and
    erasure find it from the person's phone, however either was written.
    """

    class Source(models.TextChoices):
        STAFF = "staff", _("Logged by staff")
        SWITCHBOARD = "switchboard", _("Switchboard")

    started_at = models.DateTimeField(
        _("call came in"), help_text=_("When the caller reached the queue.")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="phone_calls",
        verbose_name=_("team chosen in the switchboard"),
    )
    waited_seconds = models.PositiveIntegerField(_("seconds waited in the queue"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_phone_calls",
        verbose_name=_("handled by"),
    )
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="phone_calls",
        verbose_name=_("ticket"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="phone_calls",
        verbose_name=_("caller's customer"),
    )
    caller_number = models.CharField(_("caller's number"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    external_id = models.CharField(_("switchboard id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("logged"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")
        indexes = [
            # The average wait of the last 30 days reads only this index.
            models.Index(fields=["started_at", "waited_seconds"], name="phonecall_window"),
            models.Index(fields=["caller_number"], name="phonecall_caller"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="phonecall_external_id_per_source",
            ),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.started_at):%Y-%m-%d %H:%M} ({self.waited_seconds} s)"


class Survey(models.Model):
    """The customer-satisfaction survey of a ticket closed as resolved: one per ticket.

    Offered to the reporter when the ticket closes (kundcenter.tickets.surveys), answered
    once with a score 1–5 and an optional comment, by the signed link in the closing mail
    or on the portal ticket page. The team, category and specialist are kept as they were
    at closing, so the report does not change when the ticket is moved later. A low score
    is followed up by the support manager, with a note.
    """

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="survey", verbose_name=_("ticket")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="surveys",
        verbose_name=_("asked"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("team")
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("specialist"),
    )
    offered_at = models.DateTimeField(_("offered"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("followed up by"),
    )
    follow_up_note = models.TextField(_("follow-up note"), blank=True)

    class Meta:
        verbose_name = _("customer-satisfaction survey")
        verbose_name_plural = _("customer-satisfaction surveys")
        indexes = [
            models.Index(fields=["answered_at"], name="survey_answered"),
            models.Index(fields=["score", "followed_up_at"], name="survey_low_scores"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="survey_score_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.ticket_id}: {self.score or '–'}"


class TicketLink(models.Model):
    """Two tickets that belong together: a duplicate and the ticket it was merged into, or
    related tickets (the same bug reported by several customers; may span customers).

    A duplicate link always joins two tickets of one customer (`mark_duplicate` refuses
    anything else); `ticket` is the duplicate, `other` the surviving ticket. A related link
    is stored once, `ticket` with the lower id. Customers only ever see a link whose other
    end they may see themselves (kundcenter.tickets.links).
    """

    class Kind(models.TextChoices):
        DUPLICATE = "duplicate", _("Duplicate of")
        RELATED = "related", _("Related")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("ticket")
    )
    other = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="links_in", verbose_name=_("other ticket")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    created_at = models.DateTimeField(_("linked"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "other"], name="ticket_link_unique"),
            models.UniqueConstraint(
                fields=["ticket"],
                condition=models.Q(kind="duplicate"),
                name="one_duplicate_link_per_ticket",
            ),
            models.CheckConstraint(
                condition=~models.Q(ticket=models.F("other")), name="ticket_link_not_self"
            ),
        ]
        indexes = [models.Index(fields=["other", "kind"], name="ticket_link_other")]

    def __str__(self):
        return f"{self.ticket_id} {self.kind} {self.other_id}"


class TicketPresence(models.Model):
    """A staff member has a ticket open (and maybe is writing): one heartbeat row per
    person and ticket, refreshed by the page's polling; old rows simply stop counting."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="presences", verbose_name=_("ticket")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("staff member"),
    )
    writing = models.BooleanField(_("writing a reply"), default=False)
    seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket presence")
        verbose_name_plural = _("ticket presences")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "user"], name="ticket_presence_unique")
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.user_id}"


# --- the agent workspace: tags, canned replies, saved queue views -----------------------


class Tag(models.Model):
    """A free-text label staff put on tickets; internal, customers never see tags.

    Names are unique whatever their case ("Lön" and "lön" are one tag); a new name makes
    a new tag, existing ones are suggested while typing.
    """

    name = models.CharField(_("name"), max_length=50)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_name_ci_unique")]

    def __str__(self):
        return self.name


class TicketTag(models.Model):
    """One tag on one ticket, added through `tickets.actions.add_tags` (with an event)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="ticket_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="ticket_tags")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["tag__name"]
        verbose_name = _("ticket tag")
        verbose_name_plural = _("ticket tags")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "tag"], name="ticket_tag_once"),
        ]
        # The queue's tag filter is an EXISTS on (tag, ticket).
        indexes = [models.Index(fields=["tag", "ticket"], name="tickettag_tag_ticket")]

    def __str__(self):
        return f"{self.ticket_id} {self.tag_id}"


class Macro(models.Model):
    """A canned reply (makro): a text per language with placeholders, plus side effects.

    Personal (an `owner`) or shared by a team (a `team`), never both. The text is filled
    in by `kundcenter.tickets.macros.render` with a small `{{ name }}` substitution, never
    by the template engine. Side effects (tags, a status through the workflow) run through
    the ticket actions when the reply is sent.
    """

    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        verbose_name=_("personal for"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        verbose_name=_("shared with team"),
    )
    body_sv = models.TextField(_("text in Swedish"), blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    set_status = models.CharField(
        _("then set the status to"), max_length=12, choices=Status.choices, blank=True
    )
    add_tags = models.CharField(
        _("then add the tags"),
        max_length=300,
        blank=True,
        help_text=_("Separate tags with commas."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(owner__isnull=False, team__isnull=True)
                    | models.Q(owner__isnull=True, team__isnull=False)
                ),
                name="macro_personal_or_team",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def tag_names(self) -> list[str]:
        return [t.strip() for t in self.add_tags.split(",") if t.strip()]


class SavedView(models.Model):
    """A named queue (filters and sort as a query string) saved by one person.

    At most one per person is the default: it opens when they visit the queue without
    parameters.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    is_default = models.BooleanField(_("opens by default"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner"),
            models.UniqueConstraint(
                fields=["owner"],
                condition=models.Q(is_default=True),
                name="one_default_view_per_owner",
            ),
        ]

    def __str__(self):
        return self.name
