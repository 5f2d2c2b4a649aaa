"""The support manager's dashboard: a few live figures, each a plain function of `now`.

Every panel is a function `(now, options) -> data` that runs a fixed number of queries
whatever the number of tickets, and a template that shows the data. `PANELS` lists them
in page order; the view builds and renders each one, and the page refreshes them all
over htmx. A new panel is one more `Panel(...)` in `PANELS` (see the note there).

Instants are compared in UTC in the database; days and weeks are local to the support
department (settings.TIME_ZONE, Europe/Stockholm), as in the reports.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from kundcenter.accounts.models import Team
from kundcenter.reports.charts import render_chart
from kundcenter.reports.framework import TEXT, Chart, Column, Table, report_zone
from kundcenter.sla.display import format_business_duration
from kundcenter.sla.policy import get_calendar
from kundcenter.tickets.models import OPEN_STATUSES, Ticket
from kundcenter.tickets.workflows import Category, Lane

RESPONSE, RESOLUTION = "response", "resolution"
DUE_SOON_MIN_HOURS, DUE_SOON_MAX_HOURS = 1, 40
# Lists stop here; their counts still count everything.
LIST_LIMIT = 50


@dataclass(frozen=True)
class DashboardOptions:
    """What the viewer chose: how many business hours ahead the due-soon panel looks."""

    due_soon_hours: int


def default_due_soon_hours() -> int:
    return bounded_hours(getattr(settings, "DASHBOARD_DUE_SOON_HOURS", 4), 4)


def bounded_hours(raw, default: int) -> int:
    """A whole number of business hours within 1–40; `default` for anything unreadable."""
    try:
        hours = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return min(max(hours, DUE_SOON_MIN_HOURS), DUE_SOON_MAX_HOURS)


def options_from(query) -> DashboardOptions:
    """Options from the page's GET parameters (`hours`), the settings filling the rest."""
    default = default_due_soon_hours()
    return DashboardOptions(due_soon_hours=bounded_hours(query.get("hours", default), default))


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=report_zone())


# --- open tickets per team and lane ------------------------------------------------------


@dataclass
class OpenRow:
    team: Team
    cells: list[tuple[str, int]]  # (lane, count), in `OpenMatrix.lanes` order

    @property
    def counts(self) -> list[int]:
        return [count for _lane, count in self.cells]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class OpenMatrix:
    lanes: list[tuple[str, str]]  # (value, label)
    rows: list[OpenRow]
    lane_totals: list[int]
    total: int


def open_by_team_and_lane(
    now: datetime.datetime | None = None, scope: Q | None = None
) -> OpenMatrix:
    """Tickets not closed, counted per team (every team, also empty ones) and lane. Two
    queries. `now` is unused (open means open now) but keeps the panels' signature."""
    lanes = [(value, str(label)) for value, label in Lane.choices]
    counts = {
        (row["team_id"], row["lane"]): row["n"]
        for row in Ticket.objects.filter(scope or Q(), status__in=OPEN_STATUSES)
        .values("team_id", "lane")
        .annotate(n=Count("*"))  # from the partial index of open tickets alone
        .order_by()
    }
    rows = []
    for team in Team.objects.order_by("name", "pk"):
        rows.append(OpenRow(team, [(lane, counts.get((team.pk, lane), 0)) for lane, _l in lanes]))
    lane_totals = [sum(row.counts[i] for row in rows) for i in range(len(lanes))]
    return OpenMatrix(lanes, rows, lane_totals, sum(lane_totals))


# --- tickets due within the next business hours -----------------------------------------


@dataclass
class DueTicket:
    ticket: Ticket
    target: str  # RESPONSE or RESOLUTION
    due: datetime.datetime
    time_left: str  # business time left, as a person says it

    @property
    def target_label(self) -> str:
        return target_label(self.target)


@dataclass
class DueSoon:
    hours: int
    horizon: datetime.datetime  # `hours` business hours after now
    count: int
    tickets: list[DueTicket]


def target_label(target: str) -> str:
    return _("Handling") if target == RESPONSE else _("Resolution")


