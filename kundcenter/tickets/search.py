"""The words of the queue search, found through an index on either database.

A ticket matches a text when its title and description hold every word of it, each
word as typed or as the start of a longer word ("moms" finds "momsrapporten").

PostgreSQL: a GIN index on the ticket's Swedish full-text document (`DOCUMENT`, a stored
column since migration 0021; migration 0014 indexed the expression), queried with
`to_tsquery('swedish', 'word:* & …')`; Swedish stemming also finds other forms of a word
("fakturor" finds "faktura").

SQLite: an FTS5 table (`FTS_TABLE`, rowid = ticket id) that triggers keep in step with
every insert, update and delete of a ticket, bulk writes included; queried with
`"word"* "word"*` (every word as a prefix). A migration that rebuilds the ticket table
(SQLite alters a table by copying it) drops its triggers: `ensure_sqlite_index` runs
after every migrate and puts them, and the index's content, back.

Only letters and digits of the text reach either query language (each word quoted on
SQLite), so no text is a syntax error and no operator can be slipped in. Swedish stop
words are left out on both databases, as PostgreSQL's configuration does.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from kundcenter.knowledge.text import SWEDISH_STOP_WORDS, words

# The full-text document of a ticket on PostgreSQL: a stored generated column (migration
# 0021) of `to_tsvector('swedish', title || ' ' || description)`, GIN-indexed as
# `ticket_words`. Stored, testing one ticket against a search costs microseconds (the
# expression took some 60 µs a ticket), which `kundcenter.tickets.queues.first_matches`
# relies on when it tests the first tickets of the queue's order.
DOCUMENT = "{table}.search_document"
TICKET_TABLE = "tickets_ticket"
FTS_TABLE = "tickets_ticket_fts"  # made by migration 0014
# At most this many words of a text are searched for; more only narrow it further.
MAX_WORDS = 8

SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_insert": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON {TICKET_TABLE}
        BEGIN
            INSERT INTO {FTS_TABLE} (rowid, title, description)
            VALUES (new.id, new.title, new.description);
        END
    """,
    f"{FTS_TABLE}_update": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update
        AFTER UPDATE OF title, description ON {TICKET_TABLE}
        BEGIN
            DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
            INSERT INTO {FTS_TABLE} (rowid, title, description)
            VALUES (new.id, new.title, new.description);
        END
    """,
    f"{FTS_TABLE}_delete": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON {TICKET_TABLE}
        BEGIN
            DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
        END
    """,
}


def search_words(text: str) -> list[str]:
    """The distinct words of `text` that are searched for, lower case, in order."""
    found = []
    for word in words(text):
        if word not in SWEDISH_STOP_WORDS and word not in found:
            found.append(word)
    return found[:MAX_WORDS]


def words_q(text: str) -> Q:
    """Tickets whose title and description hold every word of `text` (as prefixes).

    A text without searchable words (only stop words or punctuation) matches nothing.
    """
    terms = search_words(text)
    if not terms:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        document = DOCUMENT.format(table=connection.ops.quote_name(TICKET_TABLE))
        condition = RawSQL(
            f"{document} @@ to_tsquery('swedish'::regconfig, %s)",
            [" & ".join(f"{term}:*" for term in terms)],
            output_field=BooleanField(),
        )
        return Q(condition)
    if connection.vendor == "sqlite":
        match = " ".join(f'"{term}"*' for term in terms)
        return Q(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        )
    # Any other database: the same meaning without an index.
    condition = Q()
    for term in terms:
        condition &= Q(title__icontains=term) | Q(description__icontains=term)
    return condition


def number_prefix_q(prefix: str) -> Q:
    """Tickets whose number starts with `prefix` (digits and a dash), by the number's
    unique index: PostgreSQL serves LIKE 'prefix%' from the pattern index Django makes for
    it; SQLite's LIKE is case-insensitive and cannot, so there it is a range."""
    if connection.vendor == "sqlite":
        # Every number with the prefix sorts from the prefix up to (not including) the
        # prefix with its last character one higher ('2026-0001' up to '2026-0002').
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return Q(number__gte=prefix, number__lt=upper)
    return Q(number__startswith=prefix)


# More keys than this and `column_in` leaves them to a subquery.
MAX_LISTED_KEYS = 200


def column_in(column: str, queryset) -> Q:
    """Tickets whose `column` (a foreign key's column) is one of the keys `queryset`
    finds: the customers or people a search names.

    The keys are read first, in a query of their own, and given to the ticket query as
    a list. The planners then know what they are looking for: with no key the
    alternative is left out, with a few they look each up in the ticket's index on the
    column, side by side with the other alternatives of the search. (Given a subquery
    instead, PostgreSQL guessed its size and chose to read every ticket in queue order,
    5 seconds for a word without hits at 100,000 tickets.) A text naming very many
    (more than MAX_LISTED_KEYS) matches so much that reading the queue in its order
    finds a page quickly: then a subquery does.
    """
    queryset = queryset.order_by()
    keys = list(queryset.values_list("pk", flat=True)[: MAX_LISTED_KEYS + 1])
    field = column.removesuffix("_id")
    if not keys:
        return Q(pk__in=[])  # matches nothing; Django leaves it out of an OR
    if len(keys) <= MAX_LISTED_KEYS:
        return Q(**{f"{field}__in": keys})
    return Q(**{f"{field}__in": queryset.values("pk")})


# The SQLite index --------------------------------------------------------------------


def ensure_sqlite_index(using="default", **kwargs) -> bool:
    """After a migrate on SQLite: recreate missing triggers of the ticket index and fill
    the index again if any was missing. True when something was repaired."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT name, type FROM sqlite_master WHERE name = %s OR tbl_name = %s",
            [FTS_TABLE, TICKET_TABLE],
        )
        names = {name for name, _type in cursor.fetchall()}
        if FTS_TABLE not in names:
            return False  # migration 0014 has not run (yet)
        missing = [name for name in SQLITE_TRIGGERS if name not in names]
        if not missing:
            return False
        for statement in SQLITE_TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, description) "
            f"SELECT id, title, description FROM {TICKET_TABLE}"
        )
    return True
