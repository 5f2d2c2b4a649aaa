"""Full-text search over the articles, one function for both databases.

All the language work is done in Python (kundcenter.knowledge.text), so both databases
index the same tokens and read a query the same way:

- Each word of an article is indexed as its Snowball stem and the stems of its
  compound parts, split with the Hunspell Swedish dictionary (kundcenter.knowledge.
  compounds): "leverantörsreskontran" → leverantörsreskontran, leverantör, reskontr.
  So "reskontra för leverantörer" and "leverantörsreskontra" find the same article.
- PostgreSQL: a plain `tsvector` column (`search_vector`, migration 0004) that we fill
  from those tokens with the 'simple' configuration (no stemming of its own: the
  tokens are already stems), title weight A, tags B, body C; GIN index; `ts_rank`.
  SQLite: an FTS5 table (`knowledge_article_fts`, rowid = article id, with the status
  and module unindexed) of the same tokens, ranked with `bm25`, the title weighted
  highest; ranked in the FTS table alone, the best hits' status checked after, or
  one module's matches kept by the article table's index first (see _sqlite_search).
  Signals keep both in step with every save and delete of an article (index_articles
  / unindex_articles).
- The vocabulary (SearchTerm: each token and how many articles have it) is kept in step
  with the index on both databases; it tells which query words are unknown.

A query word becomes a group of alternatives, any of which will do: its stem; all its
compound parts (when no article has them all: its last part, or else any known
part); what staff's synonyms say it means (Synonym: lönespec →
lönespecifikation). A word the vocabulary does not know is read as the beginning of
a word when some indexed token begins with it ("lev" → leverantör), else corrected
to the nearest known token (trigram distance on PostgreSQL, pg_trgm; on SQLite the
tokens with the same first letter and a similar length; both then chosen by
Damerau-Levenshtein distance with rapidfuzz, then by how many articles have them).
A corrected query is offered as "Menade du …", and searched by itself when the query
as typed finds nothing.

Articles with every word's group are found first; when none has them all, articles
with any of them (more of them ranks higher). A customer's text never reaches a query
language as it stands: tokens are letters and digits only, passed as quoted FTS5
strings or tsquery lexemes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.utils.safestring import SafeString

from kundcenter.accounts.models import Module
from kundcenter.knowledge.access import may_edit_articles
from kundcenter.knowledge.compounds import split
from kundcenter.knowledge.models import Article, SearchTerm, Synonym
from kundcenter.knowledge.text import (
    highlight,
    index_text,
    query_words,
    stem,
    word_tokens,
)

FTS_TABLE = "knowledge_article_fts"
TERM_TABLE = SearchTerm._meta.db_table
# bm25 column weights for (status, module, title, tags, body): the first two are not
# indexed; a word in the title outweighs many in the body.
SQLITE_WEIGHTS = (0.0, 0.0, 10.0, 4.0, 1.0)
# ts_rank weights for {D, C, B, A}: body C, tags B, title A.
POSTGRES_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"
MARK_START, MARK_STOP = "\x02", "\x03"
# SQLite ranks this many times the page of results before filtering (see _sqlite_search).
SQLITE_WINDOW = 3
INDEXED_FIELDS = {"title", "tags", "body", "body_text", "status", "module"}
# When no article has all the words: the words of which any one will do.
ANY_TERMS = 8
# A word is read as the start of a longer one ("lev") only from this length.
MIN_PREFIX = 3
# Misspelt words are corrected only from this length, by at most this many edits.
MIN_CORRECTED = 4
CANDIDATES = 40
# The ticket's category reorders the best this many times the suggestions shown.
CATEGORY_WINDOW = 3


def max_edits(length: int) -> int:
    return 1 if length < 8 else 2


@dataclass
class QueryWord:
    """One word of a query and the alternatives that match it: each alternative a tuple
    of (token, is_prefix) pairs that an article must all have."""

    word: str
    alternatives: list = field(default_factory=list)
    corrected: str | None = None  # the word it was corrected to


@dataclass(frozen=True)
class SearchResult:
    """One hit: the article, its rank (higher is better) and an HTML-safe snippet."""

    article: Article
    rank: float
    snippet: SafeString


@dataclass(frozen=True)
class SearchOutcome:
    """What a search page shows: the hits; `suggestion`, a corrected query to offer as
    "Menade du …" (None when nothing was corrected); `corrected` is true when the hits
    are those of the suggestion because the query as typed found nothing."""

    results: list
    suggestion: str | None = None
    corrected: bool = False


def search(query, *, module=None, user=None, limit=20) -> SearchOutcome:
    """Articles matching `query`, best first, and the correction of misspelt words.

    `module` (a Module or its id) keeps only that module's articles. Drafts are found
    only for staff (`user` may be None: published articles only). Any text is a safe
    query: it is reduced to plain words first, and no words means no results.
    """
    terms = query_words(query or "")
    if not terms or limit <= 0:
        return SearchOutcome([])
    if connection.vendor not in ("postgresql", "sqlite"):
        raise ImproperlyConfigured("Article search supports PostgreSQL and SQLite only.")
    planned = plan_query(terms)
    as_typed = [w for w in planned if w.corrected is None and w.alternatives]
    corrections = [w for w in planned if w.corrected is not None]
    results = _run(as_typed, module, user, limit) if as_typed else []
    if not corrections:
        return SearchOutcome(results)
    suggestion = corrected_text(query, {w.word: w.corrected for w in corrections})
    if results:
        return SearchOutcome(results, suggestion)
    usable = [w for w in planned if w.alternatives]
    if not usable:
        return SearchOutcome([], suggestion)
    return SearchOutcome(_run(usable, module, user, limit), suggestion, corrected=True)


def search_articles(query, *, module=None, user=None, limit=20) -> list[SearchResult]:
    """The hits of `search` (corrected automatically when the query finds nothing)."""
    return search(query, module=module, user=user, limit=limit).results


def suggest_articles(
    title, description="", *, module=None, category=None, limit=5
) -> list[SearchResult]:
    """Published articles for a new ticket's title and description (the live
    suggestions): the title's words first, as they say the most; only when that finds
    nothing, the title and the description together. With the ticket's `module` (a
    Module or its id), that module's articles come first, then any others; with its
    `category` (a ticket Category value), among each of those the articles answering
    that kind of ticket come first, from the best CATEGORY_WINDOW times `limit`."""
    window = limit * CATEGORY_WINDOW if category else limit
    module_id = getattr(module, "pk", module)
    results = _suggest(title, description, module_id, window)
    if module_id is not None and len(results) < window:
        seen = {r.article.pk for r in results}
        others = _suggest(title, description, None, window)
        results += [r for r in others if r.article.pk not in seen][: window - len(results)]
    if category:
        # A stable sort: each group keeps the search's order.
        results.sort(
            key=lambda r: (
                module_id is not None and r.article.module_id != module_id,
                r.article.category != category,
            )
        )
    return results[:limit]


def _suggest(title, description, module, limit):
    results = search_articles(title, module=module, limit=limit)
    if not results and description.strip():
        results = search_articles(f"{title} {description}", module=module, limit=limit)
    return results


# Reading a query ------------------------------------------------------------------


def plan_query(terms: list[str], vocabulary: str = TERM_TABLE) -> list[QueryWord]:
    """The query words with their alternatives (see the module docstring), checked
    against `vocabulary` (the articles' SearchTerm table, or the one search box's).
    Costs one query, one more when a word has synonyms, and one per unknown word."""
    keys = sorted({stem(t) for t in terms})
    planned = [QueryWord(term, _alternatives(term)) for term in terms]
    parts = {w.word: [stem(p) for p in split(w.word)] for w in planned}
    tokens = sorted(
        {t for w in planned for a in w.alternatives for t, _ in a}
        | {t for found in parts.values() for t in found}
    )
    # Which words begin an indexed token, in case they turn out unknown (a cheap index
    # probe each, asked now rather than in a round trip of its own).
    probes = sorted({t for t in terms if len(t) >= MIN_PREFIX})
    # One round trip for the look-ups every search makes (raw SQL: the ORM's compiling
    # costs more than the queries): the words' synonyms, which of their tokens the
    # vocabulary knows, and which words begin a token.
    synonyms, known, prefixes = {}, set(), set()
    params = [*keys, *tokens]
    sql = (
        f'SELECT "key", means, id FROM {Synonym._meta.db_table} '
        f'WHERE "key" IN ({", ".join(["%s"] * len(keys))}) '
        f"UNION ALL SELECT NULL, term, 0 FROM {vocabulary} "
        f"WHERE term IN ({', '.join(['%s'] * len(tokens))})"
    )
    for probe in probes:
        sql += f" UNION ALL SELECT '', %s, -1 WHERE EXISTS ({_prefix_sql(vocabulary)})"
        params += [probe, *_prefix_params(probe)]
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY 3", params)
        for key, value, _id in cursor.fetchall():
            if key is None:
                known.add(value)
            elif key == "":
                prefixes.add(value)
            else:
                synonyms.setdefault(key, []).append(value)
    for query_word in planned:
        for means in synonyms.get(stem(query_word.word), ()):
            alternative = tuple((stem(w), False) for w in query_words(means))
            if alternative and alternative not in query_word.alternatives:
                query_word.alternatives.append(alternative)
    # The synonyms' words, only when there are any: a second look-up.
    known |= _known_tokens(
        vocabulary,
        {t for w in planned for a in w.alternatives for t, _ in a} - set(tokens),
    )
    misspelt = []
    for query_word in planned:
        term = query_word.word
        query_word.alternatives = [
            a for a in query_word.alternatives if all(t in known for t, _ in a)
        ]
        # A compound no article has whole: its head, the last part, says what it is
        # (betalningspåminnelse → påminnelse; articles with every part still rank
        # first); without a known head, any part the articles know (momsredovisning →
        # moms).
        if parts[term] and word_tokens(term)[0] not in known:
            head = parts[term][-1]
            known_parts = [t for t in parts[term] if t in known]
            if head in known:
                query_word.alternatives.append(((head, False),))
            elif not query_word.alternatives:
                query_word.alternatives = [((t, False),) for t in dict.fromkeys(known_parts)]
        if query_word.alternatives:
            continue
        if term in prefixes:
            query_word.alternatives = [((term, True),)]
            continue
        if stem(term) in synonyms:
            # A word staff gave a meaning is meant as typed: never "corrected" into
            # another word (its synonyms found nothing yet: an answer still to write).
            continue
        misspelt.append(query_word)
    # The misspelt words' nearest tokens, all in one round trip.
    candidates = _candidates(vocabulary, [w.word for w in misspelt])
    for query_word in misspelt:
        term = query_word.word
        correction = _correction(term, candidates.get(term))
        if correction is not None:
            token, corrected = correction
            # Spelt right but stemmed apart from the indexed form (restordrar and
            # restorder): used as it is, nothing to ask the customer.
            query_word.corrected = corrected if corrected != term else None
            query_word.alternatives = [((token, False),)]
    return planned


def _alternatives(term: str) -> list:
    tokens = word_tokens(term)
    alternatives = [((tokens[0], False),)]
    parts = split(term)
    if parts:
        alternative = tuple(dict.fromkeys((stem(p), False) for p in parts))
        if alternative not in alternatives:
            alternatives.append(alternative)
    return alternatives


def _known_tokens(vocabulary, tokens) -> set[str]:
    if not tokens:
        return set()
    tokens = sorted(tokens)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term FROM {vocabulary} WHERE term IN ({', '.join(['%s'] * len(tokens))})",
            tokens,
        )
        return {row[0] for row in cursor.fetchall()}


def _prefix_sql(vocabulary) -> str:
    """A condition on the tokens beginning with a word, as a range an index reads
    (PostgreSQL: the pattern operators of the term's varchar_pattern_ops index, byte
    order whatever the collation); the word is letters and digits only."""
    if connection.vendor == "postgresql":
        return f"SELECT 1 FROM {vocabulary} WHERE term ~>=~ %s AND term ~<~ %s"
    return f"SELECT 1 FROM {vocabulary} WHERE term >= %s AND term < %s"


def _prefix_params(prefix: str) -> list:
    return [prefix, prefix + "\U0010ffff"]


def _candidates(vocabulary, terms) -> dict:
    """{word: {token: article count}}: the tokens near each word's stem that
    `_correction` chooses from (pg_trgm's nearest on PostgreSQL; on SQLite those with
    the same first letter and a similar length), for all the words in one query."""
    wanted = {}
    for term in terms:
        token = stem(term)
        if len(token) >= MIN_CORRECTED:
            wanted[term] = token
    if not wanted:
        return {}
    selects, params = [], []
    for term, token in wanted.items():
        if connection.vendor == "postgresql":
            selects.append(
                f"(SELECT %s, term, article_count FROM {vocabulary} "
                f"ORDER BY term <-> %s LIMIT {CANDIDATES})"
            )
            params += [term, token]
        else:
            limit = max_edits(len(token))
            selects.append(
                f"SELECT %s, term, article_count FROM {vocabulary} "
                "WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s"
            )
            first = token[0]
            params += [term, first, first + "\U0010ffff", len(token) - limit, len(term) + limit]
    found = {term: {} for term in wanted}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        for term, candidate, count in cursor.fetchall():
            if len(candidate) >= MIN_CORRECTED and candidate != wanted[term]:
                found[term][candidate] = count
    return found


def _correction(term: str, counts: dict | None) -> tuple[str, str] | None:
    """The word `term` was probably meant to be: of the `counts` ({token: article
    count}, from `_candidates`), the token nearest to its beginning, with the rest of
    it kept as its ending (fakutran → fakturan, avskrivnigar → avskrivningar): (token,
    word), or None when none is near enough."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    if not counts:
        return None
    token = stem(term)
    limit = max_edits(len(token))
    # The nearest few by the stem (in C), then each compared with the word's beginning.
    nearest = process.extract(
        token, list(counts), scorer=OSA.distance, score_cutoff=limit + 2, limit=CANDIDATES
    )
    best = None
    for candidate, _score, _index in nearest:
        for cut in range(
            max(1, len(candidate) - limit), min(len(term), len(candidate) + limit) + 1
        ):
            distance = OSA.distance(term[:cut], candidate, score_cutoff=limit)
            if distance > limit:
                continue
            key = (distance, -counts[candidate], len(term) - cut, candidate)
            if best is None or key < best:
                best = key
                corrected = candidate + term[cut:]
    if best is None:
        return None
    return best[-1], corrected


