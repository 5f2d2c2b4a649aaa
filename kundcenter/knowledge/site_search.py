"""The one search box: everything customers can read, in one index and one ranking.

Knowledge-base articles, the academy's documentation pages, videos (their transcripts)
and release notes, and the service catalog's orderable services are each a SearchEntry
row (kind, object id, module, category, title, tags, plain-text body, the page's path),
indexed exactly as the articles' own search is (kundcenter.knowledge.search): the same
Python tokens with compound parts, a `tsvector` column ranked with `ts_rank` on
PostgreSQL and an FTS5 table ranked with `bm25` on SQLite, title over tags over body.
A query is read by the same `plan_query` against this index's own vocabulary
(SiteSearchTerm), so compounds, prefixes, typos ("Menade du …") and staff's synonyms
work for every kind alike.

Only what every customer may read is indexed: published articles, pages and videos,
orderable services, and release notes (hidden until their `published_on` day by
`visible_from`). Nothing belongs to one customer. An item saved as a draft, unpublished
or deleted leaves the index in the same transaction (the signals in apps.py);
`manage.py rebuild_search_index` makes it anew. Each source is read with plain SQL, so
the migration that made the index can build it too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, connections
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from kundcenter.accounts.models import Module
from kundcenter.knowledge.models import SearchEntry, SiteSearchTerm
from kundcenter.knowledge.rendering import plain_text
from kundcenter.knowledge.search import (
    POSTGRES_WEIGHTS,
    SQLITE_WINDOW,
    corrected_text,
    count_terms,
    kept_from_window,
    plan_query,
    postgres_query,
    sqlite_query,
    tiers,
)
from kundcenter.knowledge.text import highlight, index_text, query_words

ENTRY_TABLE = SearchEntry._meta.db_table
FTS_TABLE = "knowledge_searchentry_fts"
VOCABULARY = SiteSearchTerm._meta.db_table
# bm25 weights for (visible_from, kind, module, title, tags, body): the first three are
# not indexed (first, so filtering on them does not read the long columns).
SQLITE_WEIGHTS = "0.0, 0.0, 0.0, 10.0, 4.0, 1.0"
Kind = SearchEntry.Kind

# Each kind's source: the SQL of its visible items (id, module, category, title, tags,
# body, address part, visible from) and how a row becomes an entry.
SOURCES = {
    Kind.ARTICLE: (
        "SELECT id, module_id, category, title, tags, body_text, slug, NULL "
        "FROM knowledge_article WHERE status = 'published'",
        lambda body: body,
        lambda pk, slug: reverse("knowledge:article", args=[slug]),
    ),
    Kind.PAGE: (
        "SELECT id, module_id, '', title, '', body, slug, NULL "
        "FROM academy_documentationpage WHERE published = %(true)s",
        plain_text,
        lambda pk, slug: reverse("academy:page", args=[slug]),
    ),
    Kind.VIDEO: (
        "SELECT id, module_id, '', title, '', transcript, '', NULL "
        "FROM academy_video WHERE published = %(true)s",
        lambda body: body,
        lambda pk, slug: reverse("academy:video", args=[pk]),
    ),
    Kind.RELEASE: (
        "SELECT id, module_id, '', title, version, body, '', published_on "
        "FROM academy_releasenote WHERE 1 = 1",
        plain_text,
        lambda pk, slug: reverse("academy:release_note", args=[pk]),
    ),
    Kind.SERVICE: (
        'SELECT id, module_id, "group", name, price_model, description, slug, NULL '
        "FROM catalog_service WHERE active = %(true)s",
        lambda body: body,
        lambda pk, slug: reverse("catalog:service", args=[slug]),
    ),
}
MODEL_KINDS = {
    "knowledge.article": Kind.ARTICLE,
    "academy.documentationpage": Kind.PAGE,
    "academy.video": Kind.VIDEO,
    "academy.releasenote": Kind.RELEASE,
    "catalog.service": Kind.SERVICE,
}
# An article's save that changes none of these leaves its entry as it is (a vote).
ARTICLE_FIELDS = {"title", "tags", "body", "body_text", "status", "module", "category", "slug"}


@dataclass(frozen=True)
class SiteResult:
    """One hit of the one search box: its entry (kind, title, module, path), rank and an
    HTML-safe snippet."""

    entry: SearchEntry
    rank: float
    snippet: SafeString

    @property
    def label(self) -> str:
        """Where it lives: Frågor och svar, Akademin, Video, Versionsnyheter, Tjänster."""
        return self.entry.get_kind_display()

    @property
    def url(self) -> str:
        return self.entry.path


@dataclass(frozen=True)
class SiteOutcome:
    """As search.SearchOutcome: the hits, the "Menade du …" query, and whether the hits
    are the correction's because the query as typed found nothing."""

    results: list
    suggestion: str | None = None
    corrected: bool = False


