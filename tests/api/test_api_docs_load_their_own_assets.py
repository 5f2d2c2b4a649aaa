"""The API documentation page loads Swagger UI from our own static files, which the
site's Content-Security-Policy allows (script-src 'self'), not from a CDN it blocks."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _assets(html: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)


def test_the_docs_page_names_only_same_origin_assets(client):
    response = client.get(reverse("api-v1:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    assets = _assets(html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for url in assets:
        assert url.startswith("/") and not url.startswith("//"), url
    assert "cdn" not in html.lower()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp


def test_every_asset_of_the_docs_page_loads(client):
    html = client.get(reverse("api-v1:openapi-view")).content.decode()
    for url in _assets(html):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, url


def test_the_openapi_schema_the_page_reads_loads(client):
    response = client.get(reverse("api-v1:openapi-json"))
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Kundcenter API"
