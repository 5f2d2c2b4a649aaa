"""The deflection report's precomputed counts stay current: after a form is first filled
in, typed on, an article opened from it, a ticket registered from it, the ticket or the
article deleted, the form's person erased, the counts (SuggestionCount) equal counts
worked out here from the raw suggestion logs; `rebuild_report_figures` makes the same
counts from nothing, and a second run changes nothing. The deflection report over those
counts gives the figures counted here from the logs.

The expected counts are computed in this file from the logs' columns (no code of
kundcenter.knowledge.suggestion_counts)."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kundcenter.knowledge import actions
from kundcenter.knowledge.models import SuggestionCount, SuggestionLog
from kundcenter.reports.deflection import deflection
from kundcenter.reports.framework import DateRange
from tests import factories
from tests.knowledge.helpers import make_article
from tests.reports.helpers import local, log_form
from tests.sla.helpers import STOCKHOLM

pytestmark = pytest.mark.django_db


def expected_counts() -> Counter:
    result = Counter()
    for log in SuggestionLog.objects.all():
        day = log.created_at.astimezone(STOCKHOLM).date()
        key = (log.opened_article_id or 0, log.ticket_id is not None)
        result[("d", day, *key)] += 1
        result[("m", day.replace(day=1), *key)] += 1
    return result


def stored_counts() -> Counter:
    rows = SuggestionCount.objects.values_list("span", "period", "article", "registered", "n")
    return Counter({tuple(row[:-1]): row[-1] for row in rows if row[-1]})


def assert_current():
    assert stored_counts() == expected_counts()


def test_the_forms_path_through_the_actions(superuser_a, org_a):
    salary = make_article("Lönekörning steg för steg", module="lon")
    vat = make_article("Momsrapporten", module="ekonomi")
    log = actions.record_suggestions(superuser_a, "lönekörn", [salary, vat])
    assert_current()
    assert stored_counts()[("d", timezone.localdate(), 0, False)] == 1
    actions.record_suggestions(superuser_a, "lönekörning fel", [salary], log_id=log.pk)
    assert_current()
    actions.record_open(log.pk, superuser_a, salary)
    assert_current()
    actions.record_open(log.pk, superuser_a, vat)  # the latest opened counts
    assert_current()
    ticket = factories.make_ticket(org_a, superuser_a)
    actions.record_registration(log.pk, ticket)
    assert_current()
    assert stored_counts()[("m", timezone.localdate().replace(day=1), vat.pk, True)] == 1


def test_deleting_the_ticket_the_article_or_the_person_moves_the_forms(
    superuser_a, org_a, customer_user_a
):
    salary = make_article("Lönekörning", module="lon")
    ticket = factories.make_ticket(org_a, superuser_a)
    log_form(superuser_a, local(2026, 10, 5), article=salary, ticket=ticket)
    log_form(superuser_a, local(2026, 10, 31, 23, 30), article=salary)  # a month's last hour
    log_form(customer_user_a, local(2026, 10, 6), article=salary)
    assert_current()
    ticket.delete()  # the form's link is emptied: now deflected
    assert_current()
    salary.delete()  # no article opened any more
    assert_current()
    assert {key[2] for key in stored_counts()} == {0}
    customer_user_a.delete()  # their forms go with them
    assert_current()
    assert sum(n for key, n in stored_counts().items() if key[0] == "m") == 2


def test_the_report_adds_up_the_counts_as_the_logs_give(superuser_a, org_a):
    salary = make_article("Lönekörning", module="lon")
    vat = make_article("Moms", module="ekonomi")
    ticket = factories.make_ticket(org_a, superuser_a)
    for day in range(1, 29):
        log_form(superuser_a, local(2026, 9, day), article=salary if day % 2 else vat)
        log_form(superuser_a, local(2026, 10, day), article=vat, ticket=ticket if day % 3 else None)
        log_form(superuser_a, local(2026, 11, day))
    logs = list(SuggestionLog.objects.all())
    # 15 September to 31 October: day cells for September, the month cell for October.
    first, last = local(2026, 9, 15).date(), local(2026, 10, 31).date()
    report = deflection({"dates": DateRange(first, last), "grouping": "month"})
    expected = []
    for month in (9, 10):
        mine = [
            g
            for g in logs
            if first <= g.created_at.astimezone(STOCKHOLM).date() <= last
            and g.created_at.astimezone(STOCKHOLM).month == month
        ]
        deflected = sum(1 for g in mine if g.opened_article_id and not g.ticket_id)
        opened = sum(1 for g in mine if g.opened_article_id)
        expected.append([f"2026-{month:02d}", len(mine), opened, deflected, deflected / len(mine)])
    assert report.table("periods").rows == expected
    in_range = [g for g in logs if first <= g.created_at.astimezone(STOCKHOLM).date() <= last]
    per_article = {}
    for article in (salary, vat):
        mine = [g for g in in_range if g.opened_article_id == article.pk]
        deflected = sum(1 for g in mine if not g.ticket_id)
        per_article[article.title] = [deflected, len(mine)]
    assert {r[0]: r[1:] for r in report.table("articles").rows} == per_article


def test_the_rebuild_makes_the_same_counts_from_nothing(superuser_a, org_a):
    salary = make_article("Lönekörning", module="lon")
    ticket = factories.make_ticket(org_a, superuser_a)
    log_form(superuser_a, local(2026, 10, 5), article=salary)
    log_form(superuser_a, local(2026, 10, 6), article=salary, ticket=ticket)
    log_form(superuser_a, local(2026, 11, 1, 0, 30))
    before = stored_counts()
    assert before == expected_counts()
    SuggestionCount.objects.all().delete()
    SuggestionLog.objects.update(counted_as="")

    out = StringIO()
    call_command("rebuild_report_figures", verbosity=0, stdout=out)
    assert stored_counts() == before
    assert "Deflection counts: 3 forms recounted, 6 counts written" in out.getvalue()
    out = StringIO()
    call_command("rebuild_report_figures", verbosity=0, stdout=out)
    assert "Deflection counts: 0 forms recounted" in out.getvalue()
    assert stored_counts() == before
