"""The tags report (Taggar): per tag, the tickets that carry it that were registered and
closed in the range, and those still open at its end. One query, whatever the data.

Tags are staff-only, so this report is too (it is not on the customers' own figures
page). The tickets are narrowed by the same filters as the volumes report, inside a
subquery, so this report depends on no other report's internals but that one function.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kundcenter.reports.framework import TEXT, Chart, Column, Report, Section, Table
from kundcenter.reports.volumes import filtered_tickets
from kundcenter.tickets.models import TicketTag


def tags_report(filters: dict, scope: Q) -> Report:
    start, end = filters["dates"].start, filters["dates"].end
    tickets = (
        filtered_tickets(filters, scope)
        .filter(created_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
        .values("pk")
    )
    rows = [
        [row["tag__name"], row["new"], row["closed"], row["open"]]
        for row in TicketTag.objects.filter(ticket__in=tickets)
        .values("tag_id", "tag__name")
        .annotate(
            new=Count("pk", filter=Q(ticket__created_at__gte=start)),
            closed=Count("pk", filter=Q(ticket__closed_at__lt=end)),
            open=Count(
                "pk", filter=Q(ticket__closed_at__isnull=True) | Q(ticket__closed_at__gte=end)
            ),
        )
        .order_by()
    ]
    rows.sort(key=lambda r: (-r[1], -r[3], r[0].lower()))
    new_label = pgettext("new tickets", "New")
    return Report(
        sections=[
            Section(
                Table(
                    "tags",
                    _("Tickets per tag"),
                    [
                        Column("tag", _("Tag"), TEXT),
                        Column("new", new_label),
                        Column("closed", _("Closed")),
                        Column("open", _("Open at the end")),
                    ],
                    rows,
                ),
                Chart("bar", "tag", ["new"]),
                _("A ticket with several tags counts once under each of them."),
            )
        ]
    )
