"""Search over the academy's instruction videos and documentation pages.

The same words as the article search (kundcenter.knowledge.text): a query is cut into
plain words, stop words dropped, each stemmed with the Snowball Swedish stemmer. The
academy has a few hundred items at most, so there is no index: one plain query per kind
narrows the candidates with `icontains` on each stem (title, transcript or page text;
the same SQL on SQLite and PostgreSQL, each stem a bound parameter), and Python keeps
the items with a word *starting with* each stem ("fakturor" → "faktur" finds "faktura"
and "fakturering"), ranks them (a title hit outweighs many in the text) and marks the
snippet. Only published videos and pages are ever found.

Items with all the words come first; when none has them all, items with any of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString

from kundcenter.academy.models import DocumentationPage, Video
from kundcenter.knowledge.rendering import plain_text
from kundcenter.knowledge.search import ANY_TERMS
from kundcenter.knowledge.text import highlight, query_words, stem, words

# How many items of each kind one tier looks at: the academy is small; this bounds the
# Python work (stemming transcripts) whatever the query.
CANDIDATES = 60
TITLE_WEIGHT = 5
# Many mentions in a long transcript should not bury a title hit.
MAX_TEXT_HITS = 5


@dataclass(frozen=True)
class AcademyResult:
    """One hit: a published video or documentation page, its rank and an HTML-safe snippet."""

    item: Video | DocumentationPage
    rank: float
    snippet: SafeString

    @property
    def is_video(self) -> bool:
        return isinstance(self.item, Video)

    @property
    def url(self) -> str:
        if self.is_video:
            return reverse("academy:video", args=[self.item.pk])
        return reverse("academy:page", args=[self.item.slug])


def search_academy(query, *, module=None, limit=20) -> list[AcademyResult]:
    """Published videos and documentation pages matching `query`, best first.

    `module` (a Module or its id) keeps only that module's items. Any text is a safe
    query: it is reduced to plain words first, and no words means no results.
    """
    terms = query_words(query or "")
    if not terms or limit <= 0:
        return []
    stems = list(dict.fromkeys(stem(term) for term in terms))
    module_id = getattr(module, "pk", module)
    tiers = ([stems], [[s] for s in stems[:ANY_TERMS]]) if len(stems) > 1 else ([stems],)
    for groups in tiers:
        results = _search(groups, module_id)
        if results:
            results.sort(key=lambda r: (-r.rank, r.item.title.lower(), r.item.pk))
            return results[:limit]
    return []


def _search(groups, module_id) -> list[AcademyResult]:
    """Items matching any group (a group matches when every one of its stems does)."""
    results = []
    sources = (
        (Video.objects.filter(published=True), "transcript", lambda v: v.transcript),
        (DocumentationPage.objects.filter(published=True), "body", lambda p: plain_text(p.body)),
    )
    for queryset, text_field, text_of in sources:
        if module_id is not None:
            queryset = queryset.filter(module_id=module_id)
        narrowed = reduce(
            or_,
            (
                reduce(lambda a, b: a & b, (_contains(s, text_field) for s in group))
                for group in groups
            ),
        )
        for item in queryset.filter(narrowed).select_related("module").order_by("pk")[:CANDIDATES]:
            result = _score(item, text_of(item), groups)
            if result is not None:
                results.append(result)
    return results


def _contains(term_stem, text_field) -> Q:
    # SQLite's LIKE folds ASCII case only: also try the capitalised stem, so a word
    # starting a sentence or a title ("Årsbokslut") is still a candidate.
    variants = dict.fromkeys([term_stem, term_stem.capitalize()])
    return reduce(
        or_,
        (Q(title__icontains=v) | Q(**{f"{text_field}__icontains": v}) for v in variants),
    )


def _score(item, text, groups) -> AcademyResult | None:
    """The item's rank over the groups it matches (more groups, higher), or None."""
    title_words = [(w, stem(w)) for w in words(item.title)]
    text_words = [(w, stem(w)) for w in words(text)]
    rank, matched, found = 0, set(), False
    for group in groups:
        group_rank, group_words = 0, set()
        for term_stem in group:
            title_hits = [w for w, s in title_words if s.startswith(term_stem)]
            text_hits = [w for w, s in text_words if s.startswith(term_stem)]
            if not title_hits and not text_hits:
                break  # this group does not match
            group_rank += TITLE_WEIGHT * len(title_hits) + min(len(text_hits), MAX_TEXT_HITS)
            group_words.update(title_hits + text_hits)
        else:
            found = True
            rank += group_rank
            matched |= group_words
    if not found:
        return None
    # highlight() marks words by their stem: the stems of the words that matched.
    snippet = highlight(text, {stem(w) for w in matched})
    return AcademyResult(item, float(rank), snippet)
