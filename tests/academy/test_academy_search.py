"""Searching the academy: words in a video's transcript or a documentation page find it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from kundcenter.academy.models import DocumentationPage, Video
from kundcenter.academy.search import search_academy
from kundcenter.accounts.models import Module


def make_video(title="Skicka påminnelser", transcript="", published=True, module="ekonomi"):
    return Video.objects.create(
        module=Module.objects.get(slug=module),
        title=title,
        length=timedelta(minutes=4, seconds=30),
        url="https://video.example/1",
        transcript=transcript,
        published=published,
    )


def make_page(title="Bokslut steg för steg", body="", published=True, module="ekonomi"):
    return DocumentationPage.objects.create(
        module=Module.objects.get(slug=module),
        title=title,
        slug=title.lower().replace(" ", "-"),
        body=body,
        published=published,
    )


def test_a_word_in_the_transcript_finds_the_video(client, customer_user_a):
    video = make_video(
        transcript="Här visar vi hur du skickar en påminnelse när en faktura är obetald."
    )
    make_video("Lönekörning", transcript="Så kör du lönen varje månad.")
    client.force_login(customer_user_a)

    page = client.get(reverse("academy:index"), {"q": "fakturor"}).content.decode()

    assert "1 video or page matches “fakturor”" in page
    assert reverse("academy:video", args=[video.pk]) in page
    assert "<mark>faktura</mark>" in page
    assert "Lönekörning</strong>" not in page


def test_documentation_pages_are_found_by_their_text(db):
    page = make_page(body="## Avstämning\n\nFölj **rutinen** innan du låser perioden.")

    results = search_academy("rutiner")

    assert [r.item for r in results] == [page]
    assert "<mark>rutinen</mark>" in results[0].snippet
    assert "**" not in results[0].snippet


def test_a_title_hit_ranks_above_a_transcript_mention(db):
    mention = make_video("Kundreskontra", transcript="Även en faktura kan krediteras här.")
    titled = make_video("Faktura från början", transcript="Vi skapar en ny kund.")

    assert [r.item for r in search_academy("faktura")] == [titled, mention]


def test_all_words_first_then_any(db):
    both = make_video("Påminnelse", transcript="Påminnelse på en obetald faktura.")
    one = make_video("Faktura", transcript="Skapa en faktura.")

    assert [r.item for r in search_academy("faktura påminnelse")] == [both]
    assert [r.item for r in search_academy("faktura kvitto")] == [one, both]


def test_drafts_and_unpublished_items_are_not_found(client, customer_user_a):
    make_video("Hemlig film", transcript="Ny faktura i nästa version.", published=False)
    make_page("Hemlig sida", body="Ny faktura i nästa version.", published=False)
    client.force_login(customer_user_a)

    page = client.get(reverse("academy:index"), {"q": "faktura"}).content.decode()

    assert search_academy("faktura") == []
    assert "Hemlig" not in page
    assert "No video or documentation page matches." in page


def test_module_choice_narrows_the_search(client, customer_user_a):
    make_video("Faktura", transcript="faktura", module="ekonomi")
    other = make_video("Lön och faktura", transcript="faktura", module="lon")
    client.force_login(customer_user_a)

    page = client.get(reverse("academy:index"), {"q": "faktura", "module": "lon"}).content.decode()

    assert "1 video or page matches" in page
    assert reverse("academy:video", args=[other.pk]) in page


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE academy_video; --",
        '" OR 1=1 --',
        "%_%",
        "<script>alert(1)</script>",
        "faktura* NEAR(x) AND ^ :",
        "\x00\x02\x03",
        "och att i",  # stop words only
        "x" * 5000,
    ],
)
def test_hostile_queries_are_harmless(client, customer_user_a, query):
    make_video("Faktura", transcript="Skicka en faktura. <b>fet</b> text 100% säker.")
    client.force_login(customer_user_a)

    response = client.get(reverse("academy:index"), {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Video.objects.count() == 1


def test_snippets_are_escaped(db):
    make_video("Faktura", transcript="<script>alert(1)</script> en faktura")

    snippet = search_academy("faktura")[0].snippet

    assert "<script>" not in snippet
    assert "&lt;/script&gt;" in snippet
    assert "<mark>faktura</mark>" in snippet


def test_search_does_a_constant_number_of_queries(
    client, customer_user_a, django_assert_max_num_queries
):
    for n in range(3):
        make_video(f"Faktura {n}", transcript="faktura")
    client.force_login(customer_user_a)
    url = reverse("academy:index")
    with django_assert_max_num_queries(20) as small:
        client.get(url, {"q": "faktura"})
    for n in range(30):
        make_video(f"Fakturering {n}", transcript="faktura")
        make_page(f"Fakturasida {n}", body="faktura")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url, {"q": "faktura"}).content.decode()
    assert "20 videos and pages match" in page