def corrected_text(query: str, corrections: dict) -> str:
    """`query` with each corrected word replaced, the rest as typed."""

    def replace(match):
        return corrections.get(match.group().lower(), match.group())

    return re.sub(r"[^\W_]+", replace, query).strip()


# Running it -----------------------------------------------------------------------


def _run(planned, module, user, limit) -> list[SearchResult]:
    module_id = getattr(module, "pk", module)
    statuses = (
        [Article.Status.PUBLISHED, Article.Status.DRAFT]
        if may_edit_articles(user)
        else [Article.Status.PUBLISHED]
    )
    backend = _postgres_search if connection.vendor == "postgresql" else _sqlite_search
    rows = []
    for groups in tiers([w.alternatives for w in planned]):
        rows = backend(groups, module_id, statuses, limit)
        if rows:
            break
    if not rows:
        return []
    if len(rows[0]) > 2:  # the hits' fields came with their ranks (PostgreSQL)
        articles = {row[0]: _article(row[2:]) for row in rows}
    else:
        articles = _articles([row[0] for row in rows])
    tokens = {t for w in planned for a in w.alternatives for t, prefix in a if not prefix}
    prefixes = {t for w in planned for a in w.alternatives for t, prefix in a if prefix}
    seen = {}  # the snippets' words checked once for all the hits
    results = []
    for article_id, rank, *_fields in rows:
        article = articles.get(article_id)
        if article is None:  # deleted between the two queries
            continue
        snippet = highlight(article.body_text, tokens, prefixes=prefixes, seen=seen)
        results.append(SearchResult(article, float(rank), snippet))
    return results


