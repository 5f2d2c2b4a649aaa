"""The "Servicenivå" (compliance) and "Tider" (times) reports, built from kundcenter.reports.sla.

Compliance: handling started in time and resolution met, per month of registration and
per the chosen breakdown; each row links to the breached tickets behind it. Three
queries. Times: business-hours medians and 90th percentiles of handling start and
resolution, per month, service level, category and team. One query.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kundcenter.reports import cells, sla
from kundcenter.reports.framework import (
    COUNT,
    HOURS,
    MONTH,
    SHARE,
    TEXT,
    Chart,
    Column,
    DateRange,
    Report,
    Section,
    Table,
    period_label,
    periods,
)
from kundcenter.reports.volumes import filtered_tickets
from kundcenter.tickets.models import ServiceLevel
from kundcenter.tickets.workflows import Category, label_of

NONE_KEY = "-"  # the group without a value (no module, no service level), in a URL


def breakdown_names() -> dict:
    return {
        "service_level": _("Service level"),
        "category": _("Category"),
        "team": _("Team"),
        "module": _("Module"),
        "customer": _("Customer"),
    }


def group_label(breakdown: str, key, label) -> str:
    if key is None or label in (None, ""):
        return _("(none)")
    if breakdown == "service_level":
        return str(label_of(ServiceLevel, key))
    if breakdown == "category":
        return str(label_of(Category, key))
    return str(label)


def compliance_columns(first_label) -> list[Column]:
    return [
        Column("key", first_label, TEXT),
        Column("handled_in_time", _("Handled in time"), COUNT),
        Column("handled_late", _("Handled late"), COUNT),
        Column("handling_share", _("Handling in time"), SHARE),
        Column("resolved_in_time", _("Resolved in time"), COUNT),
        Column("resolution_breached", _("Resolution late"), COUNT),
        Column("resolution_share", _("Resolution in time"), SHARE),
        Column("pending", _("Not yet decided"), COUNT),
    ]


def compliance_row(label, figures: dict) -> list:
    return [
        label,
        figures["handled_in_time"],
        figures["handled_late"],
        figures["handling_share"],
        figures["resolved_in_time"],
        figures["resolution_breached"],
        figures["resolution_share"],
        figures["handling_pending"] + figures["resolution_pending"],
    ]


def breaches_url(filters: dict, dates: DateRange, breakdown: str = "", key=None) -> str:
    query = {"date_from": dates.first.isoformat(), "date_to": dates.last.isoformat()}
    for name in ("category", "module", "team"):
        value = filters.get(name)
        if value:
            query[name] = getattr(value, "pk", value)
    if breakdown:
        query["breakdown"] = breakdown
        query["group"] = NONE_KEY if key is None else key
    return f"{reverse('reports:breaches')}?{urlencode(query)}"


def month_range(first_day: datetime.date, dates: DateRange) -> DateRange:
    following = (first_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return DateRange(
        max(first_day, dates.first), min(following - datetime.timedelta(days=1), dates.last)
    )


def service_levels(filters: dict, scope: Q) -> Report:
    """The compliance report for cleaned SlaFilterForm data over the tickets in `scope`."""
    dates = filters["dates"]
    tickets = filtered_tickets(filters, scope)
    breakdown = filters["breakdown"]
    names = breakdown_names()

    if breakdown in sla.CELL_BREAKDOWNS:
        on_cells = cells.ticket_filters(filters, scope, with_channel_and_industry=False)
        total, by_month, groups = sla.compliance_from_counts(
            on_cells, dates.first, dates.last, breakdown
        )
    else:
        # Per customer: too many for the report counts; counted from the tickets.
        total = sla.compliance(tickets, dates.start, dates.end)
        by_month = sla.compliance_by_month(tickets, dates.start, dates.end)
        groups = sla.compliance_by(tickets, dates.start, dates.end, breakdown)
    empty = sla.with_shares({name: 0 for name in sla.COUNTS})
    month_rows, month_links = [], []
    for first_day in periods(dates, MONTH):
        month_rows.append(
            compliance_row(period_label(first_day, MONTH), by_month.get(first_day, empty))
        )
        month_links.append(breaches_url(filters, month_range(first_day, dates)))

    groups.sort(key=lambda g: (str(g["label"] or ""), str(g["key"])))
    if breakdown == "service_level":
        groups.sort(key=lambda g: (g["key"] is None, g["key"] or 0))
    group_rows = [compliance_row(group_label(breakdown, g["key"], g["label"]), g) for g in groups]
    group_links = [breaches_url(filters, dates, breakdown, g["key"]) for g in groups]

    note = _(
        "Handling counts tickets with a handling target; resolution counts tickets with a "
        "resolution target (bugs with a service level). Tickets not yet handled or resolved "
        "and not yet late are left out of the shares. Open a row for its late tickets."
    )
    return Report(
        sections=[
            Section(
                Table(
                    "breakdown",
                    _("In time per %(group)s") % {"group": str(names[breakdown]).lower()},
                    compliance_columns(names[breakdown]),
                    group_rows,
                    links=group_links,
                ),
                Chart("bar", "key", ["handling_share", "resolution_share"]),
                description=note,
            ),
            Section(
                Table(
                    "months",
                    _("In time per month of registration"),
                    compliance_columns(_("Month")),
                    month_rows,
                    links=month_links,
                ),
                Chart("line", "key", ["handling_share", "resolution_share"]),
            ),
            Section(
                Table(
                    "total",
                    _("In time over the whole range"),
                    compliance_columns(_("Period")),
                    [compliance_row(_("Total"), total)],
                    links=[breaches_url(filters, dates)],
                )
            ),
        ]
    )


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def times_columns(first_label) -> list[Column]:
    return [
        Column("key", first_label, TEXT),
        Column("handled", _("Handled"), COUNT),
        Column("handling_median", _("Handling start, median (h)"), HOURS),
        Column("handling_p90", _("Handling start, 90th percentile (h)"), HOURS),
        Column("resolved", _("Closed"), COUNT),
        Column("resolution_median", _("Resolution, median (h)"), HOURS),
        Column("resolution_p90", _("Resolution, 90th percentile (h)"), HOURS),
    ]


def times_row(label, figures: dict) -> list:
    return [
        label,
        figures["handled"],
        hours(figures["handling_median"]),
        hours(figures["handling_p90"]),
        figures["resolved"],
        hours(figures["resolution_median"]),
        hours(figures["resolution_p90"]),
    ]


def times(filters: dict, scope: Q) -> Report:
    """The times report (business hours) for cleaned SlaFilterForm data: from the
    histograms of whole months (kundcenter.tickets.timings) and the tickets of months cut
    by the range; filtered by category, module or team, from the tickets alone."""
    dates = filters["dates"]
    tickets = filtered_tickets(filters, scope)
    if any(filters.get(name) for name in ("category", "module", "team")):
        # Filtered: the histograms hold no such cross, so from the filtered tickets.
        figures = sla.times_by_groupings(tickets, dates.start, dates.end)
    else:
        figures = sla.times_from_histograms(
            tickets, cells.scope_lane(scope), dates.first, dates.last
        )
    empty = sla.time_figures([])

    month_rows = [
        times_row(period_label(first_day, MONTH), figures["month"].get(first_day, empty))
        for first_day in periods(dates, MONTH)
    ]

    def grouped(name, label):
        rows = [(label(group), group, values) for group, values in figures[name].items()]
        rows.sort(key=lambda r: (r[1] is None, str(r[0])))
        return [times_row(name, values) for name, _group, values in rows]

    level_rows = grouped("service_level", lambda k: group_label("service_level", k, k))
    category_rows = grouped("category", lambda k: group_label("category", k, k))
    team_rows = grouped("team", lambda k: group_label("team", k, k))
    note = _(
        "Business hours from registration: to the first handling the customer saw, and to "
        "closing less the time the clock waited for the customer."
    )
    return Report(
        sections=[
            Section(
                Table(
                    "months",
                    _("Times per month of registration"),
                    times_columns(_("Month")),
                    month_rows,
                ),
                Chart("line", "key", ["handling_median", "resolution_median"]),
                description=note,
            ),
            Section(
                Table(
                    "total",
                    _("Times over the whole range"),
                    times_columns(_("Period")),
                    [times_row(_("Total"), figures["total"][None])],
                )
            ),
            Section(
                Table(
                    "levels",
                    _("Times per service level"),
                    times_columns(_("Service level")),
                    level_rows,
                ),
                Chart("bar", "key", ["handling_median", "handling_p90"]),
            ),
            Section(
                Table(
                    "categories",
                    _("Times per category"),
                    times_columns(_("Category")),
                    category_rows,
                ),
                Chart("bar", "key", ["handling_median", "resolution_median"]),
            ),
            Section(
                Table("teams", _("Times per team"), times_columns(_("Team")), team_rows),
                Chart("bar", "key", ["handling_median", "resolution_median"]),
            ),
        ]
    )


def breached_tickets(filters: dict, scope: Q, breakdown: str = "", group=None):
    """The late tickets (handling or resolution) behind a compliance figure, oldest first."""
    dates = filters["dates"]
    tickets = sla.registered_between(filtered_tickets(filters, scope), dates.start, dates.end)
    if breakdown:
        tickets = tickets.filter(sla.group_filter(breakdown, group))
    return (
        tickets.filter(sla.ANY_BREACH)
        .select_related("organization", "team", "module")
        .order_by("created_at", "pk")
    )
