"""The deflection report: how often the knowledge base answered before a ticket was needed.

Counted from SuggestionLog, one row per filling-in of the new-ticket form, by the day the
form was first filled in. Deflected = an article was opened and no ticket followed. The
deflection rate is deflected forms out of all forms filled in. Added up from the
precomputed counts (SuggestionCount, kundcenter.knowledge.suggestion_counts: month cells
for whole months, day cells for the rest). Three queries.
"""

from collections import Counter

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from kundcenter.knowledge.models import Article, SuggestionCount
from kundcenter.reports import cells
from kundcenter.reports.framework import (
    COUNT,
    SHARE,
    TEXT,
    Chart,
    Column,
    Report,
    Section,
    Table,
    period_label,
    period_start,
    periods,
    share,
)

TOP_ARTICLES = 10


def deflection(filters: dict) -> Report:
    dates, grouping = filters["dates"], filters["grouping"]
    counted = SuggestionCount.objects.all()
    if filters.get("module"):
        counted = counted.filter(
            article__in=Article.objects.filter(module=filters["module"]).values("pk")
        )
    opened = ~Q(article=0)
    deflected = opened & Q(registered=False)

    per_period = {}
    for row in (
        counted.filter(cells.days(dates.first, dates.last, grouping))
        .values("period")
        .annotate(
            forms=Sum("n"), opened=Sum("n", filter=opened), deflected=Sum("n", filter=deflected)
        )
        .order_by()
    ):
        figures = per_period.setdefault(period_start(row["period"], grouping), Counter())
        figures.update({k: row[k] or 0 for k in ("forms", "opened", "deflected")})

    period_rows = []
    for first_day in periods(dates, grouping):
        figures = per_period.get(first_day, Counter())
        period_rows.append(
            [
                period_label(first_day, grouping),
                figures["forms"],
                figures["opened"],
                figures["deflected"],
                share(figures["deflected"], figures["forms"]),
            ]
        )

    per_article = list(
        counted.filter(cells.days(dates.first, dates.last), opened)
        .values("article")
        .annotate(deflected=Sum("n", filter=Q(registered=False)), opened=Sum("n"))
        .filter(deflected__gt=0)
        .order_by("-deflected")
    )
    titles = dict(
        Article.objects.filter(pk__in=[row["article"] for row in per_article]).values_list(
            "pk", "title"
        )
    )
    per_article.sort(key=lambda r: (-r["deflected"], titles.get(r["article"], ""), r["article"]))
    article_rows = [
        [titles.get(row["article"], ""), row["deflected"], row["opened"]]
        for row in per_article[:TOP_ARTICLES]
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