# What a hit shows, in the model's field order (Model.from_db wants it so); the body and
# the counters are left deferred. Read with its module's name and slug.
HIT_FIELDS = ["id", "module_id", "title", "slug", "body_text", "tags", "status", "category"]
HIT_COLUMNS = ", ".join(f"a.{name}" for name in HIT_FIELDS) + ", m.name, m.slug"
MODULE_JOIN = f"LEFT JOIN {Module._meta.db_table} m ON m.id = a.module_id"


def _articles(ids) -> dict:
    """{id: Article} with its module's name, read with one plain query: on every search,
    the ORM's compiling and building of the rows cost more than reading them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {HIT_COLUMNS} FROM knowledge_article a {MODULE_JOIN} "
            f"WHERE a.id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        found = cursor.fetchall()
    return {row[0]: _article(row) for row in found}


def _article(row) -> Article:
    """An Article (and its Module) of a row of HIT_COLUMNS."""
    article = Article.from_db(connection.alias, HIT_FIELDS, row[: len(HIT_FIELDS)])
    if article.module_id is not None:
        article.module = Module.from_db(
            connection.alias, ["id", "name", "slug"], (article.module_id, *row[-2:])
        )
    return article


def tiers(groups):
    """The wider queries tried in turn until one finds something: first every word's
    group, then any of the first ANY_TERMS words' groups. Each is (groups, all)."""
    if len(groups) > 1:
        yield (groups, True)
    yield (groups[:ANY_TERMS], False)


