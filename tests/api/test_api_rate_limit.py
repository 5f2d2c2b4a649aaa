"""Each token may make API_RATE_LIMIT_PER_MINUTE calls a minute; then 429 with
Retry-After, counted per token (another token is not slowed)."""

import pytest
from django.core.cache import cache

from tests.api.helpers import as_person


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    cache.clear()
    yield
    cache.clear()


def test_the_call_after_the_limit_is_429_with_retry_after(client, superuser_a, superuser_b):
    headers = as_person(superuser_a)
    for _ in range(3):
        assert client.get("/api/v1/tickets", **headers).status_code == 200
    response = client.get("/api/v1/tickets", **headers)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "3 calls a minute" in response.json()["detail"]
    assert client.get("/api/v1/tickets", **as_person(superuser_b)).status_code == 200


def test_zero_switches_the_limit_off(client, settings, superuser_a):
    settings.API_RATE_LIMIT_PER_MINUTE = 0
    headers = as_person(superuser_a)
    assert all(client.get("/api/v1/tickets", **headers).status_code == 200 for _ in range(5))
