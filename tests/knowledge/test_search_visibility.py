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