def postgres_query(groups, every: bool) -> str:
    def lexeme(token, prefix):
        return f"'{token}':*" if prefix else f"'{token}'"

    def group(alternatives):
        return " | ".join(
            "(" + " & ".join(lexeme(t, p) for t, p in alternative) + ")"
            for alternative in alternatives
        )

    return (" & " if every else " | ").join(f"({group(g)})" for g in groups)


def _postgres_search(tier, module_id, statuses, limit):
    groups, every = tier
    tsquery = postgres_query(groups, every)
    params = [POSTGRES_WEIGHTS, tsquery, tsquery, *statuses]
    where = [
        "a.search_vector @@ %s::tsquery",
        "a.status IN (" + ", ".join(["%s"] * len(statuses)) + ")",
    ]
    if module_id is not None:
        where.append("a.module_id = %s")
        params.append(module_id)
    conditions = " AND ".join(where)
    # Ranked and read in one round trip: the best `limit` matches' ids and ranks, then
    # their fields (20 look-ups by key).
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT r.id, r.rank, {HIT_COLUMNS} FROM (
                SELECT a.id, ts_rank(%s::float4[], a.search_vector, %s::tsquery) AS rank
                FROM knowledge_article a
                WHERE {conditions}
                ORDER BY rank DESC, a.id
                LIMIT %s
            ) r
            JOIN knowledge_article a ON a.id = r.id {MODULE_JOIN}
            ORDER BY r.rank DESC, r.id
            """,
            [*params, limit],
        )
        return cursor.fetchall()


def sqlite_query(groups, every: bool) -> str:
    # Quoted FTS5 strings of letters and digits only: no operator can slip through.
    def string(token, prefix):
        return f'"{token}"*' if prefix else f'"{token}"'

    def group(alternatives):
        return " OR ".join(
            "(" + " AND ".join(string(t, p) for t, p in alternative) + ")"
            for alternative in alternatives
        )

    return (" AND " if every else " OR ").join(f"({group(g)})" for g in groups)


def _sqlite_search(tier, module_id, statuses, limit):
    """Ranked in the FTS table alone first (reading no row's content: cheap however
    many articles match), then the best are checked for status; only when too few of
    those pass is the ranking done again with the filter inside it. One module's
    matches are kept by the article table's (module, status) index before ranking."""
    groups, every = tier
    match = sqlite_query(groups, every)
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    if module_id is not None:
        # One module's: each match's article looked up in the (module, status) index
        # (a few B-tree steps, no row read) and only those kept ranked; 4-6 times
        # cheaper than filtering on the FTS table's own columns, which reads each
        # match's stored row, and than ranking every match first.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {FTS_TABLE}.rowid, -bm25({FTS_TABLE}, {weights}) AS rank "
                f"FROM {FTS_TABLE} CROSS JOIN knowledge_article a "
                f"WHERE {FTS_TABLE} MATCH %s AND a.id = {FTS_TABLE}.rowid "
                "AND a.module_id = %s AND a.status IN ("
                + ", ".join(["%s"] * len(statuses))
                + f") ORDER BY rank DESC, {FTS_TABLE}.rowid LIMIT %s",
                [match, module_id, *statuses, limit],
            )
            return cursor.fetchall()
    window = limit * SQLITE_WINDOW
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}, {weights}) AS rank FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY rank DESC, rowid LIMIT %s",
            [match, window],
        )

        def allowed(ids):
            cursor.execute(
                "SELECT id, status, module_id FROM knowledge_article "
                f"WHERE id IN ({', '.join(['%s'] * len(ids))})",
                ids,
            )
            return {pk for pk, status, _module in cursor.fetchall() if status in statuses}

        kept = kept_from_window(cursor.fetchall(), window, limit, allowed)
        if kept is not None:
            return kept
        params = [match, *statuses]
        where = [
            f"{FTS_TABLE} MATCH %s",
            "status IN (" + ", ".join(["%s"] * len(statuses)) + ")",
        ]
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}, {weights}) AS rank FROM {FTS_TABLE} "
            f"WHERE {' AND '.join(where)} ORDER BY rank DESC, rowid LIMIT %s",
            [*params, limit],
        )
        return cursor.fetchall()


