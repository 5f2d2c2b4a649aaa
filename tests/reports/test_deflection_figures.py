"""The deflection report's figures equal those counted by hand from the suggestion logs."""

import datetime

from kundcenter.reports.deflection import deflection
from kundcenter.reports.framework import DateRange
from tests import factories
from tests.knowledge.helpers import make_article
from tests.reports.helpers import FIRST, LAST, day, first_of_period, label, local, log_form


def run(**filters):
    data = {"dates": DateRange(FIRST, LAST), "grouping": "week"}
    data.update(filters)
    return deflection(data)


def test_forms_opened_deflected_and_rate_per_period(superuser_a, org_a):
    salary = make_article("Lönekörning steg för steg", module="lon")
    vat = make_article("Momsrapporten", module="ekonomi")
    ticket = factories.make_ticket(org_a, superuser_a)
    logs = [
        log_form(superuser_a, local(2026, 10, 1, 0, 20), article=salary),
        log_form(superuser_a, local(2026, 10, 2), article=salary),
        log_form(superuser_a, local(2026, 10, 2), article=vat, ticket=ticket),
        log_form(superuser_a, local(2026, 10, 6)),
        log_form(superuser_a, local(2026, 10, 6), ticket=ticket),
        log_form(superuser_a, local(2026, 10, 14), article=vat),
        log_form(superuser_a, local(2026, 10, 31, 23, 30), article=salary),
        log_form(superuser_a, local(2026, 11, 1, 0, 30), article=salary),  # after the range
        log_form(superuser_a, local(2026, 9, 30, 23, 30), article=vat),  # before it
    ]
    in_range = [g for g in logs if FIRST <= day(g.created_at) <= LAST]
    expected = []
    week = first_of_period(FIRST, "week")
    while week <= LAST:
        mine = [g for g in in_range if first_of_period(day(g.created_at), "week") == week]
        forms = len(mine)
        opened = sum(1 for g in mine if g.opened_article_id)
        deflected = sum(1 for g in mine if g.opened_article_id and not g.ticket_id)
        expected.append(
            [label(week, "week"), forms, opened, deflected, deflected / forms if forms else None]
        )
        week += datetime.timedelta(days=7)
    report = run()
    assert report.table("periods").rows == expected
    assert report.table("articles").rows == [
        ["Lönekörning steg för steg", 3, 3],
        ["Momsrapporten", 1, 2],
    ]


def test_module_filter_counts_forms_whose_opened_article_is_of_that_module(superuser_a):
    salary = make_article("Lönekörning", module="lon")
    vat = make_article("Moms", module="ekonomi")
    log_form(superuser_a, local(2026, 10, 5), article=salary)
    log_form(superuser_a, local(2026, 10, 5), article=vat)
    log_form(superuser_a, local(2026, 10, 5))
    report = run(module=salary.module, grouping="month")
    assert report.table("periods").rows == [["2026-10", 1, 1, 1, 1.0]]
    assert report.table("articles").rows == [["Lönekörning", 1, 1]]
    assert run(grouping="month").table("periods").rows == [["2026-10", 3, 2, 2, 2 / 3]]
