"""The deflection report: how often the knowledge base answered before a ticket was needed.

Counted from SuggestionLog, one row per filling-in of the new-ticket form, by the day the
form was first filled in. Deflected = an article was opened and no ticket followed. The
deflection rate is deflected forms out of all forms filled in. Three queries.
"""

from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kundcenter.knowledge.models import SuggestionLog
from kundcenter.reports.framework import (
    COUNT,
    SHARE,
    TEXT,
    Chart,
    Column,
    Report,
    Section,
    Table,
    period_key,
    period_label,
    periods,
    share,
    trunc,
)

TOP_ARTICLES = 10
OPENED = Q(opened_article__isnull=False)
DEFLECTED = OPENED & Q(ticket__isnull=True)


def deflection(filters: dict) -> Report:
    dates, grouping = filters["dates"], filters["grouping"]
    logs = SuggestionLog.objects.filter(created_at__gte=dates.start, created_at__lt=dates.end)
    if filters.get("module"):
        logs = logs.filter(opened_article__module=filters["module"])

    per_period = {}
    for row in (
        logs.annotate(period=trunc(grouping, "created_at"))
        .values("period")
        .annotate(
            forms=Count("pk"),
            opened=Count("pk", filter=OPENED),
            deflected=Count("pk", filter=DEFLECTED),
        )
        .order_by()
    ):
        counts = per_period.setdefault(period_key(row["period"]), Counter())
        counts.update({k: row[k] for k in ("forms", "opened", "deflected")})

    period_rows = []
    for first_day in periods(dates, grouping):
        counts = per_period.get(first_day, Counter())
        period_rows.append(
            [
                period_label(first_day, grouping),
                counts["forms"],
                counts["opened"],
                counts["deflected"],
                share(counts["deflected"], counts["forms"]),
            ]
        )

    article_rows = [
        [row["opened_article__title"], row["deflected"], row["opened"]]
        for row in logs.filter(OPENED)
        .values("opened_article_id", "opened_article__title")
        .annotate(deflected=Count("pk", filter=DEFLECTED), opened=Count("pk"))
        .filter(deflected__gt=0)
        .order_by("-deflected", "opened_article__title", "opened_article_id")[:TOP_ARTICLES]
    ]

    return Report(
        sections=[
            Section(
                Table(
                    "periods",
                    _("New-ticket forms and articles opened per period"),
                    [
                        Column("period", _("Period"), TEXT),
                        Column("forms", _("Forms filled in"), COUNT),
                        Column("opened", _("Articles opened"), COUNT),
                        Column("deflected", _("Deflected"), COUNT),
                        Column("rate", _("Deflection rate"), SHARE),
                    ],
                    period_rows,
                ),
                Chart("bar", "period", ["deflected"]),
                _("Deflected: an article was opened from the form and no ticket followed."),
            ),
            Section(
                Table(
                    "articles",
                    _("Articles that deflect most"),
                    [
                        Column("article", _("Article"), TEXT),
                        Column("deflected", _("Deflected"), COUNT),
                        Column("opened", _("Opened from the form"), COUNT),
                    ],
                    article_rows,
                ),
                Chart("bar", "article", ["deflected"]),
            ),
        ]
    )
