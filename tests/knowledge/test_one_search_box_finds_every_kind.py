"""The one search box finds what customers can read wherever it lives (articles, academy
pages, video transcripts, release notes, services), labelled, with compounds, typos and
synonyms alike, and never what they may not read. Runs on SQLite and PostgreSQL."""

import datetime as dt
import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from kundcenter.academy.models import DocumentationPage, ReleaseNote, Video
from kundcenter.accounts.models import Module
from kundcenter.catalog.models import Service
from kundcenter.knowledge.models import Article, SearchEntry, SiteSearchTerm, Synonym
from kundcenter.knowledge.site_search import search_everything
from tests.knowledge.helpers import make_article

SEARCH = reverse("search")


def _video(title, transcript, **extra):
    return Video.objects.create(
        module=Module.objects.get(slug="lon"),
        title=title,
        length=dt.timedelta(minutes=4),
        url="https://video.example/1",
        transcript=transcript,
        **extra,
    )


def _hits(query, **kwargs):
    with translation.override("sv"):
        return [(r.label, r.entry.title) for r in search_everything(query, **kwargs).results]


def test_an_answer_only_in_a_video_transcript_is_found_from_questions_and_answers(
    client, customer_user_a
):
    make_article("Lönekörning steg för steg", "Så kör du lönen varje månad.", module="lon")
    video = _video(
        "Nyheter i lön hösten",
        "I den här filmen visar vi hur du lägger upp ett friskvårdsbidrag som förmån.",
    )
    client.force_login(customer_user_a)

    page = client.get(reverse("knowledge:index")).content.decode()
    action = re.search(r'<form method="get" action="([^"]+)"[^>]*role="search"', page).group(1)
    response = client.get(action, {"q": "friskvårdsbidraget"})

    assert action == SEARCH
    hits = response.context["results"]
    assert [(h.label, h.entry.title) for h in hits] == [("Video", "Nyheter i lön hösten")]
    html = response.content.decode()
    assert reverse("academy:video", args=[video.pk]) in html
    assert ">Video</span>" in html


def test_every_kind_is_labelled_with_where_it_lives(db):
    lon = Module.objects.get(slug="lon")
    make_article("Semesterlön vid deltid", "Semesterlönen räknas om.", module="lon")
    DocumentationPage.objects.create(
        module=lon, title="Handbok semester", slug="handbok-semester", body="Om **semester**."
    )
    _video("Film om semesterdagar", "Semesterdagar sparas vid årsskiftet.")
    ReleaseNote.objects.create(
        module=lon, version="2026.3", title="Ny semesterberäkning", body="Semester enligt lag."
    )
    Service.objects.create(
        group=Service.Group.PAYROLL,
        name="Semesteruppföljning som tjänst",
        slug="semesteruppfoljning",
        description="Vi sköter semestern åt er.",
        price_model="Per månad",
    )

    labels = {label for label, _title in _hits("semester")}

    assert labels == {"Frågor och svar", "Akademin", "Video", "Versionsnyheter", "Tjänster"}


def test_compounds_typos_and_synonyms_apply_to_every_kind(db):
    _video("Leverantörsreskontran i praktiken", "Leverantörsreskontran visar skulderna.")
    Service.objects.create(
        group=Service.Group.CONSULTING,
        name="Genomgång av lönespecifikationen",
        slug="genomgang",
        description="En konsult går igenom lönespecifikationen med er.",
        price_model="Fast pris",
    )
    Synonym.objects.create(term="lönespec", means="lönespecifikation")

    assert _hits("reskontra för leverantörer") == [("Video", "Leverantörsreskontran i praktiken")]
    assert _hits("lev reskontra") == [("Video", "Leverantörsreskontran i praktiken")]
    outcome = search_everything("leverantörsreskontarn")
    assert outcome.suggestion == "leverantörsreskontran"
    assert [r.entry.title for r in outcome.results] == ["Leverantörsreskontran i praktiken"]
    assert _hits("lönespec") == [("Tjänster", "Genomgång av lönespecifikationen")]


def test_what_customers_may_not_read_is_never_found(db):
    lon = Module.objects.get(slug="lon")
    make_article("Friskvård utkast", "Friskvård hemligt.", status=Article.Status.DRAFT)
    DocumentationPage.objects.create(
        module=lon, title="Friskvård intern", slug="fv", body="Friskvård.", published=False
    )
    _video("Friskvård film", "Friskvård.", published=False)
    ReleaseNote.objects.create(
        module=lon,
        version="2099.1",
        title="Friskvård kommande",
        body="Friskvård.",
        published_on=timezone.localdate() + dt.timedelta(days=3),
    )
    Service.objects.create(
        group=Service.Group.MICRO, name="Friskvård", slug="fv", description="x", price_model="x",
        active=False,
    )  # fmt: skip

    assert _hits("friskvård") == []


def test_an_item_leaves_the_box_when_unpublished_and_comes_back_when_published(db):
    article = make_article("Friskvårdsbidrag", "Bidraget betalas ut.")
    assert _hits("friskvårdsbidrag") == [("Frågor och svar", "Friskvårdsbidrag")]

    article.status = Article.Status.DRAFT
    article.save()
    assert _hits("friskvårdsbidrag") == []
    assert not SiteSearchTerm.objects.filter(term__startswith="friskvård").exists()

    article.status = Article.Status.PUBLISHED
    article.save()
    assert _hits("friskvårdsbidrag") == [("Frågor och svar", "Friskvårdsbidrag")]
    article.delete()
    assert not SearchEntry.objects.exists()


def test_the_index_is_rebuilt_by_a_command(db):
    _video("Friskvård i filmen", "Friskvårdsbidrag.")
    SearchEntry.objects.all().delete()
    assert _hits("friskvård") == []

    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert _hits("friskvård") == [("Video", "Friskvård i filmen")]


def test_the_header_has_the_search_box(client, customer_user_a):
    client.force_login(customer_user_a)

    html = client.get(reverse("portal:list")).content.decode()

    assert f'action="{SEARCH}"' in html
    assert 'id="header-search"' in html


def test_hostile_queries_are_plain_words(client, customer_user_a):
    client.force_login(customer_user_a)
    for query in ['"x" OR 1', "lön'; DROP TABLE knowledge_searchentry; --", "NEAR(a b)", "*"]:
        assert client.get(SEARCH, {"q": query}).status_code == 200