def kept_from_window(ranked, window: int, limit: int, allowed) -> list | None:
    """SQLite's rank-then-filter step (this module's and the site search's): of `ranked`,
    the (rowid, rank) rows of the best `window` matches ranked in the FTS table alone,
    the first `limit` whose ids `allowed(ids)` keeps. None when the window was full and
    too few passed: the caller then ranks with its filters inside the FTS query."""
    if not ranked:
        return []
    passed = allowed([row[0] for row in ranked])
    kept = [row for row in ranked if row[0] in passed][:limit]
    return kept if len(kept) == limit or len(ranked) < window else None


# The index -----------------------------------------------------------------------


def _rows(articles):
    """(id, status, module id, title tokens, tags tokens, body tokens) of (id, status,
    module id, title, tags, body_text)."""
    return [
        (pk, status, module_id, index_text(title), index_text(tags), index_text(body))
        for pk, status, module_id, title, tags, body in articles
    ]


def index_articles(articles, *, using="default") -> None:
    """Write the articles' tokens into the index and count them in the vocabulary."""
    rows = [(a.pk, a.status, a.module_id, a.title, a.tags, a.body_text) for a in articles]
    _write_index(rows, connections[using])


def _write_index(articles, conn) -> None:
    rows = _rows(articles)
    if not rows:
        return
    ids = [row[0] for row in rows]
    old = _indexed_tokens(ids, conn)
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.executemany(
                "UPDATE knowledge_article SET search_vector = "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'C') WHERE id = %s",
                [(title, tags, body, pk) for pk, _status, _module, title, tags, body in rows],
            )
        else:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in ids])
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, status, module, title, tags, body) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                rows,
            )
    changes = {}
    for pk, _status, _module, title, tags, body in rows:
        new = set(f"{title} {tags} {body}".split())
        before = old.get(pk, set())
        for token in new - before:
            changes[token] = changes.get(token, 0) + 1
        for token in before - new:
            changes[token] = changes.get(token, 0) - 1
    count_terms(changes, conn)


