"""The project's Redis cache backend behaves as Django's, sharing one client per connection pool."""

import os

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from intranet.cache import RedisCache

REDIS_URL = os.environ.get("PAGE_CACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError as exc:
        if IN_CI:
            pytest.fail(f"Redis at {REDIS_URL} is unreachable ({exc}); CI=true requires it")
        pytest.skip(f"Redis at {REDIS_URL} is unreachable ({exc})")
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "redis-cache-test"})
    yield cache
    cache.clear()


def test_it_stores_reads_counts_and_deletes_as_djangos_backend_does(redis_cache):
    django_cache = DjangoRedisCache(REDIS_URL, {"KEY_PREFIX": "redis-cache-test"})
    redis_cache.set("policy", {"title": "Social Media Policy"}, 60)
    assert django_cache.get("policy") == {"title": "Social Media Policy"}
    assert redis_cache.add("policy", "other", 60) is False
    redis_cache.set("count", 1)
    assert redis_cache.incr("count") == 2
    assert redis_cache.get_many(["policy", "count", "missing"]) == {
        "policy": {"title": "Social Media Policy"},
        "count": 2,
    }
    redis_cache.delete("policy")
    assert django_cache.get("policy") is None


def test_one_client_serves_every_call(redis_cache):
    redis_cache.get("warm")
    assert redis_cache._cache.get_client("a") is redis_cache._cache.get_client("b", write=True)
