"""Full-text search over the articles, one function for both databases.

PostgreSQL: a stored, generated `tsvector` column (`search_vector`, made by migration
0002 with the `swedish` configuration: title weight A, tags and body weight B) with a GIN
index; ranked with `ts_rank`, snippets by `ts_headline`.

SQLite: an FTS5 table (`knowledge_article_fts`, rowid = article id) holding the words
stemmed in Python with the Snowball Swedish stemmer (kundcenter.knowledge.text); the
query is stemmed the same way and ranked with `bm25`, the title weighted highest.
Signals keep it in step with every save and delete of an article.

A customer's query is never handed to a query language as it stands: it is cut into
plain words (letters and digits), stop words dropped. Articles with all the words are
found first; when none has them all, articles with any of them (an article matching
more of them ranks higher). Each word reaches the database as a bound parameter
(PostgreSQL: `plainto_tsquery` per word; SQLite: a quoted FTS5 string of letters and
digits only).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kundcenter.knowledge.access import may_edit_articles
from kundcenter.knowledge.models import Article
from kundcenter.knowledge.text import highlight, query_words, stem, stemmed_text

FTS_TABLE = "knowledge_article_fts"
# bm25 column weights for (title, tags, body): a word in the title outweighs many in the body.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
# The snippet markers: control characters never left in body_text (see rendering.py),
# so after escaping the snippet they can only be ours.
MARK_START, MARK_STOP = "\x02", "\x03"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords=30, MinWords=12, "
    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)
INDEXED_FIELDS = {"title", "tags", "body", "body_text"}
# When no article has all the words: the words of which any one will do.
ANY_TERMS = 8


@dataclass(frozen=True)
class SearchResult:
    """One hit: the article, its rank (higher is better) and an HTML-safe snippet."""

    article: Article
    rank: float
    snippet: SafeString


def search_articles(query, *, module=None, user=None, limit=20) -> list[SearchResult]:
    """Articles matching `query`, best first.

    `module` (a Module or its id) keeps only that module's articles. Drafts are found
    only for staff (`user` may be None: published articles only). Any text is a safe
    query: it is reduced to plain words first, and no words means no results.
    """
    terms = query_words(query or "")
    if not terms or limit <= 0:
        return []
    module_id = getattr(module, "pk", module)
    statuses = (
        [Article.Status.PUBLISHED, Article.Status.DRAFT]
        if may_edit_articles(user)
        else [Article.Status.PUBLISHED]
    )
    if connection.vendor == "postgresql":
        backend = _postgres_search
    elif connection.vendor == "sqlite":
        backend = _sqlite_search
    else:
        raise ImproperlyConfigured("Article search supports PostgreSQL and SQLite only.")
    rows = []
    for groups in _tiers(terms):
        rows = backend(groups, module_id, statuses, limit)
        if rows:
            break
    if not rows:
        return []
    # The Markdown is not needed for a result; the plain text only for SQLite snippets.
    unused = ["body"] if rows[0][2] is None else ["body", "body_text"]
    articles = (
        Article.objects.select_related("module").defer(*unused).in_bulk([row[0] for row in rows])
    )
    stems = {stem(term) for term in terms}
    results = []
    for article_id, rank, headline in rows:
        article = articles.get(article_id)
        if article is None:  # deleted between the two queries
            continue
        snippet = _marked(headline) if headline is not None else highlight(article.body_text, stems)
        results.append(SearchResult(article, float(rank), snippet))
    return results


def suggest_articles(title, description="", *, limit=5) -> list[SearchResult]:
    """Published articles for a new ticket's title and description (the live
    suggestions): the title's words first, as they say the most; only when that finds
    nothing, the title and the description together."""
    results = search_articles(title, limit=limit)
    if not results and description.strip():
        results = search_articles(f"{title} {description}", limit=limit)
    return results


def _tiers(terms):
    """The wider queries tried in turn until one finds something, each a list of word
    groups (an article matches a group if it has all its words, and the query if it
    matches any group): first all the words, then any of the first ANY_TERMS words.

    A ticket description rarely has all its words in one article. Its first words (the
    title comes first) say the most, and every extra alternative makes the database
    rank more articles.
    """
    if len(terms) > 1:
        yield [terms]
    yield [[term] for term in terms[:ANY_TERMS]]


def _postgres_search(groups, module_id, statuses, limit):
    # Each word through plainto_tsquery (never a syntax error); PostgreSQL's own text
    # form of the result is then passed back as one tsquery parameter.
    expression = " || ".join(
        "(" + " && ".join(["plainto_tsquery('swedish', %s)"] * len(group)) + ")" for group in groups
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({expression})::text", [w for group in groups for w in group])
        tsquery = cursor.fetchone()[0]
        if not tsquery:
            return []
        params = [tsquery, *statuses]
        where = [
            "a.search_vector @@ %s::tsquery",
            "a.status IN (" + ", ".join(["%s"] * len(statuses)) + ")",
        ]
        if module_id is not None:
            where.append("a.module_id = %s")
            params.append(module_id)
        conditions = " AND ".join(where)
        # The headline is made only for the page of results, in the outer query.
        cursor.execute(
            f"""
            SELECT top.id, top.rank, ts_headline('swedish', a.body_text, %s::tsquery, %s)
            FROM (
                SELECT a.id, ts_rank(a.search_vector, %s::tsquery) AS rank
                FROM knowledge_article a
                WHERE {conditions}
                ORDER BY rank DESC, a.id
                LIMIT %s
            ) top
            JOIN knowledge_article a ON a.id = top.id
            ORDER BY top.rank DESC, top.id
            """,
            [tsquery, HEADLINE_OPTIONS, tsquery, *params, limit],
        )
        return cursor.fetchall()


def _sqlite_search(groups, module_id, statuses, limit):
    # Quoted FTS5 strings of letters and digits only: no operator can slip through.
    alternatives = dict.fromkeys(
        " AND ".join(f'"{s}"' for s in dict.fromkeys(stem(w) for w in group)) for group in groups
    )
    match = " OR ".join(f"({a})" for a in alternatives)
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    params = [match, *statuses]
    where = [
        f"{FTS_TABLE} MATCH %s",
        "a.status IN (" + ", ".join(["%s"] * len(statuses)) + ")",
    ]
    if module_id is not None:
        where.append("a.module_id = %s")
        params.append(module_id)
    params.append(limit)
    conditions = " AND ".join(where)
    sql = f"""
        SELECT a.id, -bm25({FTS_TABLE}, {weights}) AS rank, NULL
        FROM {FTS_TABLE} JOIN knowledge_article a ON a.id = {FTS_TABLE}.rowid
        WHERE {conditions}
        ORDER BY rank DESC, a.id
        LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _marked(headline: str) -> SafeString:
    """ts_headline's text, escaped, then its markers turned into <mark> elements."""
    html = str(escape(headline)).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # escaped above; the markers are ours


