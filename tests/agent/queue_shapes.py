"""The queue's query shapes, as the agent queue view builds them, for the plan tests."""

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from kundcenter.tickets import queues
from kundcenter.tickets.forms_agent import QueueFilterForm

EVERY = {"status": "all", "team": ""}  # all statuses, all teams


def search_shapes(ticket, org, reporter) -> dict[str, dict]:
    """Every kind of text the queue's search takes, in the team's open tickets (the
    specialist's default) and over all tickets."""
    texts = {
        "word": "momsrapporten",
        "word prefix": "momsrapp",
        "no hit": "xylofonstämning",
        "ticket number prefix": ticket.number[:-2],
        "customer name": org.name.split()[0],
        "organisationsnummer": org.org_number.replace("-", ""),
        "reporter name": reporter.full_name,
    }
    shapes = {}
    for label, text in texts.items():
        shapes[f"{label}, team's open"] = {"q": text}
        shapes[f"{label}, open, all teams"] = {"q": text, "team": ""}
        shapes[f"{label}, all tickets"] = {"q": text, **EVERY}
    return shapes


def queue_queries(user, params: dict, *, as_run: bool = False) -> list[str]:
    """The SQL of the SELECTs the queue runs for `user` with `params` (the customer and
    person look-ups of a search, then the page of tickets), parameters filled in.

    The page query is the one that finds every match and sorts them; `as_run`: the one
    the queue view runs (`queues.search_queue`: over all statuses it first tests the
    first tickets of the queue's order, `queues.first_matches`, and runs that query
    only when too few of them match).

    (On SQLite the page's plan depends on whether values come as parameters, as they do
    when the queue runs: take that plan from `page_query`.)"""
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    for key, value in queues.default_filters(user).items():
        data.setdefault(key, value)
    form = QueueFilterForm(data, user=user)
    form.is_valid()
    filters = form.cleaned_data
    with CaptureQueriesContext(connection) as captured:
        if as_run:
            queues.search_queue(user, filters, 1, 25)
            return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
        tickets = queues.order_queue(
            queues.apply_filters(queues.base_queryset(user), filters, user),
            filters.get("sort", ""),
            searching=bool(filters.get("q")),
        )
        queues.paginate(tickets, 1, 25)
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]


def page_query(user, params: dict) -> tuple[str, list]:
    """The page-of-tickets query of the queue as it runs: SQL with placeholders, params."""
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    for key, value in queues.default_filters(user).items():
        data.setdefault(key, value)
    form = QueueFilterForm(data, user=user)
    form.is_valid()
    filters = form.cleaned_data
    tickets = queues.order_queue(
        queues.apply_filters(queues.base_queryset(user), filters, user),
        filters.get("sort", ""),
        searching=bool(filters.get("q")),
    )
    sql, sql_params = tickets[:26].query.sql_with_params()
    return sql, list(sql_params)