def _indexed_tokens(ids, conn) -> dict:
    """The tokens each article has in the index now: {id: set}."""
    placeholders = ", ".join(["%s"] * len(ids))
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT id, tsvector_to_array(search_vector) FROM knowledge_article "
                f"WHERE id IN ({placeholders}) AND search_vector IS NOT NULL",
                ids,
            )
            return {pk: set(tokens) for pk, tokens in cursor.fetchall()}
        cursor.execute(
            f"SELECT rowid, title, tags, body FROM {FTS_TABLE} WHERE rowid IN ({placeholders})",
            ids,
        )
        return {pk: set(" ".join(texts).split()) for pk, *texts in cursor.fetchall()}


def count_terms(changes: dict, conn, vocabulary: str = TERM_TABLE) -> None:
    """Add `changes` ({token: +n or -n}) to the vocabulary; drop tokens no article has."""
    changes = {t: n for t, n in changes.items() if n}
    if not changes:
        return
    added = sorted((t[:100], n) for t, n in changes.items() if n > 0)
    removed = sorted((-n, t[:100]) for t, n in changes.items() if n < 0)
    with conn.cursor() as cursor:
        if added:
            cursor.executemany(
                f"INSERT INTO {vocabulary} (term, article_count) VALUES (%s, %s) "
                f"ON CONFLICT (term) DO UPDATE SET "
                f"article_count = {vocabulary}.article_count + excluded.article_count",
                added,
            )
        if removed:
            # Never below zero (a CHECK constraint), even if the counts were off.
            cursor.executemany(
                f"UPDATE {vocabulary} SET article_count = CASE WHEN article_count > %s "
                "THEN article_count - %s ELSE 0 END WHERE term = %s",
                [(n, n, t) for n, t in removed],
            )
            cursor.execute(f"DELETE FROM {vocabulary} WHERE article_count = 0")