# The SQLite index --------------------------------------------------------------------


def uses_fts_table() -> bool:
    return connection.vendor == "sqlite"


def index_articles(articles) -> None:
    """Write the articles' stemmed words into the SQLite index (no-op on PostgreSQL,
    where the generated column follows every write by itself)."""
    if not uses_fts_table():
        return
    rows = [
        (a.pk, stemmed_text(a.title), stemmed_text(a.tags), stemmed_text(a.body_text))
        for a in articles
    ]
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(r[0],) for r in rows])
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, tags, body) VALUES (%s, %s, %s, %s)", rows
        )


def unindex_articles(article_ids) -> None:
    if not uses_fts_table():
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in article_ids]
        )


def rebuild_index(batch_size: int = 500) -> int:
    """Index every article again (SQLite); returns how many. For after bulk changes."""
    if not uses_fts_table():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
    count = 0
    queryset = Article.objects.only("pk", "title", "tags", "body_text").order_by("pk")
    batch = []
    for article in queryset.iterator(chunk_size=batch_size):
        batch.append(article)
        if len(batch) == batch_size:
            index_articles(batch)
            count += len(batch)
            batch = []
    index_articles(batch)
    return count + len(batch)


def article_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not INDEXED_FIELDS & set(update_fields):
        return  # a counter changed, not the text
    index_articles([instance])


def article_deleted(sender, instance, **kwargs):
    unindex_articles([instance.pk])
