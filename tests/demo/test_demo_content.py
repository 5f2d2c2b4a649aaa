"""`manage.py load_demo` fills the academy and the service catalog: a demo customer who
opens them sees content, not empty pages, and loading again duplicates none of it."""

import datetime as dt
import hashlib
import io
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kundcenter.academy import notice
from kundcenter.academy.models import (
    Course,
    DocumentationPage,
    Enrolment,
    MaterialRequest,
    ReleaseNote,
    Session,
    Video,
)
from kundcenter.accounts.models import User
from kundcenter.catalog.models import Feedback, Product, ProductRelease, Service
from kundcenter.demo import content as demo_content
from kundcenter.demo import data as demo_data

pytestmark = pytest.mark.django_db

COUNTED = (
    ReleaseNote,
    DocumentationPage,
    Video,
    Course,
    Session,
    Enrolment,
    Service,
    Product,
    ProductRelease,
    Feedback,
    MaterialRequest,
)


@pytest.fixture(autouse=True)
def _fresh_release_notice():
    """The newest release note is cached per process; a rolled-back test must not leak it."""
    notice.clear_cache()
    yield
    notice.clear_cache()


def load_demo():
    call_command("load_demo", force=True, stdout=StringIO())


def person(key):
    email = next(p.email for p in demo_data.PEOPLE if p.key == key)
    return User.objects.get(email=email)


@pytest.fixture
def lena(client):
    """SuperUser of Norrlands El & VVS AB (Ekonomi, Lön, Projekt, Tidrapportering,
    Fakturering), logged in after the demo is loaded."""
    load_demo()
    client.force_login(person("lena"))
    return client


def test_academy_shows_release_notes_documentation_videos_and_trainings(lena):
    page = lena.get(reverse("academy:index")).content.decode()

    for note in demo_content.RELEASE_NOTES:
        assert note.title in page
    for doc in demo_content.PAGES:
        assert doc.title in page
    for video in demo_content.VIDEOS:
        assert video.title in page
    for course in demo_content.COURSES:
        assert course.title in page
    # The newest release note is recent and announces itself on every page.
    newest = ReleaseNote.objects.first()
    assert newest.title == demo_content.RELEASE_NOTES[0].title
    assert (timezone.localdate() - newest.published_on).days <= 4
    assert f"New release: {newest.module.name} {newest.version}." in page


def test_academy_search_finds_a_word_said_only_in_a_video(lena):
    word = "favoritprojekt"
    assert not DocumentationPage.objects.filter(body__icontains=word).exists()
    assert not Video.objects.filter(title__icontains=word).exists()

    page = lena.get(reverse("academy:index"), {"q": word}).content.decode()

    assert "1 video or page matches" in page
    video = Video.objects.get(title="Rapportera tid i mobilappen")
    assert reverse("academy:video", args=[video.pk]) in page


def test_documentation_and_video_pages_open(lena):
    doc = DocumentationPage.objects.get(slug=demo_content.PAGES[0].slug)
    page = lena.get(reverse("academy:page", args=[doc.slug])).content.decode()
    assert "<strong>Ekonomi → Bank → Läs in fil</strong>" in page

    video = Video.objects.get(title="Så gör du en lönekörning")
    page = lena.get(reverse("academy:video", args=[video.pk])).content.decode()
    assert "Definitiv lönekörning" in page
    assert video.url in page


def test_trainings_have_upcoming_weekday_sessions_one_nearly_full(lena):
    now = timezone.now()
    sessions = Session.objects.all()
    assert sessions.count() >= len(demo_content.COURSES)
    for session in sessions:
        assert session.starts_at > now
        assert timezone.localtime(session.starts_at).weekday() < 5

    index = lena.get(reverse("academy:index")).content.decode()
    assert "sessions, the next" in index
    assert "No sessions planned." not in index

    course = Course.objects.get(title="Lön – grundutbildning")
    page = lena.get(reverse("academy:course", args=[course.pk])).content.decode()
    assert "1 of 6 free" in page  # nearly full
    assert "Cancel my enrolment" in page  # Lena is one of the five enrolled
    assert "Classroom training" in page and "Web training" in page


def test_services_page_lists_the_brochure_groups_with_prices(lena):
    page = lena.get(reverse("catalog:services")).content.decode()

    for group in Service.Group:
        assert str(group.label) in page
    for name in ("Installation av kassaklient", "Konsulttimmar", "Löneoutsourcing"):
        assert name in page
    assert "1 150 kr per timme" in page
    assert "Konvertering av data från tidigare system" in page

    service = Service.objects.get(slug="anpassad-utbildning-hos-er")
    detail = lena.get(reverse("catalog:service", args=[service.slug])).content.decode()
    assert "Halvdag 9 800 kr" in detail
    assert "Send order" in detail  # Lena is a SuperUser: she may order it


def test_downloads_show_the_licensed_products_releases_and_files_download(lena):
    page = lena.get(reverse("catalog:downloads")).content.decode()

    # Norrlands El licenses Tidrapportering and Ekonomi, not Order or Lager.
    assert "Tidterminal" in page and "Rapportverktyg för Excel" in page
    assert "Kassaklient" not in page
    for version in ("3.1.0", "3.2.0", "2.8.3", "2.9.0"):
        assert version in page

    release = ProductRelease.objects.get(product__slug="tidterminal", version="3.2.0")
    assert release.sha256 in page
    response = lena.get(reverse("catalog:download", args=["tidterminal", release.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == release.sha256
    assert len(content) == release.size
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "Tidterminal 3.2.0" in archive.read("LASMIG.txt").decode()


def test_a_customer_of_another_licence_downloads_the_cash_register_client(client):
    load_demo()
    client.force_login(person("johan"))  # Lindqvists Livs AB: Order and Lager

    page = client.get(reverse("catalog:downloads")).content.decode()

    assert "Kassaklient" in page and "5.4.2" in page
    assert "Tidterminal" not in page


def test_feedback_and_material_requests_come_from_demo_customers():
    load_demo()
    customers = {person(key) for key in ("lena", "johan", "camilla", "birgitta", "anders")}
    assert Feedback.objects.count() >= 2
    assert {f.user for f in Feedback.objects.all()} <= customers
    assert {r.user for r in MaterialRequest.objects.all()} <= customers


def test_loading_twice_creates_no_academy_or_catalog_content_twice():
    load_demo()
    first = {model.__name__: model.objects.count() for model in COUNTED}
    files = sorted(ProductRelease.objects.values_list("file", flat=True))

    load_demo()

    assert {model.__name__: model.objects.count() for model in COUNTED} == first
    assert sorted(ProductRelease.objects.values_list("file", flat=True)) == files
    assert first["ReleaseNote"] == len(demo_content.RELEASE_NOTES)
    assert first["Service"] == len(demo_content.SERVICES)
    assert all(count > 0 for count in first.values()), first


def test_a_course_whose_sessions_have_passed_gets_new_ones():
    later = timezone.now() + dt.timedelta(days=120)
    load_demo()
    before = Session.objects.count()

    demo_data.load(now=later)

    assert Session.objects.filter(starts_at__gt=later).count() == before
    assert Course.objects.count() == len(demo_content.COURSES)
