"""Words for search: tokens, Swedish stop words, the Snowball Swedish stemmer and the
compound parts (kundcenter.knowledge.compounds).

Both databases index the tokens made here (`index_text`): each word's stem, then the
stems of its compound parts, so "leverantörsreskontra" is indexed as leverantörsreskontr,
leverantör and reskontr. Queries are read into the same tokens. The stop words are
PostgreSQL's (Snowball's) Swedish list.
"""

import re
import threading
from functools import lru_cache
from html import escape
from itertools import islice

from django.utils.safestring import SafeString, mark_safe

# Letters and digits only: everything a query language could read as an operator
# (quotes, * ^ : ( ) - + ; ' and so on) separates words and is never passed on.
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_TERMS = 24
# Snippets look for the first match within this many words of an article.
SCAN_WORDS = 2000
# Longer texts are listed word by word only as far as the scan for a hit goes.
LONG_TEXT = 50_000

SWEDISH_STOP_WORDS = frozenset(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de
    av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid
    kunde något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla
    under någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt
    ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess
    inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt
    våra ert era vilkas
    """.split()  # noqa: SIM905 - the list as PostgreSQL ships it, easy to compare
) | frozenset(
    # Words of customers' questions that say nothing about the subject.
    "in ska får gör går finns vill måste behöver också bara även hos".split()  # noqa: SIM905
)

_local = threading.local()


def _stemmer():
    # Snowball stemmer objects keep state while stemming: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        # Imported on first use: every process loads this module at start-up (the search
        # index's signal handlers), and most never search.
        import snowballstemmer

        stemmer = _local.stemmer = snowballstemmer.stemmer("swedish")
    return stemmer


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def stemmed_text(text: str) -> str:
    """`text` as space-separated stems (no compound parts)."""
    return " ".join(stem(w) for w in words(text) if w not in SWEDISH_STOP_WORDS)


@lru_cache(maxsize=200_000)
def word_tokens(word: str) -> tuple[str, ...]:
    """The index tokens of one lower-case word: its stem first, then the stems of its
    compound parts and of their parts (bankavstämningen → bankavstämning, bank,
    avstämning)."""
    from kundcenter.knowledge.compounds import split

    tokens = [stem(word)]
    for part in split(word):
        for token in (stem(part), *(stem(p) for p in split(part))):
            if token not in tokens:
                tokens.append(token)
    return tuple(tokens)


def index_text(text: str) -> str:
    """`text` as space-separated index tokens: what both databases index."""
    return " ".join(
        token for w in words(text) if w not in SWEDISH_STOP_WORDS for token in word_tokens(w)
    )


def query_words(query: str, limit: int = MAX_QUERY_TERMS) -> list[str]:
    """The distinct, meaningful words of a customer's query, in order, at most `limit`.

    Stop words and one-letter words are dropped: they match nearly every article.
    """
    seen, result = set(), []
    for word in words(query):
        if word in SWEDISH_STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        if word not in seen:
            seen.add(word)
            result.append(word)
            if len(result) == limit:
                break
    return result


def highlight(
    text: str,
    stems: set[str],
    *,
    prefixes=(),
    max_words: int = 30,
    lead: int = 8,
    seen: dict | None = None,
) -> SafeString:
    """A window of `text` around the first matching word, HTML-escaped, with every
    matching word wrapped in <mark>: a word matches if one of its tokens (its stem or
    a compound part's) is in `stems` or starts with one of `prefixes`. Starts at the
    beginning when none match. `seen` ({word: matches}) may be shared by the snippets
    of one search (same stems and prefixes): each distinct word is read once."""
    prefixes = tuple(prefixes)
    if seen is None:
        seen = {}
    # The words scanned for the first hit, listed in C (a per-word Python loop was most
    # of a search's time); a very long text only as far as the scan goes.
    scan = SCAN_WORDS + max_words
    if len(text) <= LONG_TEXT:
        words = WORD.findall(text)
    else:
        words = [m.group() for m in islice(WORD.finditer(text), scan + max_words)]
    if not words:
        return mark_safe("")
    scanned = words[:scan] if len(words) > scan else words

    def matches(word):
        found = seen.get(word)
        if found is None:
            tokens = word_tokens(word.lower())
            found = seen[word] = not stems.isdisjoint(tokens) or (
                bool(prefixes) and any(t.startswith(prefixes) for t in tokens)
            )
        return found

    for word in set(scanned).difference(seen):
        matches(word)
    first_hit = next((i for i, word in enumerate(scanned) if seen[word]), None)
    first = max(0, first_hit - lead) if first_hit is not None else 0
    last = min(len(words), first + max_words)
    window = list(islice(WORD.finditer(text), first, last))
    parts = ["… " if first else ""]
    # Escaped a stretch at a time, between the marked words (escape() is the cost here).
    position, end = window[0].start(), window[-1].end()
    if first_hit is not None:
        for match in window[first_hit - first :]:
            if matches(match.group()):
                parts.append(escape(text[position : match.start()]))
                parts.append(f"<mark>{escape(match.group())}</mark>")
                position = match.end()
    parts.append(escape(text[position:end]))
    if WORD.search(text, end):
        parts.append(" …")
    return mark_safe("".join(parts))  # every piece of text is escaped above
