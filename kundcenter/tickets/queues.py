"""The staff queue as pure query building: defaults, filters, search, ordering, paging.

The agent queue view only parses a form and calls these; nothing here touches a request.
Every filter narrows on indexed columns (team, lane, status, assignee, service level,
created_at) or on a joined customer, so the queue stays fast with many tickets.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from kundcenter.accounts.models import Organization, User
from kundcenter.accounts.rules import is_staff_role
from kundcenter.lib import params
from kundcenter.lib.orgnr import normalize_org_number
from kundcenter.tickets import search
from kundcenter.tickets.models import OPEN_STATUSES, Tag, Ticket, TicketTag
from kundcenter.tickets.workflows import Lane, Status

# What the status filter accepts besides a single status.
STATUS_OPEN, STATUS_CLOSED, STATUS_ALL = "open", "closed", "all"
ASSIGNEE_ME, ASSIGNEE_NONE = "me", "none"

TICKET_NUMBER_RE = re.compile(r"^\d{4}-\d{6}$")
_NUMBER_PREFIX_RE = re.compile(r"^\d{4}(-\d{0,6})?$")


def default_filters(user) -> dict:
    """The queue a person sees before choosing filters: the work of their role.

    A specialist sees their team's open tickets in every lane, the product department
    and consultants their own lane, managers and admins everything open.
    """
    filters = {"status": STATUS_OPEN}
    if is_staff_role(user, User.StaffRole.SPECIALIST) and user.team_id:
        filters["team"] = user.team_id
    elif is_staff_role(user, User.StaffRole.PRODUCT):
        filters["lane"] = Lane.PRODUCT
    elif is_staff_role(user, User.StaffRole.CONSULTANT):
        filters["lane"] = Lane.CONSULTANT
    return filters


def base_queryset(user) -> QuerySet:
    """The tickets `user` may see, with what a queue row shows joined in."""
    return (
        Ticket.objects.visible_to(user)
        .select_related("organization", "module", "assignee")
        .defer("description")
    )


def filter_status(qs: QuerySet, status: str) -> QuerySet:
    if not status or status == STATUS_OPEN:
        # IN over the open states, not NOT-EQUAL, so the (team, status, …) index applies.
        return qs.filter(status__in=OPEN_STATUSES)
    if status == STATUS_ALL:
        return qs
    if status == STATUS_CLOSED:
        return qs.filter(status=Status.CLOSED)
    return qs.filter(status=status)


def filter_assignee(qs: QuerySet, assignee, user) -> QuerySet:
    if not assignee:
        return qs
    if assignee == ASSIGNEE_ME:
        return qs.filter(assignee=user)
    if assignee == ASSIGNEE_NONE:
        return qs.filter(assignee__isnull=True)
    return qs.filter(assignee_id=getattr(assignee, "pk", assignee))


def customer_q(text: str) -> Q:
    """Match a customer by name (contains) or organisationsnummer (whole or prefix).

    The customers are found first, in a query of their own (a trigram index on the name
    on PostgreSQL; a short table on SQLite), then their tickets by the ticket's customer
    index (kundcenter.tickets.search.column_in).
    """
    text = (text or "").strip()
    if not text:
        return Q()
    try:
        customers = Organization.objects.filter(org_number=normalize_org_number(text))
    except ValidationError:
        condition = Q(name__icontains=text)
        digits = re.sub(r"\D", "", text)
        if digits and re.fullmatch(r"[\d\s-]+", text):
            prefix = digits if len(digits) <= 6 else f"{digits[:6]}-{digits[6:]}"
            condition |= Q(org_number__startswith=prefix)
        customers = Organization.objects.filter(condition)
    return search.column_in("organization_id", customers)


def reporter_q(text: str) -> Q:
    """Tickets reported by a person whose name contains `text`."""
    people = User.objects.filter(full_name__icontains=text)
    return search.column_in("reporter_id", people)


def search_q(text: str) -> Q:
    """Free text: a ticket number (exact or prefix); else words in the title or
    description, the customer (name or organisationsnummer) or the reporter's name.

    Every alternative is found through an index of its own (kundcenter.tickets.search),
    so a text that matches nothing is answered without reading the tickets.
    """
    text = (text or "").strip()
    if not text:
        return Q()
    if _NUMBER_PREFIX_RE.match(text):
        return search.number_prefix_q(text) | customer_q(text)
    return search.words_q(text) | customer_q(text) | reporter_q(text)


def filter_tag(qs: QuerySet, tag: str) -> QuerySet:
    """Tickets carrying the tag `tag` (any case): an EXISTS on the (tag, ticket) index."""
    tag = " ".join((tag or "").split())
    if not tag:
        return qs
    tagged = TicketTag.objects.filter(ticket=OuterRef("pk"), tag__name__iexact=tag)
    return qs.filter(Exists(tagged))


def attach_tags(tickets) -> None:
    """Give each ticket of a queue page `tag_names` (sorted), read in one query."""
    names = {t.pk: [] for t in tickets}
    if names:
        rows = TicketTag.objects.filter(ticket_id__in=list(names)).values_list(
            "ticket_id", "tag__name"
        )
        for ticket_id, name in rows.order_by("tag__name"):
            names[ticket_id].append(name)
    for ticket in tickets:
        ticket.tag_names = names[ticket.pk]


TAG_SUGGESTIONS = 20


def tag_suggestions(text: str) -> list[str]:
    """Existing tag names containing `text`, to suggest while a tag is typed (one query)."""
    text = " ".join((text or "").split())
    if not text:
        return []
    tags = Tag.objects.filter(name__icontains=text).order_by("name")
    return list(tags.values_list("name", flat=True)[:TAG_SUGGESTIONS])


def looks_like_ticket_number(text: str) -> bool:
    return bool(TICKET_NUMBER_RE.match((text or "").strip()))


def apply_filters(qs: QuerySet, filters: dict, user, *, searched: bool = True) -> QuerySet:
    """Narrow `qs` by the queue form's cleaned values; empty values do not filter.
    `searched=False` leaves the text search (`q`) out."""
    if filters.get("team"):
        qs = qs.filter(team_id=getattr(filters["team"], "pk", filters["team"]))
    if filters.get("lane"):
        qs = qs.filter(lane=filters["lane"])
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("module"):
        qs = qs.filter(module_id=getattr(filters["module"], "pk", filters["module"]))
    if filters.get("service_level"):
        qs = qs.filter(service_level=int(filters["service_level"]))
    qs = filter_status(qs, filters.get("status") or STATUS_OPEN)
    qs = filter_assignee(qs, filters.get("assignee"), user)
    qs = qs.filter(customer_q(filters.get("customer", "")))
    qs = filter_tag(qs, filters.get("tag", ""))
    return qs.filter(search_q(filters.get("q", ""))) if searched else qs


# The queue's sortable columns: the `sort` parameter is one of these keys, with a leading
# "-" for the reverse order. Each sorts on an indexed column (the customer's name is on
# the joined organisation); ties are broken by age and then pk so paging is stable.
SORT_URGENCY = "due"
SORT_KEYS = {
    "number": "number",
    "due": "next_due_at",
    "activity": "last_activity_at",
    "level": "service_level",
    "customer": "organization__name",
}


def parse_sort(sort: str) -> tuple[str, bool]:
    """(key, descending) for a `sort` value; the urgency order for anything unknown."""
    sort = (sort or "").strip()
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        return SORT_URGENCY, False
    return key, descending


def order_queue(qs: QuerySet, sort: str = "", *, searching: bool = False) -> QuerySet:
    """Most urgent first unless another sort is asked for.

    Urgency: the nearest deadline first, then oldest first. `next_due_at` is the deadline
    the ticket works against now (handling, then resolution); tickets without one
    (paused, closed, no target) come last. Overdue tickets have the earliest due times,
    so they lead. Other sorts put empty values last in either direction. The one place
    the queue's order is decided.

    `searching`: the rows are a text search's matches. Then the order is taken on the
    matches after they are found (the column wrapped in a no-op COALESCE, which no index
    gives). Offered an index in the queue's order, the planners chose to read the queue
    in that order and test every ticket against the search, guessing that a page of hits
    comes soon: for a word without hits that is every ticket (PostgreSQL: 9 s at 100,000
    tickets). Found through the search's indexes, a page costs what the hits cost.
    """
    key, descending = parse_sort(sort)
    column = F(SORT_KEYS[key])
    if searching:
        column = Coalesce(column, column)
    first = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return qs.order_by(first, "created_at", "pk")


def staff_for_team(team_id) -> QuerySet:
    """People a ticket of `team_id` may go to: that team's staff plus product and consultants.

    Without a team: all active vendor staff (a short list; customers never appear).
    """
    people = User.objects.filter(is_active=True).exclude(staff_role="")
    if team_id:
        people = people.filter(
            Q(team_id=team_id)
            | Q(staff_role__in=[User.StaffRole.PRODUCT, User.StaffRole.CONSULTANT])
        )
    return people.only("pk", "full_name", "email", "staff_role", "team_id").order_by(
        "full_name", "pk"
    )


@dataclass
class QueuePage:
    """One page of the queue, found without counting every matching row.

    Fetches one row more than shown: its presence is the "next page" link.
    """

    object_list: list
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def page_number(raw) -> int:
    """A 1-based page number; the first page for anything malformed (kundcenter.lib.params)."""
    return params.page_number(raw)


def paginate(qs: QuerySet, number: int, per_page: int) -> QueuePage:
    """Rows of page `number` (1-based) of an ordered queryset, plus whether more follow."""
    number = max(1, number)
    offset = (number - 1) * per_page
    rows = list(qs[offset : offset + per_page + 1])
    return QueuePage(rows[:per_page], number, per_page, len(rows) > per_page)


# The first tickets of the queue's order that `first_matches` tests against a search.
HEAD_ROWS = 2000
# The filters besides the text under which the queue's order is read from an index
# without skipping many tickets: a team's open tickets (ticket_open_team_due), any status
# (ticket_due, ticket_team_due) or the closed ones (most tickets), and at most a team.
_HEAD_FILTERS = {"team", "status", "q", "sort"}


def search_queue(user, filters: dict, number: int, per_page: int) -> QueuePage:
    """The queue page `number` for the form's `filters` (text search included), as the
    agent queue shows it: `apply_filters`, `order_queue` and `paginate`, with
    `first_matches` where it applies."""
    text = (filters.get("q") or "").strip()
    if not text or not _walks_head(filters):
        tickets = order_queue(
            apply_filters(base_queryset(user), filters, user),
            filters.get("sort", ""),
            searching=bool(text),
        )
        return paginate(tickets, number, per_page)
    unsearched = apply_filters(base_queryset(user), filters, user, searched=False)
    wanted = (max(1, number) - 1) * per_page + per_page + 1
    condition = search_q(text)
    try:
        tickets = first_matches(user, unsearched, condition, wanted)
    except EmptyResultSet:  # a text that can match nothing (only stop words): no query
        tickets = unsearched.filter(condition)
    return paginate(tickets, number, per_page)


def _walks_head(filters: dict) -> bool:
    if connection.vendor != "postgresql":
        return False
    status = filters.get("status") or STATUS_OPEN
    if status not in (STATUS_OPEN, STATUS_ALL, STATUS_CLOSED):
        return False
    if status == STATUS_OPEN and not filters.get("team"):
        return False  # no index gives every team's open tickets in order
    if parse_sort(filters.get("sort", "")) != (SORT_URGENCY, False):
        return False
    return not any(value for name, value in filters.items() if name not in _HEAD_FILTERS)


def first_matches(user, unsearched: QuerySet, condition: Q, wanted: int) -> QuerySet:
    """The tickets of `unsearched` matching the search `condition`, in urgency order,
    of which the first `wanted` are the queue's (PostgreSQL, one statement).

    A word of many tickets over all statuses matches tens of thousands at a million:
    finding them all through the word index and sorting them cost 350 ms. Most such
    pages are among the first tickets of the queue's order, so the statement first reads
    the first HEAD_ROWS of `unsearched` in that order from its index and tests each
    against the search (the stored document: microseconds), until `wanted` match. If they
    do, those are the answer; only otherwise (few matches, or fewer tickets than
    HEAD_ROWS) does the statement find the matches through the indexes and sort them,
    as `order_queue(searching=True)` does. The other half is skipped by a one-time
    filter: PostgreSQL never starts it. A word without hits thus costs reading HEAD_ROWS
    tickets in order (a few milliseconds), a word of a tenth of the tickets a few
    hundred.
    """
    hit = ExpressionWrapper(condition, output_field=BooleanField())
    head = order_queue(unsearched).annotate(hit=hit).values_list("pk", "hit")[:HEAD_ROWS]
    slow = order_queue(unsearched.filter(condition), searching=True).values_list("pk")[:wanted]
    head_sql, head_params = head.query.sql_with_params()
    slow_sql, slow_params = slow.query.sql_with_params()
    # The head is read only until `wanted` tickets matched; each half runs only if the
    # count of those says so (a one-time filter: the other half is never started).
    sql = (
        f"WITH hits AS MATERIALIZED (SELECT head.id FROM ({head_sql}) AS head (id, hit) "
        "WHERE head.hit LIMIT %s) "
        "SELECT id FROM hits WHERE (SELECT count(*) FROM hits) >= %s "
        f"UNION ALL SELECT slow.id FROM ({slow_sql}) AS slow (id) "
        "WHERE (SELECT count(*) FROM hits) < %s"
    )
    params = [*head_params, wanted, wanted, *slow_params, wanted]
    return order_queue(base_queryset(user).filter(pk__in=RawSQL(sql, params)))
