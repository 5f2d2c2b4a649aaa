"""The customer-satisfaction report (Kundnöjdhet): survey answers per month, team,
category and specialist.

Counted from kundcenter.tickets.models.Survey, answered surveys only, by the day they
were answered (report time zone). Team, category and specialist are the ticket's at
closing (the survey keeps them). Per group: answers, average score (1–5), the share
satisfied (score 4 or 5) and the number of low scores (LOW_SCORE or less, followed up by
the manager); and the response rate by the month surveys were sent. Self-contained:
five aggregate queries, one per table.
"""

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from kundcenter.reports.framework import (
    COUNT,
    HOURS,
    MONTH,
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
from kundcenter.tickets.models import Survey
from kundcenter.tickets.surveys import LOW_SCORE
from kundcenter.tickets.workflows import Category

# A decimal number with one decimal, shown and exported like business hours.
AVERAGE = HOURS
SATISFIED_FROM = 4


def _aggregates():
    return {
        "answers": Count("pk"),
        "average": Avg("score"),
        "satisfied": Count("pk", filter=Q(score__gte=SATISFIED_FROM)),
        "low": Count("pk", filter=Q(score__lte=LOW_SCORE)),
    }


def _figures(row) -> list:
    average = float(row["average"]) if row["average"] is not None else None
    return [row["answers"], average, share(row["satisfied"], row["answers"]), row["low"]]


def _columns(first: Column) -> list[Column]:
    return [
        first,
        Column("answers", _("Answers"), COUNT),
        Column("average", _("Average score (1–5)"), AVERAGE),
        Column("satisfied", _("Satisfied (4–5)"), SHARE),
        Column("low", _("Low scores (1–2)"), COUNT),
    ]


def answered_surveys(filters: dict):
    """The answered surveys the report counts for these filters."""
    dates = filters["dates"]
    rows = Survey.objects.filter(
        answered_at__gte=dates.start, answered_at__lt=dates.end, score__isnull=False
    )
    if filters.get("team"):
        rows = rows.filter(team=filters["team"])
    if filters.get("category"):
        rows = rows.filter(category=filters["category"])
    return rows


def offered_surveys(filters: dict):
    """The surveys offered in the range (whether answered or not), for the response rate."""
    dates = filters["dates"]
    rows = Survey.objects.filter(offered_at__gte=dates.start, offered_at__lt=dates.end)
    if filters.get("team"):
        rows = rows.filter(team=filters["team"])
    if filters.get("category"):
        rows = rows.filter(category=filters["category"])
    return rows


def satisfaction(filters: dict) -> Report:
    dates = filters["dates"]
    rows = answered_surveys(filters)
    zero = {"answers": 0, "average": None, "satisfied": 0, "low": 0}

    per_month = {
        period_key(row["period"]): row
        for row in rows.annotate(period=trunc(MONTH, "answered_at"))
        .values("period")
        .annotate(**_aggregates())
        .order_by()
    }
    month_rows = [
        [period_label(first_day, MONTH), *_figures(per_month.get(first_day, zero))]
        for first_day in periods(dates, MONTH)
    ]

    sent = {
        period_key(row["period"]): row
        for row in offered_surveys(filters)
        .annotate(period=trunc(MONTH, "offered_at"))
        .values("period")
        .annotate(sent=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by()
    }
    response_rows = []
    for first_day in periods(dates, MONTH):
        row = sent.get(first_day, {"sent": 0, "answered": 0})
        response_rows.append(
            [
                period_label(first_day, MONTH),
                row["sent"],
                row["answered"],
                share(row["answered"], row["sent"]),
            ]
        )

    team_rows = [
        [row["team__name"], *_figures(row)]
        for row in rows.values("team_id", "team__name")
        .annotate(**_aggregates())
        .order_by("team__name", "team_id")
    ]
    labels = dict(Category.choices)
    category_rows = [
        [str(labels.get(row["category"], row["category"])), *_figures(row)]
        for row in rows.values("category").annotate(**_aggregates()).order_by("category")
    ]
    specialist_rows = [
        [row["specialist__full_name"] or _("Not assigned"), *_figures(row)]
        for row in rows.values("specialist_id", "specialist__full_name")
        .annotate(**_aggregates())
        .order_by("specialist__full_name", "specialist_id")
    ]

    return Report(
        sections=[
            Section(
                Table(
                    "months",
                    _("Answers per month"),
                    _columns(Column("period", _("Month"), TEXT)),
                    month_rows,
                ),
                Chart("bar", "period", ["average"]),
                _(
                    "Surveys answered by the reporters of tickets closed as resolved. "
                    "Satisfied: a score of 4 or 5."
                ),
            ),
            Section(
                Table(
                    "response",
                    _("Response rate per month"),
                    [
                        Column("period", _("Month"), TEXT),
                        Column("sent", _("Surveys sent"), COUNT),
                        Column("answered", _("Answered so far"), COUNT),
                        Column("rate", _("Response rate"), SHARE),
                    ],
                    response_rows,
                ),
                description=_("By the month the survey was sent, whenever it was answered."),
            ),
            Section(
                Table("teams", _("Per team"), _columns(Column("team", _("Team"), TEXT)), team_rows),
                Chart("bar", "team", ["average"]),
            ),
            Section(
                Table(
                    "categories",
                    _("Per category"),
                    _columns(Column("category", _("Category"), TEXT)),
                    category_rows,
                ),
            ),
            Section(
                Table(
                    "specialists",
                    _("Per specialist"),
                    _columns(Column("specialist", _("Specialist"), TEXT)),
                    specialist_rows,
                ),
                description=_("The specialist the ticket was assigned to when it closed."),
            ),
        ]
    )