def search_everything(query, *, module=None, kinds=None, limit=20) -> SiteOutcome:
    """Everything customers can read matching `query`, best first, whatever its kind.

    `module` (a Module or its id) keeps one module's items; `kinds` (SearchEntry.Kind
    values) keeps those kinds. Any text is a safe query.
    """
    terms = query_words(query or "")
    if not terms or limit <= 0:
        return SiteOutcome([])
    planned = plan_query(terms, VOCABULARY)
    as_typed = [w for w in planned if w.corrected is None and w.alternatives]
    corrections = [w for w in planned if w.corrected is not None]
    module_id = getattr(module, "pk", module)
    kinds = sorted(kinds) if kinds else None
    results = _run(as_typed, module_id, kinds, limit) if as_typed else []
    if not corrections:
        return SiteOutcome(results)
    suggestion = corrected_text(query, {w.word: w.corrected for w in corrections})
    usable = [w for w in planned if w.alternatives]
    if results or not usable:
        return SiteOutcome(results, suggestion)
    return SiteOutcome(_run(usable, module_id, kinds, limit), suggestion, corrected=True)


def _run(planned, module_id, kinds, limit) -> list[SiteResult]:
    backend = _postgres_search if connection.vendor == "postgresql" else _sqlite_search
    today = timezone.localdate().isoformat()
    rows = []
    for tier in tiers([w.alternatives for w in planned]):
        rows = backend(tier, today, module_id, kinds, limit)
        if rows:
            break
    if not rows:
        return []
    if len(rows[0]) > 2:  # the hits' fields came with their ranks (PostgreSQL)
        entries = {row[0]: _entry(row[2:]) for row in rows}
    else:
        entries = _entries([row[0] for row in rows])
    tokens = {t for w in planned for a in w.alternatives for t, prefix in a if not prefix}
    prefixes = {t for w in planned for a in w.alternatives for t, prefix in a if prefix}
    seen = {}  # the snippets' words checked once for all the hits
    results = []
    for entry_id, rank, *_fields in rows:
        entry = entries.get(entry_id)
        if entry is not None:
            snippet = highlight(entry.body, tokens, prefixes=prefixes, seen=seen)
            results.append(SiteResult(entry, float(rank), snippet))
    return results


# An entry's fields in the model's order (Model.from_db wants it so), read with its
# module's name and slug: plain SQL, as the ORM's compiling costs more than the query.
ENTRY_FIELDS = [
    "id", "kind", "object_id", "module_id", "category", "title", "tags", "body", "path",
    "visible_from",
]  # fmt: skip
ENTRY_COLUMNS = ", ".join(f"e.{name}" for name in ENTRY_FIELDS) + ", m.name, m.slug"
MODULE_JOIN = f"LEFT JOIN {Module._meta.db_table} m ON m.id = e.module_id"