def current_target(ticket: Ticket) -> str:
    """Which target `next_due_at` is (as `kundcenter.sla.clock.next_due` chose it)."""
    if ticket.handling_started_at is None and ticket.response_due_at is not None:
        return RESPONSE
    return RESOLUTION


def due_soon(now: datetime.datetime, hours: int, scope: Q | None = None) -> DueSoon:
    """Open tickets whose next deadline falls after `now` and at most `hours` business
    hours later on the SLA calendar (so over an evening or a weekend the window reaches
    into the next business day). Deadlines already passed are breaches, not "soon"; paused
    tickets have no next deadline. Two queries, plus the calendar when not yet cached."""
    calendar = get_calendar()
    horizon = calendar.add(now, datetime.timedelta(hours=hours))
    tickets = Ticket.objects.filter(
        scope or Q(), status__in=OPEN_STATUSES, next_due_at__gt=now, next_due_at__lte=horizon
    )
    count = tickets.count()
    rows = [
        DueTicket(
            ticket,
            current_target(ticket),
            ticket.next_due_at,
            format_business_duration(calendar.between(now, ticket.next_due_at)),
        )
        for ticket in tickets.select_related("team")
        .only(
            "number",
            "title",
            "team__name",
            "next_due_at",
            "response_due_at",
            "handling_started_at",
        )
        .order_by("next_due_at", "pk")[:LIST_LIMIT]
    ]
    return DueSoon(hours, horizon, count, rows)


# --- breaches this week ------------------------------------------------------------------


@dataclass
class Breach:
    ticket: Ticket
    target: str
    at: datetime.datetime

    @property
    def target_label(self) -> str:
        return target_label(self.target)


@dataclass
class TeamBreaches:
    team: str
    response: int
    resolution: int

    @property
    def total(self) -> int:
        return self.response + self.resolution


@dataclass
class WeekBreaches:
    start: datetime.datetime  # Monday 00:00 local
    teams: list[TeamBreaches]
    breaches: list[Breach]  # newest first, at most LIST_LIMIT tickets' worth
    total: int
    more: bool = False  # the list was cut


def week_start(now: datetime.datetime) -> datetime.datetime:
    today = now.astimezone(report_zone()).date()
    return local_midnight(today - datetime.timedelta(days=today.weekday()))


def breaches_this_week(now: datetime.datetime, scope: Q | None = None) -> WeekBreaches:
    """Missed handling and resolution targets since Monday 00:00 local time, up to `now`:
    counted per team (a ticket that missed both counts once for each) and listed. Two
    queries."""
    start = week_start(now)
    response = Q(response_breached_at__gte=start, response_breached_at__lte=now)
    resolution = Q(resolution_breached_at__gte=start, resolution_breached_at__lte=now)
    tickets = Ticket.objects.filter(scope or Q()).filter(response | resolution)
    teams = [
        TeamBreaches(row["team__name"], row["response"], row["resolution"])
        for row in tickets.values("team_id", "team__name")
        .annotate(
            response=Count("pk", filter=response),
            resolution=Count("pk", filter=resolution),
        )
        .order_by("team__name", "team_id")
    ]
    listed = list(
        tickets.select_related("team")
        .only("number", "title", "team__name", "response_breached_at", "resolution_breached_at")
        .annotate(
            latest=Greatest(
                Coalesce("response_breached_at", Value(start)),
                Coalesce("resolution_breached_at", Value(start)),
            )
        )
        .order_by("-latest", "-pk")[: LIST_LIMIT + 1]
    )
    breaches = []
    for ticket in listed[:LIST_LIMIT]:
        for target, at in (
            (RESPONSE, ticket.response_breached_at),
            (RESOLUTION, ticket.resolution_breached_at),
        ):
            if at is not None and start <= at <= now:
                breaches.append(Breach(ticket, target, at))
    breaches.sort(key=lambda b: (b.at, b.ticket.number), reverse=True)
    total = sum(team.total for team in teams)
    return WeekBreaches(start, teams, breaches, total, more=len(listed) > LIST_LIMIT)


# --- today's new tickets by category ----------------------------------------------------


@dataclass
class NewToday:
    day: datetime.date
    rows: list[tuple[str, int]]  # (category label, count), every category
    total: int
    chart: str = field(default="", repr=False)