def unindex_articles(article_ids, *, using="default") -> None:
    """Take the articles out of the vocabulary's counts and (SQLite) the FTS table.
    Called before the rows are deleted: PostgreSQL's tokens go with the row."""
    conn = connections[using]
    ids = list(article_ids)
    if not ids:
        return
    old = _indexed_tokens(ids, conn)
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in ids])
    changes = {}
    for tokens in old.values():
        for token in tokens:
            changes[token] = changes.get(token, 0) - 1
    count_terms(changes, conn)


def rebuild_index(batch_size: int = 500, *, using="default") -> int:
    """Index every article again and count the vocabulary anew; returns how many
    articles. For after bulk changes and a new dictionary; the migration that made the
    index runs it too, so it reads the table directly rather than through the model."""
    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("UPDATE knowledge_article SET search_vector = NULL")
        else:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(f"DELETE FROM {TERM_TABLE}")
    count, last = 0, 0
    while True:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT id, status, module_id, title, tags, body_text FROM knowledge_article "
                "WHERE id > %s ORDER BY id LIMIT %s",
                [last, batch_size],
            )
            batch = cursor.fetchall()
        if not batch:
            return count
        _write_index(batch, conn)
        count += len(batch)
        last = batch[-1][0]


def article_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not INDEXED_FIELDS & set(update_fields):
        return  # a counter changed, not the text
    index_articles([instance], using=kwargs.get("using") or "default")


def article_deleting(sender, instance, **kwargs):
    unindex_articles([instance.pk], using=kwargs.get("using") or "default")
