"""Reading the report counts (kundcenter.tickets.models.TicketCount) for a date range.

A range of days is covered by month cells for the whole months inside it and day cells
for the rest, so a year adds up twelve months of cells, not 365 days of them. Every
helper here returns a Q over TicketCount; the reports group and sum with it.
"""

import datetime

from django.db.models import Q

from kundcenter.reports.access import scope_lane
from kundcenter.reports.framework import MONTH
from kundcenter.tickets import counts

FAR = datetime.date(9999, 12, 1)


def month_end(first_day: datetime.date) -> datetime.date:
    following = (first_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def days(first: datetime.date, last: datetime.date, grouping: str = MONTH) -> Q:
    """The cells counting each day from `first` to `last` (both included) exactly once:
    month cells for whole months when `grouping` is MONTH, else day cells only (a day or
    week period needs its days)."""
    if first > last:
        return Q(pk__in=[])
    if grouping != MONTH:
        return Q(span=counts.DAY, period__range=(first, last))
    months, q = [], Q(pk__in=[])
    current = first.replace(day=1)
    while current <= last:
        end = month_end(current)
        if current >= first and end <= last:
            months.append(current)
        else:
            q |= Q(span=counts.DAY, period__range=(max(current, first), min(end, last)))
        current = end + datetime.timedelta(days=1)
    if months:
        q |= Q(span=counts.MONTH, period__in=months)
    return q


def since(first: datetime.date) -> Q:
    """The cells counting every day from `first` on (the future included)."""
    if first.day == 1:
        return Q(span=counts.MONTH, period__gte=first)
    following = month_end(first) + datetime.timedelta(days=1)
    return Q(span=counts.DAY, period__range=(first, following - datetime.timedelta(days=1))) | Q(
        span=counts.MONTH, period__gte=following
    )


def ticket_filters(filters: dict, scope: Q, *, with_channel_and_industry=True) -> Q:
    """The report's ticket filters (cleaned form data) and the viewer's lane, on cells."""
    q = Q()
    if filters.get("category"):
        q &= Q(category=filters["category"])
    if filters.get("module"):
        q &= Q(module=filters["module"].pk)
    if filters.get("team"):
        q &= Q(team=filters["team"].pk)
    if with_channel_and_industry:
        if filters.get("channel"):
            q &= Q(channel=filters["channel"])
        if filters.get("industry"):
            q &= Q(industry=filters["industry"].pk)
    lane = scope_lane(scope)
    if lane:
        q &= Q(lane=lane)
    return q