def new_today_by_category(now: datetime.datetime, scope: Q | None = None) -> NewToday:
    """Tickets registered today (local calendar day of `now`), per category, with a bar
    chart of the same numbers. One query."""
    today = now.astimezone(report_zone()).date()
    start, end = local_midnight(today), local_midnight(today + datetime.timedelta(days=1))
    counts = dict(
        Ticket.objects.filter(scope or Q(), created_at__gte=start, created_at__lt=end)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("category", "n")
    )
    rows = [(str(label), counts.get(value, 0)) for value, label in Category.choices]
    table = Table(
        "new-today",
        _("New tickets today by category"),
        [Column("category", _("Category"), TEXT), Column("new", pgettext("new tickets", "New"))],
        [list(row) for row in rows],
    )
    chart = render_chart(Chart("bar", "category", ["new"]), table)
    return NewToday(today, rows, sum(n for _label, n in rows), chart)


# --- the panels, in page order -----------------------------------------------------------


# --- the month's SLA compliance against the previous month ----------------------------------


@dataclass
class MonthCompliance:
    month: datetime.date  # the first day of this month (local)
    previous_month: datetime.date
    this: dict  # kundcenter.reports.sla.compliance(): counts and shares
    previous: dict

    @property
    def rows(self) -> list[tuple[str, float | None, float | None]]:
        """(what, this month's share, the previous month's share), shares 0–1 or None."""
        return [
            (_("Handling started in time"), self.this["handling_share"],
             self.previous["handling_share"]),
            (_("Resolved in time"), self.this["resolution_share"],
             self.previous["resolution_share"]),
        ]  # fmt: skip


def month_compliance(now: datetime.datetime, scope: Q | None = None) -> MonthCompliance:
    """Handling and resolution in time for the tickets registered this month so far
    (local time) and in the whole previous month (kundcenter.reports.sla), added up
    from the report counts (kundcenter.tickets.counts: registered up to today, which
    are the tickets registered up to now). One query."""
    from kundcenter.reports import cells
    from kundcenter.reports.sla import COUNTS, compliance_from_counts, with_shares

    today = now.astimezone(report_zone()).date()
    month = today.replace(day=1)
    previous_month = (month - datetime.timedelta(days=1)).replace(day=1)
    on_cells = cells.ticket_filters({}, scope or Q(), with_channel_and_industry=False)
    _total, by_month, _groups = compliance_from_counts(on_cells, previous_month, today, "category")
    empty = with_shares({name: 0 for name in COUNTS})
    return MonthCompliance(
        month=month,
        previous_month=previous_month,
        this=by_month.get(month, empty),
        previous=by_month.get(previous_month, empty),
    )


@dataclass(frozen=True)
class Panel:
    key: str
    title: Promise
    template: str
    build: Callable[[datetime.datetime, DashboardOptions], object]
    wide: bool = False  # spans the whole row on a wide screen


PANELS = (
    Panel(
        "open",
        gettext_lazy("Open tickets per team and lane"),
        "reports/_dashboard_open.html",
        lambda now, options: open_by_team_and_lane(now),
    ),
    Panel(
        "new-today",
        gettext_lazy("New tickets today"),
        "reports/_dashboard_new_today.html",
        lambda now, options: new_today_by_category(now),
    ),
    Panel(
        "due-soon",
        gettext_lazy("Deadlines within the next business hours"),
        "reports/_dashboard_due_soon.html",
        lambda now, options: due_soon(now, options.due_soon_hours),
        wide=True,
    ),
    Panel(
        "breaches",
        gettext_lazy("Breaches this week"),
        "reports/_dashboard_breaches.html",
        lambda now, options: breaches_this_week(now),
        wide=True,
    ),
    Panel(
        "compliance",
        gettext_lazy("Service levels this month"),
        "reports/_dashboard_compliance.html",
        lambda now, options: month_compliance(now),
    ),
)


@dataclass
class BuiltPanel:
    panel: Panel
    data: object


def build_dashboard(
    now: datetime.datetime, options: DashboardOptions, panels=PANELS
) -> list[BuiltPanel]:
    """Every panel's data for `now`: a fixed number of queries in all."""
    return [BuiltPanel(panel, panel.build(now, options)) for panel in panels]
