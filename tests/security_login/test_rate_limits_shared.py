"""Rate limits count in Redis when it is configured, so every server process counts
together; when Redis is down the site still answers."""

import uuid

import redis
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from kundcenter.lib import ratelimit

# A database no other test uses, and a prefix of this run's own: runs side by side never
# see each other's counts.
REDIS_CACHE_URL = "redis://127.0.0.1:6379/12"


def _request(ip):
    request = RequestFactory().post("/registrera/", REMOTE_ADDR=ip)
    request.user = None
    return request


def test_rate_limit_counts_are_shared_through_redis(db):
    prefix = f"kundcenter-test-{uuid.uuid4().hex}"
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": prefix,
        }
    }
    raw = redis.Redis.from_url(REDIS_CACHE_URL)
    with override_settings(CACHES=shared):
        for _ in range(3):
            assert ratelimit.hit("register", _request("10.9.9.9"), per_hour=3) == 0
        # A new connection, as another server process would open, sees the same count.
        caches.close_all()
        del caches["default"]
        assert ratelimit.hit("register", _request("10.9.9.9"), per_hour=3) > 0
        assert ratelimit.hit("register", _request("10.9.9.8"), per_hour=3) == 0
    keys = [key.decode() for key in raw.keys(f"{prefix}:*")]
    assert any("ratelimit:register:ip:10.9.9.9" in key for key in keys)
    raw.delete(*keys)


def test_an_unreachable_cache_does_not_stop_the_site(db):
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=down):
        assert ratelimit.hit("login", _request("10.9.9.7"), per_hour=1) == 0
        assert ratelimit.hit("login", _request("10.9.9.7"), per_hour=1) == 0


def test_settings_use_redis_for_the_cache_when_redis_is_configured(monkeypatch, tmp_path):
    from tests.test_settings_env import fresh_settings

    monkeypatch.setenv("KUNDCENTER_TESTING", "0")
    probe = fresh_settings(monkeypatch, tmp_path, REDIS_URL="redis://127.0.0.1:6379/0")
    assert probe.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert probe.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/0"
    probe = fresh_settings(monkeypatch, tmp_path, CACHE_URL="redis://cache:6379/2")
    assert probe.CACHES["default"]["LOCATION"] == "redis://cache:6379/2"
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("CACHE_URL", raising=False)
    probe = fresh_settings(monkeypatch, tmp_path)
    assert probe.CACHES["default"]["BACKEND"].endswith("LocMemCache")