def _entries(ids) -> dict:
    """{id: SearchEntry} with its module's name, in one plain query."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {ENTRY_COLUMNS} FROM {ENTRY_TABLE} e {MODULE_JOIN} "
            f"WHERE e.id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        return {row[0]: _entry(row) for row in cursor.fetchall()}


def _entry(row) -> SearchEntry:
    """A SearchEntry (and its Module) of a row of ENTRY_COLUMNS."""
    values = list(row[: len(ENTRY_FIELDS)])
    if isinstance(values[-1], str):  # SQLite gives the date as text
        values[-1] = dt.date.fromisoformat(values[-1])
    entry = SearchEntry.from_db(connection.alias, ENTRY_FIELDS, values)
    if entry.module_id is not None:
        entry.module = Module.from_db(
            connection.alias, ["id", "name", "slug"], (entry.module_id, *row[-2:])
        )
    return entry


def _postgres_search(tier, today, module_id, kinds, limit):
    tsquery = postgres_query(*tier)
    where = ["e.search_vector @@ %s::tsquery", "(e.visible_from IS NULL OR e.visible_from <= %s)"]
    params = [POSTGRES_WEIGHTS, tsquery, tsquery, today]
    if module_id is not None:
        where.append("e.module_id = %s")
        params.append(module_id)
    if kinds:
        where.append("e.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")")
        params += kinds
    # Ranked and read in one round trip, as the articles' search does.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.id, r.rank, {ENTRY_COLUMNS} FROM ("
            f"SELECT e.id, ts_rank(%s::float4[], e.search_vector, %s::tsquery) AS rank "
            f"FROM {ENTRY_TABLE} e WHERE {' AND '.join(where)} "
            "ORDER BY rank DESC, e.id LIMIT %s"
            f") r JOIN {ENTRY_TABLE} e ON e.id = r.id {MODULE_JOIN} "
            "ORDER BY r.rank DESC, r.id",
            [*params, limit],
        )
        return cursor.fetchall()


def _sqlite_search(tier, today, module_id, kinds, limit):
    """As the articles' (search._sqlite_search): ranked in the FTS table alone (one
    module's matches kept by the entry table's module index first, reading no row),
    the best WINDOW times `limit` then checked for kind and visibility; only when too
    few of those pass is the ranking done with every filter inside the FTS query,
    which reads each match's stored row."""
    match = sqlite_query(*tier)
    window = limit * SQLITE_WINDOW
    with connection.cursor() as cursor:
        if module_id is not None:
            cursor.execute(
                f"SELECT {FTS_TABLE}.rowid, -bm25({FTS_TABLE}, {SQLITE_WEIGHTS}) AS rank "
                f"FROM {FTS_TABLE} CROSS JOIN {ENTRY_TABLE} e "
                f"WHERE {FTS_TABLE} MATCH %s AND e.module_id = %s AND e.id = {FTS_TABLE}.rowid "
                f"ORDER BY rank DESC, {FTS_TABLE}.rowid LIMIT %s",
                [match, module_id, window],
            )
        else:
            cursor.execute(
                f"SELECT rowid, -bm25({FTS_TABLE}, {SQLITE_WEIGHTS}) AS rank FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s ORDER BY rank DESC, rowid LIMIT %s",
                [match, window],
            )

        def allowed(ids):
            cursor.execute(
                f"SELECT id, kind, visible_from FROM {ENTRY_TABLE} "
                f"WHERE id IN ({', '.join(['%s'] * len(ids))})",
                ids,
            )
            return {
                pk
                for pk, kind, visible_from in cursor.fetchall()
                if (not kinds or kind in kinds)
                and (visible_from is None or str(visible_from) <= today)
            }

        kept = kept_from_window(cursor.fetchall(), window, limit, allowed)
        if kept is not None:
            return kept
        where = [f"{FTS_TABLE} MATCH %s", "(visible_from = '' OR visible_from <= %s)"]
        params = [match, today]
        if module_id is not None:
            where.append("module = %s")
            params.append(module_id)
        if kinds:
            where.append("kind IN (" + ", ".join(["%s"] * len(kinds)) + ")")
            params += kinds
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}, {SQLITE_WEIGHTS}) AS rank FROM {FTS_TABLE} "
            f"WHERE {' AND '.join(where)} ORDER BY rank DESC, rowid LIMIT %s",
            [*params, limit],
        )
        return cursor.fetchall()


# The index -----------------------------------------------------------------------


def _source_rows(kind, conn, ids=None, after=0, batch=None):
    """Entries (as tuples) of `kind`'s visible items: those of `ids`, or the next
    `batch` after id `after`."""
    sql, body_of, path_of = SOURCES[kind]
    sql = sql % {"true": "true" if conn.vendor == "postgresql" else "1"}
    params = []
    if ids is not None:
        sql += f" AND id IN ({', '.join(['%s'] * len(ids))})"
        params += list(ids)
    else:
        sql += " AND id > %s ORDER BY id LIMIT %s"
        params += [after, batch]
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    entries = []
    for pk, module_id, category, title, tags, body, slug, visible_from in found:
        try:
            path = path_of(pk, slug)
        except NoReverseMatch:  # an address its page cannot have: nothing to link to
            continue
        entries.append(
            (kind, pk, module_id, category or "", title, tags or "", body_of(body or ""),
             path, visible_from)
        )  # fmt: skip
    return entries, (found[-1][0] if found else None)


