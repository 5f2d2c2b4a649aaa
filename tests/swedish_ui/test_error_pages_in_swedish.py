"""The 404 and 500 pages are our own, in the reader's language, not Django's English."""

from django.test import Client, override_settings
from django.urls import path

from kundcenter.urls import urlpatterns as site_patterns


def _fails(request):
    raise RuntimeError("boom")


urlpatterns = [*site_patterns, path("test-fails/", _fails)]


def test_a_missing_page_answers_in_swedish(client, db):
    response = client.get("/finns-inte/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Sidan finns inte" in text
    assert "Not Found" not in text
    assert "Tillbaka till startsidan" in text


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_answers_in_swedish_without_the_database(db, django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/test-fails/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Något gick fel" in text
    assert "Server Error" not in text
