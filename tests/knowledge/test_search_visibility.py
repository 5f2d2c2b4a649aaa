"""Drafts never reach customers through search; the module filter keeps to its module."""

from kundcenter.accounts.models import Module
from kundcenter.knowledge.models import Article
from kundcenter.knowledge.search import search_articles
from tests.knowledge.helpers import make_article, titles


def test_drafts_are_not_found_by_customers_or_anonymously(db, superuser_a, customer_user_a):
    make_article("Faktura via Peppol", "Publicerad.")
    make_article("Faktura utkast", "Hemlig text.", status=Article.Status.DRAFT)

    assert titles(search_articles("faktura")) == ["Faktura via Peppol"]
    assert titles(search_articles("faktura", user=superuser_a)) == ["Faktura via Peppol"]
    assert titles(search_articles("faktura", user=customer_user_a)) == ["Faktura via Peppol"]
    assert search_articles("hemlig") == []


def test_staff_find_drafts_too(db, specialist_hantverk):
    make_article("Faktura utkast", "Hemlig text.", status=Article.Status.DRAFT)

    assert titles(search_articles("hemlig", user=specialist_hantverk)) == ["Faktura utkast"]


def test_a_published_article_turned_draft_disappears_from_search(db):
    article = make_article("Semesterårsskifte", "Spara semesterdagar.")
    assert titles(search_articles("semesterårsskifte")) == ["Semesterårsskifte"]

    article.status = Article.Status.DRAFT
    article.save()

    assert search_articles("semesterårsskifte") == []


def test_the_module_filter_keeps_to_the_module(db):
    make_article("Attest av leverantörsfaktura", "Attestflöde.", module="attest")
    make_article("Attest av tidrapport", "Attestera tid.", module="tidrapportering")
    make_article("Attest i allmänhet", "Attest.", module=None)
    tid = Module.objects.get(slug="tidrapportering")

    assert len(search_articles("attest")) == 3
    assert titles(search_articles("attest", module=tid)) == ["Attest av tidrapport"]
    assert titles(search_articles("attest", module=tid.pk)) == ["Attest av tidrapport"]


def test_edits_and_deletes_reach_the_index(db):
    article = make_article("Flyttad rubrik", "Gammal text om traktamente.")
    article.body = "Ny text om förmånsbil."
    article.save()

    assert search_articles("traktamente") == []
    assert titles(search_articles("förmånsbil")) == ["Flyttad rubrik"]

    article.delete()
    assert search_articles("förmånsbil") == []


def test_published_articles_are_found_behind_a_window_of_better_ranked_drafts(db):
    """SQLite ranks a window of the best matches first and filters after; when drafts
    fill the whole window, the published articles behind them are still found."""
    from kundcenter.knowledge.search import SQLITE_WINDOW

    limit = 2
    for n in range(limit * SQLITE_WINDOW + 2):
        make_article(
            f"Traktamente traktamente utkast {n}",
            "Traktamente traktamente.",
            tags="traktamente",
            status=Article.Status.DRAFT,
        )
    make_article("Resor", "Regler för traktamente.")
    make_article("Utlandsresa", "Om traktamente utomlands.")

    assert sorted(titles(search_articles("traktamente", limit=limit))) == [
        "Resor",
        "Utlandsresa",
    ]


def test_the_window_step_keeps_the_allowed_and_says_when_it_cannot_decide():
    from kundcenter.knowledge.search import kept_from_window

    ranked = [(1, 9.0), (2, 8.0), (3, 7.0), (4, 6.0)]
    assert kept_from_window([], 4, 2, lambda ids: set(ids)) == []
    assert kept_from_window(ranked, 4, 2, lambda ids: {2, 3, 4}) == [(2, 8.0), (3, 7.0)]
    # A full window with too few allowed: the caller must rank with its filters.
    assert kept_from_window(ranked, 4, 2, lambda ids: {4}) is None
    # A window that was not full held every match: what passed is the answer.
    assert kept_from_window(ranked, 6, 2, lambda ids: {4}) == [(4, 6.0)]