def _current(kind, object_ids, conn):
    """{object id: (entry id, set of its tokens)} of the items' entries now."""
    placeholders = ", ".join(["%s"] * len(object_ids))
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                f"SELECT object_id, id, tsvector_to_array(search_vector) FROM {ENTRY_TABLE} "
                f"WHERE kind = %s AND object_id IN ({placeholders})",
                [kind, *object_ids],
            )
            return {oid: (pk, set(tokens or ())) for oid, pk, tokens in cursor.fetchall()}
        cursor.execute(
            f"SELECT e.object_id, e.id, f.title, f.tags, f.body FROM {ENTRY_TABLE} e "
            f"LEFT JOIN {FTS_TABLE} f ON f.rowid = e.id "
            f"WHERE e.kind = %s AND e.object_id IN ({placeholders})",
            [kind, *object_ids],
        )
        return {
            oid: (pk, set(" ".join(t or "" for t in texts).split()))
            for oid, pk, *texts in cursor.fetchall()
        }


def sync_items(kind, object_ids, *, using="default") -> None:
    """Bring the entries of these items of `kind` in step with them: written anew when
    visible, removed when not (a draft, unpublished, deleted)."""
    conn = connections[using]
    object_ids = list(dict.fromkeys(object_ids))
    if not object_ids:
        return
    old = _current(kind, object_ids, conn)
    rows, _last = _source_rows(kind, conn, ids=object_ids)
    _replace(old, rows, conn)


def _replace(old, rows, conn):
    """Delete the entries in `old` ({object id: (entry id, tokens)}), write `rows`, and
    count the vocabulary's change."""
    changes = {}
    for _pk, tokens in old.values():
        for token in tokens:
            changes[token] = changes.get(token, 0) - 1
    ids = [pk for pk, _tokens in old.values()]
    with conn.cursor() as cursor:
        if ids:
            placeholders = ", ".join(["%s"] * len(ids))
            if conn.vendor == "sqlite":
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", ids)
            cursor.execute(f"DELETE FROM {ENTRY_TABLE} WHERE id IN ({placeholders})", ids)
    if rows:
        entries = SearchEntry.objects.using(conn.alias).bulk_create(
            SearchEntry(
                kind=kind, object_id=oid, module_id=module_id, category=category[:12],
                title=title[:200], tags=tags[:300], body=body, path=path[:300],
                visible_from=visible_from,
            )
            for kind, oid, module_id, category, title, tags, body, path, visible_from in rows
        )  # fmt: skip
        tokenized = [
            (entry.pk, index_text(entry.title), index_text(entry.tags), index_text(entry.body))
            for entry in entries
        ]
        with conn.cursor() as cursor:
            if conn.vendor == "postgresql":
                cursor.executemany(
                    f"UPDATE {ENTRY_TABLE} SET search_vector = "
                    "setweight(to_tsvector('simple', %s), 'A') || "
                    "setweight(to_tsvector('simple', %s), 'B') || "
                    "setweight(to_tsvector('simple', %s), 'C') WHERE id = %s",
                    [(title, tags, body, pk) for pk, title, tags, body in tokenized],
                )
            else:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, visible_from, kind, module, title, tags, "
                    "body) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [
                        (e.pk, str(e.visible_from) if e.visible_from else "", e.kind,
                         e.module_id, title, tags, body)
                        for e, (_pk, title, tags, body) in zip(entries, tokenized, strict=True)
                    ],
                )  # fmt: skip
        for _pk, title, tags, body in tokenized:
            for token in set(f"{title} {tags} {body}".split()):
                changes[token] = changes.get(token, 0) + 1
    count_terms(changes, conn, VOCABULARY)


def rebuild_site_index(batch_size: int = 500, *, using="default") -> int:
    """Index every visible item of every kind anew and count the vocabulary again;
    returns how many entries."""
    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(f"DELETE FROM {ENTRY_TABLE}")
        cursor.execute(f"DELETE FROM {VOCABULARY}")
    count = 0
    for kind in SOURCES:
        last = 0
        while True:
            rows, last = _source_rows(kind, conn, after=last, batch=batch_size)
            if not rows:
                break
            _replace({}, rows, conn)
            count += len(rows)
    return count


def item_saved(sender, instance, update_fields=None, **kwargs):
    kind = MODEL_KINDS[sender._meta.label_lower]
    if (
        kind == Kind.ARTICLE
        and update_fields is not None
        and not ARTICLE_FIELDS & set(update_fields)
    ):
        return
    sync_items(kind, [instance.pk], using=kwargs.get("using") or "default")


def item_deleted(sender, instance, **kwargs):
    conn = connections[kwargs.get("using") or "default"]
    kind = MODEL_KINDS[sender._meta.label_lower]
    _replace(_current(kind, [instance.pk], conn), [], conn)
